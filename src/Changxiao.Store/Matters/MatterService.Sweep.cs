using Changxiao.Kernel.Access;
using Changxiao.Kernel.Matters;
using Changxiao.Store.Model;
using Microsoft.EntityFrameworkCore;

namespace Changxiao.Store.Matters;

/// <summary>The sweep: warning ladders run for the matters whose next check has come.</summary>
public sealed partial class MatterService
{
    /// <summary>
    /// Runs the warning ladders of matters whose next check has come (at most <paramref name="batch"/>), in one
    /// transaction. The matters are picked inside the journal-head lock that serialises every write, so two servers (or
    /// a sweep and a user's action) never work on the same matter at once, and each pick sees what the last committed;
    /// the engine's idempotence (a step fires once) keeps a repeat harmless. The batch is read in one query and worked out
    /// on the other cores while this one appends its facts in order and writes its rows in bulk. A matter whose step opens another
    /// matter goes the ordinary way (<see cref="SweepOneAsync"/>).
    /// </summary>
    public async Task<int> SweepAsync(int batch = 5000, CancellationToken ct = default)
    {
        var today = Today.ToString("yyyy-MM-dd");
        try
        {
            return await writer.RunAsync(Actor.System("sweeper"), w => SweepBatchAsync(w, today, batch, ct), ct);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            // One matter broke the batch: sweep them one by one, so a single bad matter cannot hold up the
            // ladders of all the others; its own error is raised after the rest are done.
            var ids = await Due(db, today).Select(m => m.Id).Take(batch).ToListAsync(ct);
            if (ids.Count <= 1) throw;
            var swept = 0;
            Exception? first = null;
            foreach (var id in ids)
            {
                try
                {
                    if (await writer.RunAsync(Actor.System("sweeper"), w => SweepOneAsync(w, id, today, ct), ct)) swept++;
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    first ??= e;
                }
            }
            if (first is not null) throw first;
            return swept;
        }
    }

    /// <summary>The matters whose next check has come, earliest first.</summary>
    private static IQueryable<MatterRow> Due(ChangxiaoDb source, string today) => source.Set<MatterRow>().AsNoTracking()
        .Where(m => m.NextCheck != null && string.Compare(m.NextCheck, today) <= 0).OrderBy(m => m.NextCheck);

    /// <summary>One matter's sweep, worked out before anything is written: its facts with their journal data, and its new row.</summary>
    private sealed record SweepPlan(MatterLabel Label, IReadOnlyList<PreparedFact> Facts, MatterColumns Row);

    private sealed record SweepRow(Guid Id, string PackId, int PackVersion, string Number, string Snapshot);

    /// <summary>Matters planned and written together: small enough that writing starts soon, big enough to share the overhead.</summary>
    private const int SweepChunk = 250;

