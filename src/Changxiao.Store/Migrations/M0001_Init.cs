using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Changxiao.Store.Migrations;

/// <summary>
/// Hand-written (the EF design package is not installable here; see docs/decisions/0002).
/// Column types are left to each provider's mapping of the CLR type, so one migration serves
/// SQLite and PostgreSQL.
/// </summary>
[DbContext(typeof(ChangxiaoDb))]
[Migration("0001_Init")]
public sealed class M0001_Init : Migration
{
    protected override void Up(MigrationBuilder b)
    {
        b.CreateTable("units", t => new
        {
            id = t.Column<Guid>(nullable: false),
            code = t.Column<string>(maxLength: 64, nullable: false),
            name = t.Column<string>(maxLength: 100, nullable: false),
            kind = t.Column<string>(maxLength: 64, nullable: false),
            parent_id = t.Column<Guid>(nullable: true),
            path = t.Column<string>(maxLength: 1000, nullable: false),
            depth = t.Column<int>(nullable: false),
        }, constraints: t => t.PrimaryKey("pk_units", x => x.id));
        b.CreateIndex("ux_units_code", "units", "code", unique: true);
        b.CreateIndex("ix_units_path", "units", "path");
        b.CreateIndex("ix_units_parent", "units", "parent_id");

        b.CreateTable("people", t => new
        {
            id = t.Column<Guid>(nullable: false),
            code = t.Column<string>(maxLength: 64, nullable: false),
            name = t.Column<string>(maxLength: 50, nullable: false),
            unit_id = t.Column<Guid>(nullable: false),
            phone = t.Column<string>(maxLength: 20, nullable: true),
            email = t.Column<string>(maxLength: 200, nullable: true),
        }, constraints: t => t.PrimaryKey("pk_people", x => x.id));
        b.CreateIndex("ux_people_code", "people", "code", unique: true);
        b.CreateIndex("ix_people_unit", "people", "unit_id");

        b.CreateTable("posts", t => new
        {
            id = t.Column<Guid>(nullable: false),
            unit_id = t.Column<Guid>(nullable: false),
            title = t.Column<string>(maxLength: 100, nullable: false),
            rank = t.Column<string>(maxLength: 20, nullable: false),
            holder_id = t.Column<Guid>(nullable: true),
        }, constraints: t => t.PrimaryKey("pk_posts", x => x.id));
        b.CreateIndex("ix_posts_unit", "posts", "unit_id");
        b.CreateIndex("ix_posts_holder", "posts", "holder_id");

        b.CreateTable("role_assignments", t => new
        {
            id = t.Column<Guid>(nullable: false),
            person_id = t.Column<Guid>(nullable: false),
            role = t.Column<string>(maxLength: 64, nullable: false),
            unit_id = t.Column<Guid>(nullable: false),
            subtree = t.Column<bool>(nullable: false),
        }, constraints: t => t.PrimaryKey("pk_role_assignments", x => x.id));
        b.CreateIndex("ux_role_assignments", "role_assignments", new[] { "person_id", "role", "unit_id" }, unique: true);

        b.CreateTable("accounts", t => new
        {
            id = t.Column<Guid>(nullable: false),
            username = t.Column<string>(maxLength: 64, nullable: false),
            person_id = t.Column<Guid>(nullable: false),
            password_hash = t.Column<string>(maxLength: 200, nullable: false),
            security_stamp = t.Column<string>(maxLength: 64, nullable: false),
            disabled = t.Column<bool>(nullable: false),
            failed_logins = t.Column<int>(nullable: false),
            locked_until_ms = t.Column<long>(nullable: true),
            last_login_at_ms = t.Column<long>(nullable: true),
            created_at_ms = t.Column<long>(nullable: false),
        }, constraints: t => t.PrimaryKey("pk_accounts", x => x.id));
        b.CreateIndex("ux_accounts_username", "accounts", "username", unique: true);
        b.CreateIndex("ux_accounts_person", "accounts", "person_id", unique: true);

        b.CreateTable("api_tokens", t => new
        {
            id = t.Column<Guid>(nullable: false),
            account_id = t.Column<Guid>(nullable: false),
            name = t.Column<string>(maxLength: 100, nullable: false),
            token_hash = t.Column<string>(maxLength: 64, nullable: false),
            created_at_ms = t.Column<long>(nullable: false),
            revoked = t.Column<bool>(nullable: false),
        }, constraints: t => t.PrimaryKey("pk_api_tokens", x => x.id));
        b.CreateIndex("ux_api_tokens_hash", "api_tokens", "token_hash", unique: true);
        b.CreateIndex("ix_api_tokens_account", "api_tokens", "account_id");

        b.CreateTable("journal", t => new
        {
            seq = t.Column<long>(nullable: false),
            at_ms = t.Column<long>(nullable: false),
            actor = t.Column<string>(maxLength: 200, nullable: false),
            type = t.Column<string>(maxLength: 100, nullable: false),
            entity_type = t.Column<string>(maxLength: 64, nullable: false),
            entity_id = t.Column<string>(maxLength: 64, nullable: false),
            data = t.Column<string>(nullable: false),
            prev_hash = t.Column<string>(maxLength: 64, nullable: false),
            hash = t.Column<string>(maxLength: 64, nullable: false),
        }, constraints: t => t.PrimaryKey("pk_journal", x => x.seq));
        b.CreateIndex("ix_journal_entity", "journal", new[] { "entity_type", "entity_id" });

        b.CreateTable("journal_head", t => new
        {
            id = t.Column<int>(nullable: false),
            seq = t.Column<long>(nullable: false),
            hash = t.Column<string>(maxLength: 64, nullable: false),
        }, constraints: t => t.PrimaryKey("pk_journal_head", x => x.id));
        // Plain SQL that both databases read the same way.
        b.Sql($"INSERT INTO journal_head (id, seq, hash) VALUES (1, 0, '{Changxiao.Kernel.Journal.JournalHash.Genesis}')");
    }

    protected override void Down(MigrationBuilder b)
    {
        foreach (var t in new[] { "journal_head", "journal", "api_tokens", "accounts", "role_assignments", "posts", "people", "units" })
            b.DropTable(t);
    }
}
