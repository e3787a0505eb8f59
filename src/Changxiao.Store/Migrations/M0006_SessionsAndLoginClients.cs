using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Changxiao.Store.Migrations;

/// <summary>
/// Server-side console sessions (a logout ends one for good), login counts per account and client (a lockout that
/// locks out the guessing client, not the account), and token scopes — decision 0009. Provider-neutral, like M0001.
/// </summary>
[DbContext(typeof(ChangxiaoDb))]
[Migration("0006_SessionsAndLoginClients")]
public sealed class M0006_SessionsAndLoginClients : Migration
{
    protected override void Up(MigrationBuilder b)
    {
        b.CreateTable("sessions", t => new
        {
            id = t.Column<Guid>(nullable: false),
            account_id = t.Column<Guid>(nullable: false),
            secret_hash = t.Column<string>(maxLength: 64, nullable: false),
            security_stamp = t.Column<string>(maxLength: 64, nullable: false),
            started_at_ms = t.Column<long>(nullable: false),
            ended_at_ms = t.Column<long>(nullable: true),
        }, constraints: t => t.PrimaryKey("pk_sessions", x => x.id));
        b.CreateIndex("ux_sessions_secret", "sessions", "secret_hash", unique: true);
        b.CreateIndex("ix_sessions_account", "sessions", "account_id");

        b.CreateTable("login_clients", t => new
        {
            account_id = t.Column<Guid>(nullable: false),
            client = t.Column<string>(maxLength: 100, nullable: false),
            attempts = t.Column<int>(nullable: false),
            locks = t.Column<int>(nullable: false),
            locked_until_ms = t.Column<long>(nullable: true),
            last_at_ms = t.Column<long>(nullable: false),
        }, constraints: t => t.PrimaryKey("pk_login_clients", x => new { x.account_id, x.client }));

        // Tokens issued before scopes act with the account's roles (roles NULL) and may write.
        b.AddColumn<string>("roles", "api_tokens", maxLength: 2000, nullable: true);
        b.AddColumn<bool>("read_only", "api_tokens", nullable: false, defaultValue: false);
    }

    protected override void Down(MigrationBuilder b)
    {
        b.DropColumn("read_only", "api_tokens");
        b.DropColumn("roles", "api_tokens");
        b.DropTable("login_clients");
        b.DropTable("sessions");
    }
}
