using Changxiao.Kernel.Access;
using Changxiao.Kernel.Org;
using Changxiao.Kernel.Rules;
using Changxiao.Store;
using Changxiao.Store.Services;
using Changxiao.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Changxiao.Tests.Writing;

/// <summary>
/// Group commit: commands of many callers share one transaction, yet each caller's command lands whole or not at all,
/// a failing one takes no other with it, and the journal stays one unbroken chain.
/// </summary>
public abstract class GroupCommitTests(DbKind kind) : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync(kind);

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private static Func<WriteScope, Task<Guid>> NewUnit(string code) => w =>
    {
        var id = Guid.CreateVersion7();
        w.Record(new UnitCreated(id, code, "单位" + code, "county", null));
        return Task.FromResult(id);
    };

    private async Task<(int Units, long Entries, bool ChainOk)> StateAsync()
    {
        await using var db = _db.Open();
        var report = await JournalService.VerifyAsync(db);
        return (await db.Units.CountAsync(), await db.Journal.CountAsync(), report.Ok);
    }

    [Fact]
    public async Task ManyCallersAtOnce_ShareTransactions_EveryCommandCommittedOnTheChain()
    {
        await using var group = new GroupCommit(_db.Options, TimeProvider.System);
        var ids = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => group.RunAsync(Actor.System("t"), NewUnit($"G{i:000}"), default)));
        Assert.Equal(300, ids.Distinct().Count());
        Assert.Equal(300, group.Commands);
        Assert.True(group.Batches < 300, $"{group.Batches} batches for 300 commands: nothing was grouped");
        var (units, entries, ok) = await StateAsync();
        Assert.Equal(300, units);
        Assert.Equal(300, entries);
        Assert.True(ok);
    }

    [Fact]
    public async Task CommandFailingBeforeItWrites_FailsAlone()
    {
        await using var group = new GroupCommit(_db.Options, TimeProvider.System);
        var tasks = Enumerable.Range(0, 100).Select(i => group.RunAsync(Actor.System("t"), i % 7 == 3
            ? w =>
            {
                // Recorded (journal row, unit row, head moved) — then refused before anything reached the database.
                w.Record(new UnitCreated(Guid.CreateVersion7(), $"BAD{i}", "坏", "county", null));
                throw FieldErrorsException.One("name", "不合规");
            }
            : NewUnit($"OK{i:000}"), default)).ToList();
        foreach (var (t, i) in tasks.Select((t, i) => (t, i)))
        {
            if (i % 7 == 3) await Assert.ThrowsAsync<FieldErrorsException>(() => t);
            else await t;
        }
        var (units, entries, ok) = await StateAsync();
        var good = Enumerable.Range(0, 100).Count(i => i % 7 != 3);
        Assert.Equal(good, units);
        Assert.Equal(good, entries); // no gap, no orphan entry: the head went back too
        Assert.True(ok);
    }

    [Fact]
    public async Task CommandFailingInTheDatabase_FailsAlone_TheOthersStillCommit()
    {
        await using var group = new GroupCommit(_db.Options, TimeProvider.System);
        await group.RunAsync(Actor.System("t"), NewUnit("DUP"), default);
        // Unit codes are unique: these break in SaveChanges, after their statements went to the database.
        var tasks = Enumerable.Range(0, 60).Select(i => group.RunAsync(Actor.System("t"), NewUnit(i % 10 == 5 ? "DUP" : $"U{i:00}"), default)).ToList();
        for (var i = 0; i < tasks.Count; i++)
        {
            if (i % 10 == 5) await Assert.ThrowsAsync<DbUpdateException>(() => tasks[i]);
            else await tasks[i];
        }
        var (units, entries, ok) = await StateAsync();
        Assert.Equal(1 + 54, units);
        Assert.Equal(1 + 54, entries);
        Assert.True(ok);
    }

    [Fact]
    public async Task CallerOfAFailedCommand_HearsOnlyAfterTheBatchCommitted()
    {
        // The second command sees the first one's unit inside the shared transaction and refuses; when its caller hears,
        // the first one's unit must already be visible to everybody.
        await using var group = new GroupCommit(_db.Options, TimeProvider.System);
        var first = group.RunAsync(Actor.System("t"), NewUnit("SAME"), default);
        var second = group.RunAsync<Guid>(Actor.System("t"), async w =>
        {
            if (await w.Db.Units.AnyAsync(u => u.Code == "SAME")) throw new InvalidOperationException("taken");
            return await NewUnit("SAME")(w);
        }, default);
        var error = await Record.ExceptionAsync(() => second);
        await using (var db = _db.Open())
            Assert.True(await db.Units.AnyAsync(u => u.Code == "SAME"));
        await first;
        Assert.True(error is InvalidOperationException or DbUpdateException);
    }
}

public sealed class GroupCommitTests_Sqlite() : GroupCommitTests(DbKind.Sqlite);

public sealed class GroupCommitTests_Postgres() : GroupCommitTests(DbKind.Postgres);
