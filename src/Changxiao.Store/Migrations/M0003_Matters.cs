using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Changxiao.Store.Migrations;

/// <summary>Matters run by mechanism packs (provider-neutral, like M0001).</summary>
[DbContext(typeof(ChangxiaoDb))]
[Migration("0003_Matters")]
public sealed class M0003_Matters : Migration
{
    protected override void Up(MigrationBuilder b)
    {
        b.CreateTable("pack_versions", t => new
        {
            pack_id = t.Column<string>(maxLength: 64, nullable: false),
            version = t.Column<int>(nullable: false),
            content_hash = t.Column<string>(maxLength: 64, nullable: false),
            files = t.Column<string>(nullable: false),
            registered_at_ms = t.Column<long>(nullable: false),
        }, constraints: t => t.PrimaryKey("pk_pack_versions", x => new { x.pack_id, x.version }));

        b.CreateTable("matters", t => new
        {
            id = t.Column<Guid>(nullable: false),
            pack_id = t.Column<string>(maxLength: 64, nullable: false),
            pack_version = t.Column<int>(nullable: false),
            kind = t.Column<string>(maxLength: 64, nullable: false),
            number = t.Column<string>(maxLength: 64, nullable: false),
            state = t.Column<string>(maxLength: 64, nullable: false),
            final = t.Column<bool>(nullable: false),
            unit_id = t.Column<Guid>(nullable: false),
            title = t.Column<string>(maxLength: 200, nullable: false),
            level = t.Column<string>(maxLength: 16, nullable: true),
            late = t.Column<bool>(nullable: false),
            due_on = t.Column<string>(maxLength: 10, nullable: true),
            next_check = t.Column<string>(maxLength: 10, nullable: true),
            sweep_lease_until_ms = t.Column<long>(nullable: false),
            opened_on = t.Column<string>(maxLength: 10, nullable: false),
            opened_at_ms = t.Column<long>(nullable: false),
            updated_at_ms = t.Column<long>(nullable: false),
            tracking_hash = t.Column<string>(maxLength: 64, nullable: true),
            snapshot = t.Column<string>(nullable: false),
        }, constraints: t => t.PrimaryKey("pk_matters", x => x.id));
        b.CreateIndex("ux_matters_number", "matters", "number", unique: true);
        b.CreateIndex("ix_matters_pack_unit", "matters", new[] { "pack_id", "unit_id" });
        b.CreateIndex("ix_matters_level", "matters", new[] { "level", "unit_id" });
        b.CreateIndex("ix_matters_next_check", "matters", "next_check");
        b.CreateIndex("ux_matters_tracking", "matters", "tracking_hash", unique: true);

        b.CreateTable("matter_parties", t => new
        {
            matter_id = t.Column<Guid>(nullable: false),
            party = t.Column<string>(maxLength: 64, nullable: false),
            member_id = t.Column<Guid>(nullable: false),
            recused = t.Column<bool>(nullable: false),
        }, constraints: t => t.PrimaryKey("pk_matter_parties", x => new { x.matter_id, x.party, x.member_id }));
        b.CreateIndex("ix_matter_parties_member", "matter_parties", "member_id");

        b.CreateTable("matter_secrets", t => new
        {
            matter_id = t.Column<Guid>(nullable: false),
            field = t.Column<string>(maxLength: 64, nullable: false),
            ciphertext = t.Column<string>(nullable: false),
        }, constraints: t => t.PrimaryKey("pk_matter_secrets", x => new { x.matter_id, x.field }));

        b.CreateTable("matter_counters", t => new
        {
            pack_id = t.Column<string>(maxLength: 64, nullable: false),
            kind = t.Column<string>(maxLength: 64, nullable: false),
            year = t.Column<int>(nullable: false),
            last = t.Column<int>(nullable: false),
        }, constraints: t => t.PrimaryKey("pk_matter_counters", x => new { x.pack_id, x.kind, x.year }));
    }

    protected override void Down(MigrationBuilder b)
    {
        foreach (var t in new[] { "matter_counters", "matter_secrets", "matter_parties", "matters", "pack_versions" })
            b.DropTable(t);
    }
}
