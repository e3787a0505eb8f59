using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Changxiao.Store;

/// <summary>
/// WAL checkpoints off the write path. By default the commit that pushes SQLite's write-ahead log past 1,000 pages copies
/// it back into the database file there and then — random writes and an fsync inside a writer's time, which a large
/// sweep or a burst of intake pays again and again. While <see cref="RunAsync"/> runs for a database, its connections
/// leave checkpoints to it: it checkpoints every interval, passively (never blocking a reader or a writer).
/// </summary>
public static class SqliteCheckpoints
{
    private static readonly ConcurrentDictionary<string, byte> InBackground = new();

    /// <summary>The pragma a new connection to this database needs (see <see cref="SqlitePragmas"/>).</summary>
    internal static string PragmaFor(string connectionString) =>
        InBackground.ContainsKey(FileOf(connectionString)) ? " PRAGMA wal_autocheckpoint=0;" : " PRAGMA wal_autocheckpoint=1000;"; // 1000: SQLite's default

    private static readonly ConcurrentDictionary<string, string> Files = new();

    /// <summary>The database file of a connection string (asked on every connection open, so parsed once).</summary>
    private static string FileOf(string connectionString) =>
        Files.GetOrAdd(connectionString, cs => Path.GetFullPath(new SqliteConnectionStringBuilder(cs).DataSource));

    /// <summary>Checkpoints the database every <paramref name="every"/> until cancelled.</summary>
    public static async Task RunAsync(StoreOptions store, TimeSpan every, CancellationToken ct)
    {
        if (store.Provider != DbProvider.Sqlite) return;
        var file = FileOf(store.ConnectionString);
        InBackground[file] = 0;
        try
        {
            await using var connection = new SqliteConnection(store.ConnectionString);
            await connection.OpenAsync(ct);
            using var timer = new PeriodicTimer(every);
            while (await timer.WaitForNextTickAsync(ct))
            {
                await using var cmd = connection.CreateCommand();
                cmd.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
                await cmd.ExecuteNonQueryAsync(ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        finally
        {
            InBackground.TryRemove(file, out _);
        }
    }
}
