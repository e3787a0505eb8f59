using System.Data.Common;
using Changxiao.Kernel.Access;
using Changxiao.Kernel.Journal;
using Changxiao.Kernel.Rules;
using Changxiao.Store.Model;
using Microsoft.EntityFrameworkCore;

namespace Changxiao.Store.Services;

public sealed class JournalService(ChangxiaoDb db)
{
    /// <summary>Newest first, by sequence cursor. Only for holders of journal.read over a whole tree.</summary>
    public async Task<(IReadOnlyList<JournalRow> Items, long Total)> ListAsync(Actor actor, long? beforeSeq, int pageSize, string? entityType, CancellationToken ct = default)
    {
        new Scoped(db, actor).RequireGlobal(Permissions.JournalRead);
        var q = db.Journal.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(entityType)) q = q.Where(e => e.EntityType == entityType);
        var total = await q.LongCountAsync(ct);
        if (beforeSeq is { } b) q = q.Where(e => e.Seq < b);
        var items = await q.OrderByDescending(e => e.Seq).Take(Math.Clamp(pageSize, 1, 500)).ToListAsync(ct);
        return (items, total);
    }

    /// <summary>The history of one entity, oldest first; readable by whoever may read the entity.</summary>
    public async Task<IReadOnlyList<JournalRow>> HistoryAsync(Actor actor, string entityType, Guid id, CancellationToken ct = default)
    {
        var s = new Scoped(db, actor);
        var visible = entityType switch
        {
            "unit" => await s.Units().AnyAsync(x => x.Id == id, ct),
            "person" => await s.People().AnyAsync(x => x.Id == id, ct),
            "post" => await s.Posts().AnyAsync(x => x.Id == id, ct),
            "account" => await s.Accounts().AnyAsync(x => x.Id == id, ct),
            "role-assignment" => await s.RoleAssignments().AnyAsync(x => x.Id == id, ct)
                                 || AccessPolicy.HasGlobal(actor, Permissions.JournalRead),
            _ => throw FieldErrorsException.One("entityType", $"未知的对象类型：{entityType}"),
        };
        if (!visible) throw new NotFoundException(entityType, id.ToString("N"));
        var key = id.ToString("N");
        return await db.Journal.AsNoTracking().Where(e => e.EntityType == entityType && e.EntityId == key)
            .OrderBy(e => e.Seq).ToListAsync(ct);
    }

    /// <summary>
    /// Re-hashes the whole chain in sequence order. Streams rows with a plain data reader: EF
    /// materialisation would dominate the cost at millions of entries.
    /// </summary>
    public static async Task<ChainReport> VerifyAsync(ChangxiaoDb db, IProgress<long>? progress = null, CancellationToken ct = default)
    {
        var head = await db.JournalHead.AsNoTracking().SingleAsync(h => h.Id == 1, ct);
        var conn = db.Database.GetDbConnection();
        var opened = conn.State != System.Data.ConnectionState.Open;
        if (opened) await conn.OpenAsync(ct);
        try
        {
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = "SELECT seq, at_ms, actor, type, entity_type, entity_id, data, prev_hash, hash FROM journal ORDER BY seq";
            cmd.CommandTimeout = 0;
            await using var r = await cmd.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, ct);
            var v = new ChainVerifier();
            long n = 0;
            while (await r.ReadAsync(ct))
            {
                if (!v.Add(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetString(7), r.GetString(8)))
                    return v.Broken!;
                if (++n % 100_000 == 0) progress?.Report(n);
            }
            return v.Finish(head.Seq, head.Hash);
        }
        finally
        {
            if (opened) await conn.CloseAsync();
        }
    }
}
