using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Changxiao.Store.Migrations;

/// <summary>
/// The outbox (email and webhook notifications waiting for the dispatcher) and the per-person inbox.
/// Hand-written and provider-neutral like <see cref="M0001_Init"/>; times are Unix milliseconds.
/// </summary>
[DbContext(typeof(ChangxiaoDb))]
[Migration("0002_Notifications")]
public sealed class M0002_Notifications : Migration
{
    protected override void Up(MigrationBuilder b)
    {
        b.CreateTable("outbox", t => new
        {
            id = t.Column<Guid>(nullable: false),
            channel = t.Column<string>(maxLength: 20, nullable: false),
            person_id = t.Column<Guid>(nullable: true),
            address = t.Column<string>(maxLength: 2000, nullable: false),
            subject = t.Column<string>(maxLength: 200, nullable: false),
            body = t.Column<string>(nullable: false),
            link = t.Column<string>(maxLength: 1000, nullable: true),
            created_at_ms = t.Column<long>(nullable: false),
            attempts = t.Column<int>(nullable: false),
            next_attempt_at_ms = t.Column<long>(nullable: true),
            delivered_at_ms = t.Column<long>(nullable: true),
            last_error = t.Column<string>(maxLength: 500, nullable: true),
            lease_until_ms = t.Column<long>(nullable: true),
            lease_owner = t.Column<string>(maxLength: 200, nullable: true),
        }, constraints: t => t.PrimaryKey("pk_outbox", x => x.id));
        // Due rows: next_attempt_at_ms is set only while a row waits to be sent.
        b.CreateIndex("ix_outbox_next_attempt", "outbox", "next_attempt_at_ms");
        b.CreateIndex("ix_outbox_lease_owner", "outbox", "lease_owner");
        b.CreateIndex("ix_outbox_person", "outbox", "person_id");

        b.CreateTable("inbox", t => new
        {
            id = t.Column<Guid>(nullable: false),
            person_id = t.Column<Guid>(nullable: false),
            subject = t.Column<string>(maxLength: 200, nullable: false),
            body = t.Column<string>(nullable: false),
            link = t.Column<string>(maxLength: 1000, nullable: true),
            created_at_ms = t.Column<long>(nullable: false),
            read_at_ms = t.Column<long>(nullable: true),
        }, constraints: t => t.PrimaryKey("pk_inbox", x => x.id));
        b.CreateIndex("ix_inbox_person_created", "inbox", new[] { "person_id", "created_at_ms" });
        b.CreateIndex("ix_inbox_person_read", "inbox", new[] { "person_id", "read_at_ms" });
    }

    protected override void Down(MigrationBuilder b)
    {
        b.DropTable("inbox");
        b.DropTable("outbox");
    }
}