    private async Task<int> SweepBatchAsync(WriteScope w, string today, int batch, CancellationToken ct)
    {
        var rows = await Due(w.Db, today).Take(batch)
            .Select(m => new SweepRow(m.Id, m.PackId, m.PackVersion, m.Number, m.Snapshot)).ToListAsync(ct);
        var date = TodayOf(w);
        // Planning (parse, decide, serialise, derive) is pure: workers on the other cores plan chunk after chunk while this
        // thread (and the database) appends and writes the chunks already planned, in order. No plan: the steps open another matter.
        var plans = new SweepPlan?[rows.Count];
        var chunks = (rows.Count + SweepChunk - 1) / SweepChunk;
        var planned = Enumerable.Range(0, chunks).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var next = -1;
        var workers = Enumerable.Range(0, Math.Min(chunks, Math.Max(1, Environment.ProcessorCount - 1))).Select(_ => Task.Run(() =>
        {
            for (int c; (c = Interlocked.Increment(ref next)) < chunks;)
            {
                if (stop.IsCancellationRequested)
                {
                    planned[c].SetCanceled(stop.Token);
                    continue;
                }
                try
                {
                    for (var i = c * SweepChunk; i < Math.Min(rows.Count, (c + 1) * SweepChunk); i++) plans[i] = Plan(rows[i], today, date);
                    planned[c].SetResult();
                }
                catch (Exception e)
                {
                    planned[c].SetException(e);
                }
            }
        }, CancellationToken.None)).ToArray();
        // The database writes one chunk while this thread appends the next (on PostgreSQL the writing is the server's).
        var writing = Task.CompletedTask;
        try
        {
            for (var c = 0; c < chunks; c++)
            {
                await planned[c].Task;
                var start = c * SweepChunk;
                var end = Math.Min(rows.Count, start + SweepChunk);
                var chunk = plans[start..end];
                // Ordinary matters and notifications use the connection themselves: they wait for the chunk in flight.
                if (chunk.Any(p => p is null || p.Facts.Any(f => f.Fact is NotificationRequested))) await writing;
                // Whom the chunk's warnings reach: their people in one query, for Notify to find.
                var told = chunk.Where(p => p is not null).SelectMany(p => p!.Facts).Select(f => f.Fact)
                    .OfType<NotificationRequested>().SelectMany(n => n.People).Distinct().ToList();
                if (told.Count > 0) await w.Db.People.Where(p => told.Contains(p.Id)).LoadAsync(ct);
                var written = new List<MatterColumns>(end - start);
                for (var i = start; i < end; i++)
                {
                    if (plans[i] is not { } plan)
                    {
                        await SweepOneAsync(w, rows[i].Id, today, ct);
                        continue;
                    }
                    foreach (var f in plan.Facts) w.RecordProjected(f);
                    written.Add(plan.Row);
                    foreach (var n in plan.Facts.Select(f => f.Fact).OfType<NotificationRequested>()) await NotifyAsync(w, n, plan.Label, ct);
                }
                await writing;
                writing = WriteChunkAsync(w, written, ct);
            }
            await writing;
            return rows.Count;
        }
        catch
        {
            // The transaction rolls back once nothing is in flight on its connection; the first failure is the one raised.
            try { await writing; } catch (Exception) { /* reported by the loop already, or superseded by its failure */ }
            throw;
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(workers);
        }
    }

    /// <summary>Writes a chunk: its journal rows (appended in order already) and its matters' new rows.</summary>
    private static async Task WriteChunkAsync(WriteScope w, List<MatterColumns> written, CancellationToken ct)
    {
        await w.FlushAsync(ct); // takes the rows appended so far before its first await: the next chunk appends to a new list
        await MatterStore.UpdateSweptAsync(w.Db, written, w.NowMs, ct);
    }

    /// <summary>One matter's sweep worked out without writing anything; null when its steps open another matter.</summary>
    private SweepPlan? Plan(SweepRow r, string today, DateOnly date)
    {
        var pack = packs.Get(r.PackId, r.PackVersion);
        var snapshot = MatterSnapshotJson.Parse(r.Snapshot); // each row is read once: no memo to fill and lock
        var facts = MatterEngine.Sweep(pack, snapshot, date, calendar);
        // These change a matter's clocks only (see MatterStore.UpdateSweptAsync); anything else goes the ordinary way.
        if (facts.Any(f => f is not (ClockStepReached or NotificationRequested or BulletinListed))) return null;
        var after = snapshot;
        foreach (var f in facts) after = MatterProjection.Apply(after, (MatterFact)f);
        var row = MatterStore.Derive(after, pack, calendar, remember: false);
        if (facts.Count == 0 && row.NextCheck is { } next && string.CompareOrdinal(next, today) <= 0)
            row = row with { NextCheck = null }; // nothing left for today: never spin
        return new SweepPlan(new MatterLabel(r.Id, r.PackId, row.UnitId, r.Number, row.Title, after), facts.Select(WriteScope.Prepare).ToList(), row);
    }

    /// <summary>One matter's ladder steps for today, re-checked inside the write lock (another server may have swept it).</summary>
    private async Task<bool> SweepOneAsync(WriteScope w, Guid id, string today, CancellationToken ct)
    {
        var (row, snapshot, pack) = await LoadAsync(w.Db, id, ct);
        if (row.NextCheck is null || string.CompareOrdinal(row.NextCheck, today) > 0) return false;
        var facts = MatterEngine.Sweep(pack, snapshot, TodayOf(w), calendar);
        await RecordAllAsync(w, facts, TodayOf(w), ct);
        row = (await w.Db.Set<MatterRow>().FindAsync([id], ct))!;
        if (facts.Count == 0 && row.NextCheck is { } next && string.CompareOrdinal(next, today) <= 0) row.NextCheck = null; // nothing left for today: never spin
        return true;
    }
}
