using Changxiao.Kernel.Access;
using Changxiao.Kernel.Journal;
using Changxiao.Store.Model;
using Microsoft.EntityFrameworkCore;

namespace Changxiao.Store;

/// <summary>One gate per SQLite database file, shared by every Writer in the process.</summary>
internal static class SqliteWriteGate
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> Gates = new();

    public static SemaphoreSlim For(string connectionString) => Gates.GetOrAdd(connectionString, _ => new SemaphoreSlim(1, 1));
}

/// <summary>What every write scope of a process is given: the clock, the notification channels, the field cipher, the packs, the calendar.</summary>
internal sealed class WriteContext(TimeProvider clock, Changxiao.Kernel.Notifications.NotificationRoutes? routes, Matters.FieldCipher? cipher,
    Matters.PackCatalog? packs, Changxiao.Kernel.Calendar.WorkCalendar? calendar)
{
    public WriteScope Scope(ChangxiaoDb db, Actor actor, JournalHeadRow head, UnitMemo? units = null) =>
        new(db, actor, head, clock.GetUtcNow().ToUnixTimeMilliseconds())
        {
            Units = units ?? new UnitMemo(),
            Routes = routes ?? Changxiao.Kernel.Notifications.NotificationRoutes.InboxOnly, // see WriteScope.Notify
            Cipher = cipher,
            Packs = packs ?? Matters.PackCatalog.Empty,
            Calendar = calendar ?? Changxiao.Kernel.Calendar.WorkCalendar.Default,
        };
}

