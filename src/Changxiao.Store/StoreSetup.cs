using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Changxiao.Store;

public enum DbProvider { Sqlite, Postgres }

/// <summary>
/// Where the data lives. Written as "sqlite:PATH" or "postgres:CONNECTION-STRING";
/// a bare path means SQLite. The default is SQLite at ./data/changxiao.db.
/// </summary>
public sealed record StoreOptions(DbProvider Provider, string ConnectionString)
{
    public const string DefaultSpec = "sqlite:data/changxiao.db";

    public static StoreOptions Parse(string? spec)
    {
        spec = string.IsNullOrWhiteSpace(spec) ? DefaultSpec : spec.Trim();
        if (spec.StartsWith("postgres:", StringComparison.OrdinalIgnoreCase))
            return new(DbProvider.Postgres, Tuned(spec["postgres:".Length..]));
        if (spec.StartsWith("postgresql:", StringComparison.OrdinalIgnoreCase))
            return new(DbProvider.Postgres, Tuned(spec["postgresql:".Length..]));
        var path = spec.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase) ? spec["sqlite:".Length..] : spec;
        if (path.Contains('=')) return new(DbProvider.Sqlite, path); // already a connection string
        var full = Path.GetFullPath(path); // its folder is made by MigrateAsync, which creates the database
        return new(DbProvider.Sqlite, new SqliteConnectionStringBuilder { DataSource = full, Pooling = true, DefaultTimeout = 30 }.ToString());
    }

    /// <summary>
    /// Npgsql defaults for this workload unless the connection string says otherwise: statements used again and again
    /// (every request's actor, every intake's inserts) are prepared once per connection, which halves PostgreSQL's CPU
    /// per request; pooled connections keep them (no reset on close: nothing here changes session state).
    /// </summary>
    private static string Tuned(string connectionString)
    {
        var b = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!HasKey(connectionString, "Max Auto Prepare", "MaxAutoPrepare")) b.MaxAutoPrepare = 64;
        if (!HasKey(connectionString, "No Reset On Close", "NoResetOnClose")) b.NoResetOnClose = true;
        return b.ConnectionString;
    }

    private static bool HasKey(string connectionString, params string[] names) =>
        connectionString.Split(';').Select(p => p.Split('=')[0].Trim()).Any(k => names.Contains(k, StringComparer.OrdinalIgnoreCase));

    public void Configure(DbContextOptionsBuilder b)
    {
        if (Provider == DbProvider.Postgres) b.UseNpgsql(ConnectionString);
        else b.UseSqlite(ConnectionString).AddInterceptors(SqlitePragmas.Instance);
        // Migrations are hand-written without a model snapshot; EF would otherwise refuse to migrate.
        b.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
    }

    public string Describe() => Provider == DbProvider.Postgres
        ? "PostgreSQL " + new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString) { Password = null }.ConnectionString
        : "SQLite " + new SqliteConnectionStringBuilder(ConnectionString).DataSource;
}

/// <summary>WAL for concurrent readers; FULL sync so that an acknowledged commit survives a power cut.</summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    public static readonly SqlitePragmas Instance = new();

    public override void ConnectionOpened(System.Data.Common.DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(System.Data.Common.DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    /// <summary>What each native connection was last set to: a pooled connection keeps its settings, so EF's opening it
    /// again for every query need not run the pragmas again.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, string> Applied = new();

    private static void Apply(System.Data.Common.DbConnection connection)
    {
        var pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000;" + SqliteCheckpoints.PragmaFor(connection.ConnectionString);
        var handle = (connection as SqliteConnection)?.Handle;
        if (handle is not null && Applied.TryGetValue(handle, out var done) && done == pragmas) return;
        using var cmd = connection.CreateCommand();
        cmd.CommandText = pragmas;
        cmd.ExecuteNonQuery();
        if (handle is not null) Applied.AddOrUpdate(handle, pragmas);
    }
}

public static class Database
{
    public static ChangxiaoDb Open(StoreOptions options) => new(Options(options));

    /// <summary>Context options for <paramref name="options"/>; build once and reuse (EF caches by them).</summary>
    public static DbContextOptions<ChangxiaoDb> Options(StoreOptions options, IInterceptor? interceptor = null)
    {
        var b = new DbContextOptionsBuilder<ChangxiaoDb>();
        options.Configure(b);
        if (interceptor is not null) b.AddInterceptors(interceptor);
        return b.Options;
    }

    /// <summary>
    /// Why a verb that works on an existing county cannot run on this database — no such file, or a database never set up
    /// (no journal) — in one sentence; null when it can. Creates nothing.
    /// </summary>
    public static async Task<string?> NotSetUpAsync(StoreOptions options, CancellationToken ct = default)
    {
        if (options.Provider == DbProvider.Sqlite)
        {
            var file = new SqliteConnectionStringBuilder(options.ConnectionString).DataSource;
            if (!File.Exists(file)) return $"数据库不存在：{file}。请先运行 changxiao demo 或 changxiao db migrate。";
        }
        await using var db = Open(options);
        try
        {
            if (await db.JournalHead.AsNoTracking().AnyAsync(ct)) return null;
        }
        catch (System.Data.Common.DbException)
        {
            // No journal table (an empty file, a new database), or no database at all: answered below.
        }
        return $"数据库尚未建立（没有日志链）：{options.Describe()}。请先运行 changxiao demo 或 changxiao db migrate。";
    }

    /// <summary>Applies pending migrations; returns the names of those applied.</summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(StoreOptions options, CancellationToken ct = default)
    {
        if (options.Provider == DbProvider.Sqlite)
            Directory.CreateDirectory(Path.GetDirectoryName(new SqliteConnectionStringBuilder(options.ConnectionString).DataSource)!);
        await using var db = Open(options);
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        if (pending.Count > 0) await db.Database.MigrateAsync(ct);
        return pending;
    }
}
