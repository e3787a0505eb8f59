using Changxiao.Store;
using Npgsql;

namespace Changxiao.Tests.Infrastructure;

public enum DbKind { Sqlite, Postgres }

/// <summary>
/// A fresh, migrated database per fixture: a temp SQLite file, or a new database on the
/// PostgreSQL server that test.sh starts (connection in CHANGXIAO_TEST_PG).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _sqliteFile;
    private readonly string? _pgAdmin;
    private readonly string? _pgName;

    private TestDatabase(string spec, string? sqliteFile, string? pgAdmin, string? pgName)
    {
        Spec = spec;
        Options = StoreOptions.Parse(spec);
        _sqliteFile = sqliteFile;
        _pgAdmin = pgAdmin;
        _pgName = pgName;
    }

    public string Spec { get; }

    public StoreOptions Options { get; }

    public static async Task<TestDatabase> CreateAsync(DbKind kind)
    {
        TestDatabase db;
        if (kind == DbKind.Sqlite)
        {
            var file = Path.Combine(Path.GetTempPath(), $"cx-test-{Guid.NewGuid():N}.db");
            db = new TestDatabase("sqlite:" + file, file, null, null);
        }
        else
        {
            var server = Environment.GetEnvironmentVariable("CHANGXIAO_TEST_PG")
                         ?? throw new InvalidOperationException(
                             "CHANGXIAO_TEST_PG is not set: run ./test.sh, which starts PostgreSQL on 127.0.0.1 and sets it.");
            var name = "cx_test_" + Guid.NewGuid().ToString("N")[..16];
            var admin = new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString;
            await using (var conn = new NpgsqlConnection(admin))
            {
                await conn.OpenAsync();
                await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", conn);
                await cmd.ExecuteNonQueryAsync();
            }
            var cs = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
            db = new TestDatabase("postgres:" + cs, null, admin, name);
        }
        await Database.MigrateAsync(db.Options);
        return db;
    }

    public ChangxiaoDb Open() => Database.Open(Options);

    public async ValueTask DisposeAsync()
    {
        if (_sqliteFile is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var f in new[] { _sqliteFile, _sqliteFile + "-wal", _sqliteFile + "-shm" })
                if (File.Exists(f)) File.Delete(f);
        }
        if (_pgAdmin is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var conn = new NpgsqlConnection(_pgAdmin);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_pgName} WITH (FORCE)", conn);
            await cmd.ExecuteNonQueryAsync();
        }
    }
}

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
