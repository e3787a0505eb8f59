using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Changxiao.Import;
using Changxiao.Tests.Cli;
using Changxiao.Tests.Import;
using Changxiao.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Changxiao.Tests.Api;

/// <summary>
/// Decompression bombs and huge files through the HTTP upload: each gets a clear 413 or 400 problem within 5 s, a
/// short body and a clean log, and the server allocates well under 500 MB for it. The tests run alone (not beside
/// other tests), so the process-wide allocation count is the upload's.
/// </summary>
public abstract class ImportBombApiTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : LoggedApp
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);
    private const long Mb = 1024 * 1024;

    private sealed record Answer(HttpStatusCode Status, string? MediaType, string Body, TimeSpan Took, long Allocated, List<(LogLevel Level, string Text)> Logged)
    {
        public JsonNode Json => JsonNode.Parse(Body)!;
    }

    private async Task<Answer> UploadAsync(string fileName, byte[] bytes)
    {
        var root = await app.LoginAsync("root");
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var form = new MultipartFormDataContent { { file, "file", fileName } };
        int logged = app.Log.Count;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60)); // a regression fails here instead of hanging
        long before = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        using var res = await root.PostAsync("/api/v1/import/org", form, timeout.Token);
        var body = await res.Content.ReadAsStringAsync(timeout.Token);
        clock.Stop();
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        return new Answer(res.StatusCode, res.Content.Headers.ContentType?.MediaType, body, clock.Elapsed, allocated, [.. app.Log.Since(logged)]);
    }

    /// <summary>The answer is a problem with the status and code, fast, short, cheap, and the log has no stack and no long line.</summary>
    private static JsonNode AssertClear(Answer a, HttpStatusCode status, string code, int maxBody = 4096)
    {
        Assert.True(a.Status == status, $"expected {(int)status}, got {(int)a.Status}: {a.Body[..Math.Min(a.Body.Length, 2000)]}");
        Assert.Equal("application/problem+json", a.MediaType);
        Assert.True(a.Took < Bound, $"answered after {a.Took.TotalSeconds:F1} s");
        Assert.True(a.Body.Length < maxBody, $"{a.Body.Length} characters of answer");
        Assert.True(a.Allocated < 500 * Mb, $"{a.Allocated / Mb} MB allocated");
        Assert.DoesNotContain(a.Logged, l => l.Level >= LogLevel.Warning);
        Assert.DoesNotContain(a.Logged, l => l.Text.Contains("   at ") || l.Text.Length > 1000);
        var p = a.Json;
        Assert.Equal(code, p["code"]!.GetValue<string>());
        Assert.Contains("未导入任何数据", p["title"]!.GetValue<string>());
        return p;
    }

    [Theory]
    [InlineData("shared-string", HttpStatusCode.RequestEntityTooLarge, "import.too-large")]
    [InlineData("shared-string-300m", HttpStatusCode.RequestEntityTooLarge, "import.too-large")]
    [InlineData("inline-string", HttpStatusCode.RequestEntityTooLarge, "import.too-large")]
    [InlineData("many-sheets", HttpStatusCode.RequestEntityTooLarge, "import.too-large")]
    [InlineData("many-entries", HttpStatusCode.RequestEntityTooLarge, "import.too-large")]
    [InlineData("deep-xml", HttpStatusCode.RequestEntityTooLarge, "import.too-large")]
    [InlineData("huge-attribute", HttpStatusCode.RequestEntityTooLarge, "import.too-large")]
    [InlineData("huge-cdata", HttpStatusCode.RequestEntityTooLarge, "import.too-large")]
    [InlineData("declared-larger", HttpStatusCode.RequestEntityTooLarge, "import.too-large")]
    [InlineData("declared-smaller", HttpStatusCode.BadRequest, "import.invalid")]
    public async Task Upload_XlsxBomb_ClearProblemWithin5s(string bomb, HttpStatusCode status, string code)
    {
        var bytes = Bombs.Get(bomb);

        var a = await UploadAsync("bomb.xlsx", bytes);

        var p = AssertClear(a, status, code);
        Assert.Single(p["errors"]!.AsArray());
    }

    [Fact]
    public async Task Upload_InlineStringBomb_NamesSheetRowAndColumn()
    {
        var a = await UploadAsync("bomb.xlsx", Bombs.Get("inline-string"));

        var error = AssertClear(a, HttpStatusCode.RequestEntityTooLarge, "import.too-large")["errors"]!.AsArray().Single()!;
        Assert.Equal(("人员", 2, "B"), (error["sheet"]!.GetValue<string>(), error["row"]!.GetValue<int>(), error["column"]!.GetValue<string>()));
        Assert.Contains("单元格内容过长", error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Upload_50MbOfBadRows_ShortAnswerWithTheFirst100AndACount_NothingImported()
    {
        var tag = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var name = new string('名', 80);
        string Line(int i) => $"坏{tag}{i:D7},{name},section,C-A\n"; // a bad code: 编码只能包含字母、数字和 - _ .
        int rows = (int)(50 * Mb / Encoding.UTF8.GetByteCount(Line(0))) + 1;
        var csv = new StringBuilder("编码,名称,类型,上级编码\n");
        for (int i = 0; i < rows; i++) csv.Append(Line(i));
        var bytes = new UTF8Encoding(false).GetBytes(csv.ToString());
        Assert.InRange(bytes.Length, 50 * Mb, 51 * Mb);

        var a = await UploadAsync("units.csv", bytes);

        var p = AssertClear(a, HttpStatusCode.BadRequest, "import.invalid", maxBody: 32 * 1024);
        var errors = p["errors"]!.AsArray();
        Assert.Equal(ImportFileException.MaxReported, errors.Count);
        Assert.All(errors, e => Assert.True(e!["message"]!.GetValue<string>().Length < 100));
        Assert.Contains($"共 {rows} 处错误", p["detail"]!.GetValue<string>());
        Assert.Contains($"还有 {rows - 100} 处错误", p["detail"]!.GetValue<string>());
        var units = await app.ScopeAsync(sp => sp.GetRequiredService<Store.ChangxiaoDb>().Units.CountAsync(u => u.Code.Contains(tag)));
        Assert.Equal(0, units);
    }

    [Fact]
    public async Task Upload_CsvSingle60MbLine_413NamingTheCell()
    {
        var bytes = new byte[60 * Mb];
        bytes.AsSpan().Fill((byte)'x');

        var a = await UploadAsync("units.csv", bytes);

        var error = AssertClear(a, HttpStatusCode.RequestEntityTooLarge, "import.too-large")["errors"]!.AsArray().Single()!;
        Assert.Equal((1, "第1列"), (error["row"]!.GetValue<int>(), error["column"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Upload_CsvWithMillionsOfRows_413NamingTheRow()
    {
        var csv = new StringBuilder("编码,名称,类型\n");
        csv.Insert(csv.Length, "X\n", 5_000_000);

        var a = await UploadAsync("units.csv", Encoding.UTF8.GetBytes(csv.ToString()));

        var error = AssertClear(a, HttpStatusCode.RequestEntityTooLarge, "import.too-large")["errors"]!.AsArray().Single()!;
        Assert.Equal(ImportLimits.Default.MaxRows + 1, error["row"]!.GetValue<int>());
    }

    [Fact]
    public async Task Upload_RowErrorFromTheImporterWithAHugeValue_QuotedClipped()
    {
        // The reader lets a long kind through (it has no length of its own); the importer's error quotes it.
        var kind = new string('类', 30_000);
        var csv = $"编码,名称,类型,上级编码\nHK-{Guid.NewGuid():N},某单位,{kind},C-A\n";

        var a = await UploadAsync("units.csv", Encoding.UTF8.GetBytes(csv));

        var error = AssertClear(a, HttpStatusCode.BadRequest, "import.invalid")["errors"]!.AsArray().Single()!;
        Assert.True(error["message"]!.GetValue<string>().Length <= ImportError.MaxMessage);
    }
}

[Collection(ImportBombApiCollection.Name)]
public sealed class ImportBombApiTests_Sqlite(LoggedSqliteApp app) : ImportBombApiTests<LoggedSqliteApp>(app);

[Collection(ImportBombApiCollection.Name)]
public sealed class ImportBombApiTests_Postgres(LoggedPostgresApp app) : ImportBombApiTests<LoggedPostgresApp>(app);

/// <summary>Alone, so that time and allocation are the upload's.</summary>
[CollectionDefinition(ImportBombApiCollection.Name, DisableParallelization = true)]
public sealed class ImportBombApiCollection
{
    public const string Name = "import-bombs-over-http";
}

/// <summary>The test server, keeping every line it logs.</summary>
public class LoggedApp : TestApp
{
    public LogLines Log { get; } = new();

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(Log);
}

public sealed class LoggedSqliteApp : LoggedApp;

public sealed class LoggedPostgresApp : LoggedApp
{
    protected override DbKind Kind => DbKind.Postgres;
}

public sealed class LogLines : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Text)> _lines = new();

    public int Count => _lines.Count;

    public IEnumerable<(LogLevel Level, string Text)> Since(int count) => _lines.Skip(count);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogLines sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink._lines.Enqueue((logLevel, $"{category}: {formatter(state, exception)}{(exception is null ? "" : "\n" + exception)}"));
    }
}

/// <summary>The CLI reads the same way: a bomb is one short line on stderr, exit 1, nothing imported.</summary>
public sealed class ImportBombCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cx-bomb-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task ImportOrg_SharedStringBomb_Exit1WithAShortMessage()
    {
        var path = Path.Combine(_dir, "bomb.xlsx");
        await File.WriteAllBytesAsync(path, Bombs.Get("shared-string"));
        var db = "sqlite:" + Path.Combine(_dir, "cli.db");

        var (code, _, err) = await CliTests.Run("import", "org", path, "--db", db);

        Assert.Equal(1, code);
        Assert.Contains("单元格内容过长", err);
        Assert.True(err.Length < 2000, err[..Math.Min(err.Length, 2000)]);
        await using var store = Store.Database.Open(Store.StoreOptions.Parse(db));
        Assert.Equal(0, await store.Journal.CountAsync());
    }
}