/// <summary>
/// The one path for writes. A command runs inside <see cref="RunAsync{T}"/>: it records facts,
/// each fact is appended to the journal and applied to the read tables, and all of it commits in
/// one transaction — or none of it does. <see cref="RunGroupedAsync{T}"/> is the same for commands that
/// touch the database only through their scope: under load they share a transaction (see <see cref="GroupCommit"/>).
/// </summary>
public sealed class Writer(ChangxiaoDb db, TimeProvider clock, Changxiao.Kernel.Notifications.NotificationRoutes? routes = null, Matters.FieldCipher? cipher = null,
    Matters.PackCatalog? packs = null, Changxiao.Kernel.Calendar.WorkCalendar? calendar = null, GroupCommit? group = null)
{
    private readonly WriteContext _context = new(clock, routes, cipher, packs, calendar);

    public async Task<T> RunAsync<T>(Actor actor, Func<WriteScope, Task<T>> command, CancellationToken ct = default)
    {
        if (db.Database.CurrentTransaction is not null)
            throw new InvalidOperationException("Writer.RunAsync does not nest: one command, one transaction.");
        db.ChangeTracker.Clear();
        // SQLite has one writer at a time. Waiting in-process is fair and immediate; waiting in
        // SQLite's busy handler means sleeping in growing steps, which wrecks latency under load.
        var gate = db.Database.IsSqlite() ? SqliteWriteGate.For(db.Database.GetConnectionString()!) : null;
        if (gate is not null) await gate.WaitAsync(ct);
        try
        {
            return await RunLockedAsync(actor, command, ct);
        }
        finally
        {
            gate?.Release();
        }
    }

    /// <summary>
    /// Runs a command that reads and writes only through <see cref="WriteScope.Db"/>: in a shared transaction with
    /// others when the process has a <see cref="GroupCommit"/>, on its own otherwise. Either way it returns once committed.
    /// </summary>
    public Task<T> RunGroupedAsync<T>(Actor actor, Func<WriteScope, Task<T>> command, CancellationToken ct = default) =>
        group is null ? RunAsync(actor, command, ct) : group.RunAsync(actor, command, ct);

    public Task RunGroupedAsync(Actor actor, Func<WriteScope, Task> command, CancellationToken ct = default) =>
        RunGroupedAsync<bool>(actor, async s => { await command(s); return true; }, ct);

    private async Task<T> RunLockedAsync<T>(Actor actor, Func<WriteScope, Task<T>> command, CancellationToken ct)
    {
        // The whole command rolls back on any failure, so EF's savepoint around SaveChanges would only cost round trips.
        db.Database.AutoSavepointsEnabled = false;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var head = await LockHeadAsync(db, ct);
        var scope = _context.Scope(db, actor, head);
        var result = await command(scope);
        await scope.FlushAsync(ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return result;
    }

    /// <summary>Makes a Writer outside DI (start-up work before the server runs).</summary>
    public delegate Writer Factory(ChangxiaoDb db, Matters.PackCatalog packs);

    public Task RunAsync(Actor actor, Func<WriteScope, Task> command, CancellationToken ct = default) =>
        RunAsync<bool>(actor, async s => { await command(s); return true; }, ct);

    internal static async Task<JournalHeadRow> LockHeadAsync(ChangxiaoDb db, CancellationToken ct)
    {
        // SQLite: the transaction is already BEGIN IMMEDIATE (one writer). PostgreSQL: the row lock
        // on the head serialises appends, so the chain never forks.
        var head = db.Database.IsNpgsql()
            ? await db.JournalHead.FromSqlRaw("SELECT id, seq, hash FROM journal_head WHERE id = 1 FOR UPDATE").AsTracking().SingleAsync(ct)
            : await db.JournalHead.AsTracking().SingleAsync(h => h.Id == 1, ct);
        return head;
    }
}

public sealed partial class WriteScope
{
    private readonly JournalHeadRow _head;
    private readonly long _atMs;
    private readonly string _actorName;

    internal WriteScope(ChangxiaoDb db, Actor actor, JournalHeadRow head, long atMs)
    {
        Db = db;
        Actor = actor;
        _head = head;
        _atMs = atMs;
        var name = actor.AccountId is { } id ? $"{actor.Name} ({id:N})" : actor.Name;
        // Fields are newline-separated in the hash input; a control character in a name must not shift them.
        _actorName = string.Concat(name.Select(c => char.IsControl(c) ? ' ' : c));
    }

    /// <summary>For reads inside the command (tracked rows, including ones recorded moments ago).</summary>
    public ChangxiaoDb Db { get; }

    public Actor Actor { get; }

    public long NowMs => _atMs;

    public int Recorded { get; private set; }

    /// <summary>Appends the fact to the journal and applies it to the read tables.</summary>
    public void Record(IFact fact)
    {
        // Confidential values are sealed here: ciphertexts go to the read table, their digests onto the chain.
        var (data, sealedSecrets) = Seal(fact);
        Append(fact, data);
        if (fact is Changxiao.Kernel.Matters.MatterFact or Changxiao.Kernel.Packs.PackRegistered)
            Matters.MatterStore.Apply(Db, fact, _atMs, Packs, Calendar);
        else
            Projector.Apply(Db, fact, _atMs);
        if (sealedSecrets is not null) Matters.MatterStore.SaveSecrets(Db, fact.EntityId, sealedSecrets);
    }

    /// <summary>
    /// Appends a fact prepared beforehand (<see cref="Prepare"/>) whose read-table change the caller writes itself in this
    /// transaction — the sweep's batch path, which works out a batch on the other cores and writes its rows in bulk
    /// (<see cref="Matters.MatterStore.UpdateSweptAsync"/>).
    /// </summary>
    internal void RecordProjected(PreparedFact fact) => Append(fact.Fact, fact.Data, bulk: true);

    /// <summary>Journal rows appended by <see cref="RecordProjected"/>, inserted together by <see cref="FlushAsync"/>.</summary>
    private List<JournalRow>? _bulk;

    internal bool HasUnflushed => _bulk is { Count: > 0 };

    /// <summary>Inserts the bulk-appended journal rows so far; the Writer calls it before it saves the command's other changes.</summary>
    internal async Task FlushAsync(CancellationToken ct)
    {
        if (_bulk is not { Count: > 0 } rows) return;
        _bulk = null;
        const string columns = "seq, at_ms, actor, type, entity_type, entity_id, data, prev_hash, hash";
        await Bulk.ExecuteAsync(Db, rows,
            $"INSERT INTO journal ({columns}) SELECT * FROM unnest(@seq, @at_ms, @actor, @type, @entity_type, @entity_id, @data, @prev_hash, @hash)",
            $"INSERT INTO journal ({columns}) VALUES (@seq, @at_ms, @actor, @type, @entity_type, @entity_id, @data, @prev_hash, @hash)",
            JournalColumns, new Dictionary<string, object>(), ct);
    }

    private static readonly BulkColumn<JournalRow>[] JournalColumns =
    [
        new("seq", typeof(long), r => r.Seq), new("at_ms", typeof(long), r => r.AtMs), new("actor", typeof(string), r => r.Actor),
        new("type", typeof(string), r => r.Type), new("entity_type", typeof(string), r => r.EntityType), new("entity_id", typeof(string), r => r.EntityId),
        new("data", typeof(string), r => r.Data), new("prev_hash", typeof(string), r => r.PrevHash), new("hash", typeof(string), r => r.Hash),
    ];

    private void Append(IFact fact, string data, bool bulk = false)
    {
        var seq = _head.Seq + 1;
        var entityId = fact.EntityId.ToString("N");
        var hash = JournalHash.Compute(_head.Hash, seq, _atMs, _actorName, fact.Type, fact.EntityType, entityId, data);
        var row = new JournalRow
        {
            Seq = seq, AtMs = _atMs, Actor = _actorName, Type = fact.Type, EntityType = fact.EntityType,
            EntityId = entityId, Data = data, PrevHash = _head.Hash, Hash = hash,
        };
        if (bulk) (_bulk ??= []).Add(row);
        else Db.Journal.Add(row);
        _head.Seq = seq;
        _head.Hash = hash;
        Recorded++;
    }
}
