using System.Threading.Channels;
using Changxiao.Kernel.Access;
using Changxiao.Kernel.Calendar;
using Changxiao.Kernel.Notifications;
using Changxiao.Store.Matters;
using Microsoft.EntityFrameworkCore;

namespace Changxiao.Store;

/// <summary>
/// Group commit for the Writer under load: commands queued by many requests run one after another in ONE
/// transaction — one journal-head lock, one commit, one fsync for the lot — and each is acknowledged only after
/// that commit. Every command runs inside its own savepoint: one that fails is rolled back alone and its caller gets
/// its error at once, while the others go on. The chain stays one chain: commands are recorded in queue order on the
/// head they all share.
/// </summary>
/// <remarks>
/// A grouped command must do all its reading and writing through <see cref="WriteScope.Db"/> (the batch's own
/// context); <see cref="Writer.RunAsync{T}"/> is the path for commands that cannot promise that.
/// </remarks>
public sealed class GroupCommit : IAsyncDisposable
{
    /// <summary>Most commands in one transaction: bounds the time a batch holds the head and the memory it tracks.</summary>
    public const int MaxBatch = 256;

    private readonly Channel<Item> _queue = Channel.CreateUnbounded<Item>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Microsoft.EntityFrameworkCore.DbContextOptions<ChangxiaoDb> _options;
    private readonly WriteDetector _writes = new(); // one batch runs at a time
    private readonly WriteContext _context;
    private readonly Task _loop;

