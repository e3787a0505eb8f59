using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Changxiao.Store.Migrations;

/// <summary>
/// The sweep picks its matters inside the journal-head lock that serialises every write, so two servers can no longer
/// pick the same matter and the per-row sweep lease is gone (SQLite ≥ 3.35 and PostgreSQL both drop a column in place).
/// The tracking-code index keeps only the matters that have a code (citizens' ones): on PostgreSQL every update of a
/// matter's warning columns also writes an entry into each index, and the others' NULLs were most of this one.
/// </summary>
[DbContext(typeof(ChangxiaoDb))]
[Migration("0005_SweepInsideWriteLock")]
public sealed class M0005_SweepInsideWriteLock : Migration
{
    protected override void Up(MigrationBuilder b)
    {
        b.Sql("ALTER TABLE matters DROP COLUMN sweep_lease_until_ms");
        b.DropIndex("ux_matters_tracking", "matters");
        b.CreateIndex("ux_matters_tracking", "matters", "tracking_hash", unique: true, filter: "tracking_hash IS NOT NULL");
    }

    protected override void Down(MigrationBuilder b)
    {
        b.DropIndex("ux_matters_tracking", "matters");
        b.CreateIndex("ux_matters_tracking", "matters", "tracking_hash", unique: true);
        b.AddColumn<long>("sweep_lease_until_ms", "matters", nullable: false, defaultValue: 0L);
    }
}
