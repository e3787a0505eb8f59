using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Changxiao.Store.Migrations;

/// <summary>The citizen portal's idempotency keys (provider-neutral, like M0001).</summary>
[DbContext(typeof(ChangxiaoDb))]
[Migration("0004_Portal")]
public sealed class M0004_Portal : Migration
{
    protected override void Up(MigrationBuilder b)
    {
        b.CreateTable("portal_submissions", t => new
        {
            idempotency_key = t.Column<string>(maxLength: 64, nullable: false),
            matter_id = t.Column<Guid>(nullable: false),
            pack_id = t.Column<string>(maxLength: 64, nullable: false),
            kind = t.Column<string>(maxLength: 64, nullable: false),
            tracking_cipher = t.Column<string>(maxLength: 200, nullable: false),
            created_at_ms = t.Column<long>(nullable: false),
        }, constraints: t => t.PrimaryKey("pk_portal_submissions", x => x.idempotency_key));
        b.CreateIndex("ix_portal_submissions_created", "portal_submissions", "created_at_ms");
    }

    protected override void Down(MigrationBuilder b) => b.DropTable("portal_submissions");
}