    public GroupCommit(StoreOptions store, TimeProvider clock, NotificationRoutes? routes = null, FieldCipher? cipher = null,
        PackCatalog? packs = null, WorkCalendar? calendar = null)
    {
        _options = Database.Options(store, _writes);
        _context = new WriteContext(clock, routes, cipher, packs, calendar);
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Batches committed so far, and commands in them (for tests and the benchmark's report).</summary>
    public long Batches { get; private set; }

    public long Commands { get; private set; }

    public Task<T> RunAsync<T>(Actor actor, Func<WriteScope, Task<T>> command, CancellationToken ct)
    {
        var item = new Item<T>(actor, command, ct);
        if (!_queue.Writer.TryWrite(item)) throw new ObjectDisposedException(nameof(GroupCommit));
        return item.Task;
    }

    private async Task LoopAsync()
    {
        var batch = new List<Item>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
            {
                // A caller that gave up while queued is told so and never written.
                if (item.Ct.IsCancellationRequested)
                {
                    item.Error = new OperationCanceledException(item.Ct);
                    item.Finish();
                }
                else batch.Add(item);
            }
            if (batch.Count == 0) continue;
            try
            {
                await RunBatchAsync(batch);
            }
            catch (Exception e)
            {
                // Never let one batch stop the loop: every later caller would wait forever.
                foreach (var item in batch)
                {
                    item.Error ??= e;
                    item.Finish();
                }
            }
        }
    }

    /// <summary>
    /// Runs a batch in one transaction. Normally without savepoints: a command that fails before it has sent a write
    /// leaves nothing in the database to undo. One that fails after (a constraint broke in its SaveChanges, or it wrote
    /// directly) has left part of itself in the transaction: then the batch starts over without it, in
    /// <paramref name="careful"/> mode — a savepoint around every command. Commands therefore must be re-runnable
    /// (nothing but their scope's database is touched, and nothing is acknowledged before the commit).
    /// </summary>
    private async Task RunBatchAsync(List<Item> batch, bool careful = false)
    {
        List<Item>? startOver = null;
        try
        {
            await using var db = new ChangxiaoDb(_options);
            // Savepoints are ours to place (see above); EF's automatic one per SaveChanges would only add round trips.
            db.Database.AutoSavepointsEnabled = false;
            var gate = db.Database.IsSqlite() ? SqliteWriteGate.For(db.Database.GetConnectionString()!) : null;
            if (gate is not null) await gate.WaitAsync();
            try
            {
                await using var tx = await db.Database.BeginTransactionAsync();
                var head = await Writer.LockHeadAsync(db, CancellationToken.None);
                var units = new UnitMemo();
                foreach (var item in batch)
                {
                    // Rows every command may change and the next may need again stay tracked from one command to the next
                    // (the head, the matter-number counters); their values are kept to be put back if this command fails.
                    var kept = db.ChangeTracker.Entries().Select(e => (e.Entity, Values: e.CurrentValues.Clone())).ToList();
                    if (careful) await tx.CreateSavepointAsync("cmd");
                    _writes.Wrote = false;
                    try
                    {
                        var scope = _context.Scope(db, item.Actor, head, units);
                        await item.RunAsync(scope);
                        // Bulk appends write outside EF, where this loop's failure handling cannot see them.
                        if (scope.HasUnflushed) throw new InvalidOperationException("RecordProjected is for Writer.RunAsync, not grouped commands");
                        await db.SaveChangesAsync();
                        if (careful) await tx.ReleaseSavepointAsync("cmd");
                    }
                    catch (Exception e) when (careful || !_writes.Wrote)
                    {
                        if (careful) await tx.RollbackToSavepointAsync("cmd");
                        item.Error = e;
                        Restore(db, kept);
                        continue;
                    }
                    catch (Exception e)
                    {
                        item.Error = e;
                        startOver = batch.Where(i => i.Error is null).ToList();
                        break; // disposing the transaction rolls it back
                    }
                    Keep(db);
                }
                if (startOver is null) await tx.CommitAsync();
            }
            finally
            {
                gate?.Release();
            }
        }
        catch (Exception e)
        {
            // The transaction did not commit: nothing in it was acknowledged, and every caller hears why.
            foreach (var item in batch) item.Error ??= e;
        }
        if (startOver is not null) await RunBatchAsync(startOver, careful: true);
        else
        {
            Batches++;
            Commands += batch.Count(i => i.Error is null);
        }
        // Callers hear only now, when the transaction has ended: one whose command failed because of another in the same
        // batch (a duplicate key, say) then reads a database where that other one is committed.
        foreach (var item in batch) item.Finish();
    }

    /// <summary>After a command committed to the transaction: forget its rows, keep the head and the counters.</summary>
    private static void Keep(ChangxiaoDb db)
    {
        var keep = db.ChangeTracker.Entries().Where(e => e.Entity is Model.JournalHeadRow or Model.MatterCounterRow).Select(e => e.Entity).ToList();
        db.ChangeTracker.Clear();
        foreach (var row in keep) db.Attach(row);
    }

    /// <summary>After a command failed without writing: the kept rows get back the values they had before it.</summary>
    private static void Restore(ChangxiaoDb db, List<(object Entity, Microsoft.EntityFrameworkCore.ChangeTracking.PropertyValues Values)> kept)
    {
        db.ChangeTracker.Clear();
        foreach (var (row, values) in kept)
        {
            var entry = db.Attach(row);
            entry.CurrentValues.SetValues(values);
            entry.OriginalValues.SetValues(values);
            entry.State = EntityState.Unchanged;
        }
    }

    /// <summary>Notices when a statement other than a SELECT goes to the database.</summary>
    private sealed class WriteDetector : Microsoft.EntityFrameworkCore.Diagnostics.DbCommandInterceptor
    {
        public bool Wrote { get; set; }

        // Every command EF sends (reader, non-query or scalar) is initialised here first, text and parameters set.
        public override System.Data.Common.DbCommand CommandInitialized(Microsoft.EntityFrameworkCore.Diagnostics.CommandEndEventData eventData,
            System.Data.Common.DbCommand result)
        {
            if (!result.CommandText.AsSpan().TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)) Wrote = true;
            return result;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }

    private abstract class Item(Actor actor, CancellationToken ct)
    {
        public Actor Actor { get; } = actor;
        public CancellationToken Ct { get; } = ct;
        public Exception? Error { get; set; }
        public abstract Task RunAsync(WriteScope scope);
        /// <summary>Tells the caller: the command's result, or its <see cref="Error"/>.</summary>
        public abstract void Finish();
    }

    private sealed class Item<T>(Actor actor, Func<WriteScope, Task<T>> command, CancellationToken ct) : Item(actor, ct)
    {
        private readonly TaskCompletionSource<T> _tcs = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;

        public Task<T> Task => _tcs.Task;

        public override async Task RunAsync(WriteScope scope) => _result = await command(scope);

        public override void Finish()
        {
            if (Error is null) _tcs.TrySetResult(_result!);
            else _tcs.TrySetException(Error);
        }
    }
}
