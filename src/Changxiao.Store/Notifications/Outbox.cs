using Changxiao.Store.Model;
using Microsoft.EntityFrameworkCore;

namespace Changxiao.Store.Notifications;

/// <summary>
/// Claims due outbox rows for one dispatcher with a lease, so that two dispatchers never send the same
/// row at the same time, and a row whose dispatcher died is picked up again once its lease runs out.
/// The lease columns are the dispatcher's bookkeeping, written here with plain SQL and never journaled;
/// everything else in the outbox comes from facts (see <see cref="NotificationProjection"/>).
/// </summary>
public sealed class Outbox(ChangxiaoDb db)
{
    /// <summary>
    /// Leases up to <paramref name="max"/> rows due at <paramref name="nowMs"/> whose lease (if any) has run out,
    /// to <paramref name="owner"/> (unique per claim) until <paramref name="nowMs"/> + <paramref name="lease"/>.
    /// PostgreSQL: one <c>UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED)</c>, so concurrent claimers
    /// pass over each other's rows; SQLite: the same UPDATE without the lock clause (SQLite has one writer).
    /// </summary>
    public async Task<IReadOnlyList<OutboxRow>> ClaimAsync(string owner, long nowMs, TimeSpan lease, int max, CancellationToken ct = default)
    {
        if (db.Database.CurrentTransaction is not null)
            throw new InvalidOperationException("Outbox.ClaimAsync commits on its own; call it outside a transaction.");
        // Idle passes stay read-only (no write lock on SQLite).
        if (!await db.Outbox.AsNoTracking().AnyAsync(o => o.NextAttemptAtMs <= nowMs && (o.LeaseUntilMs == null || o.LeaseUntilMs <= nowMs), ct))
            return [];
        var until = nowMs + (long)lease.TotalMilliseconds;
        var lockClause = db.Database.IsNpgsql() ? " FOR UPDATE SKIP LOCKED" : "";
        var sql = "UPDATE outbox SET lease_owner = {0}, lease_until_ms = {1} WHERE id IN (" +
                  "SELECT id FROM outbox WHERE next_attempt_at_ms <= {2} AND (lease_until_ms IS NULL OR lease_until_ms <= {2}) " +
                  "ORDER BY next_attempt_at_ms LIMIT {3}" + lockClause + ")";
        var n = await db.Database.ExecuteSqlRawAsync(sql, [owner, until, nowMs, max], ct);
        if (n == 0) return [];
        return await db.Outbox.AsNoTracking().Where(o => o.LeaseOwner == owner).OrderBy(o => o.NextAttemptAtMs).ToListAsync(ct);
    }

    /// <summary>Rows waiting to be sent (due or not), and rows given up — for status output.</summary>
    public async Task<(int Waiting, int GivenUp)> CountsAsync(CancellationToken ct = default) =>
        (await db.Outbox.AsNoTracking().CountAsync(o => o.NextAttemptAtMs != null, ct),
         await db.Outbox.AsNoTracking().CountAsync(o => o.NextAttemptAtMs == null && o.DeliveredAtMs == null, ct));
}
