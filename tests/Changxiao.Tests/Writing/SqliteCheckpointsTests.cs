using Changxiao.Kernel.Access;
using Changxiao.Kernel.Org;
using Changxiao.Store;
using Changxiao.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Changxiao.Tests.Writing;

/// <summary>
/// With the background checkpointer running, commits leave checkpoints to it — and it does them. Runs alone: other
/// tests clear SQLite's connection pools when they finish, and a connection closed under this test may checkpoint.
/// </summary>
[Collection(nameof(SqliteCheckpointsTests))]
public sealed class SqliteCheckpointsTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync(DbKind.Sqlite);

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private string File => new SqliteConnectionStringBuilder(_db.Options.ConnectionString).DataSource;

    private async Task WriteUnitsAsync(string prefix)
    {
        await using var db = _db.Open();
        await new Writer(db, TimeProvider.System).RunAsync(Actor.System("t"), w =>
        {
            for (var i = 0; i < 12000; i++) w.Record(new UnitCreated(Guid.CreateVersion7(), $"{prefix}{i:00000}", $"检查点单位{prefix}{i}", "county", null));
            return Task.CompletedTask;
        });
    }

    private async Task<long> AutoCheckpointAsync()
    {
        await using var db = _db.Open();
        await db.Database.OpenConnectionAsync(); // through EF, so that its connection interceptor runs
        var c = db.Database.GetDbConnection();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA wal_autocheckpoint";
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }

    [Fact]
    public async Task WhileRunning_CommitsLeaveCheckpointsToIt_AndItDoesThem()
    {
        SqliteConnection.ClearAllPools();
        var size = new FileInfo(File).Length;
        using (var idle = new CancellationTokenSource())
        {
            // A checkpointer that will not get round to it within the test: the commit must not checkpoint either.
            var run = SqliteCheckpoints.RunAsync(_db.Options, TimeSpan.FromHours(1), idle.Token);
            Assert.Equal(0, await AutoCheckpointAsync());
            await WriteUnitsAsync("A");
            Assert.Equal(size, new FileInfo(File).Length); // every new page is still only in the write-ahead log
            Assert.True(new FileInfo(File + "-wal").Length > 1000 * 4096); // past the 1,000 pages at which a commit would checkpoint
            idle.Cancel();
            await run;
        }
        using (var stop = new CancellationTokenSource())
        {
            var run = SqliteCheckpoints.RunAsync(_db.Options, TimeSpan.FromMilliseconds(100), stop.Token);
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (new FileInfo(File).Length == size && DateTime.UtcNow < deadline) await Task.Delay(50);
            Assert.True(new FileInfo(File).Length > size, "the checkpointer copied the log into the database file");
            stop.Cancel();
            await run;
        }
        SqliteConnection.ClearAllPools();
        Assert.Equal(1000, await AutoCheckpointAsync()); // without a checkpointer, SQLite's own checkpoints again
    }
}

[CollectionDefinition(nameof(SqliteCheckpointsTests), DisableParallelization = true)]
public sealed class SqliteCheckpointsCollection;
