using Changxiao.Store;

namespace Changxiao.Hosting;

/// <summary>The server's SQLite checkpoints, once a second, off the write path (see <see cref="SqliteCheckpoints"/>).</summary>
public sealed class Checkpointer(StoreOptions store) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => SqliteCheckpoints.RunAsync(store, TimeSpan.FromSeconds(1), stoppingToken);
}
