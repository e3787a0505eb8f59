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

/// <summary>
/// The one path for writes. A command runs inside <see cref="RunAsync{T}"/>: it records facts,
/// each fact is appended to the journal and applied to the read tables, and all of it commits in
/// one transaction — or none of it does.
/// </summary>
public sealed class Writer(ChangxiaoDb db, TimeProvider clock, Changxiao.Kernel.Notifications.NotificationRoutes? routes = null, Matters.FieldCipher? cipher = null,
    Matters.PackCatalog? packs = null, Changxiao.Kernel.Calendar.WorkCalendar? calendar = null)
{
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

    private async Task<T> RunLockedAsync<T>(Actor actor, Func<WriteScope, Task<T>> command, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var head = await LockHeadAsync(ct);
        var scope = new WriteScope(db, actor, head, clock.GetUtcNow().ToUnixTimeMilliseconds())
        {
            Routes = routes ?? Changxiao.Kernel.Notifications.NotificationRoutes.InboxOnly, // see WriteScope.Notify
            Cipher = cipher,
            Packs = packs ?? Matters.PackCatalog.Empty,
            Calendar = calendar ?? Changxiao.Kernel.Calendar.WorkCalendar.Default,
        };
        var result = await command(scope);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return result;
    }

    /// <summary>Makes a Writer outside DI (start-up work before the server runs).</summary>
    public delegate Writer Factory(ChangxiaoDb db, Matters.PackCatalog packs);

    public Task RunAsync(Actor actor, Func<WriteScope, Task> command, CancellationToken ct = default) =>
        RunAsync<bool>(actor, async s => { await command(s); return true; }, ct);

    private async Task<JournalHeadRow> LockHeadAsync(CancellationToken ct)
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
        var seq = _head.Seq + 1;
        var entityId = fact.EntityId.ToString("N");
        var hash = JournalHash.Compute(_head.Hash, seq, _atMs, _actorName, fact.Type, fact.EntityType, entityId, data);
        Db.Journal.Add(new JournalRow
        {
            Seq = seq, AtMs = _atMs, Actor = _actorName, Type = fact.Type, EntityType = fact.EntityType,
            EntityId = entityId, Data = data, PrevHash = _head.Hash, Hash = hash,
        });
        _head.Seq = seq;
        _head.Hash = hash;
        if (fact is Changxiao.Kernel.Matters.MatterFact or Changxiao.Kernel.Packs.PackRegistered)
            Matters.MatterStore.Apply(Db, fact, _atMs, Packs, Calendar);
        else
            Projector.Apply(Db, fact, _atMs);
        if (sealedSecrets is not null) Matters.MatterStore.SaveSecrets(Db, fact.EntityId, sealedSecrets);
        Recorded++;
    }
}
