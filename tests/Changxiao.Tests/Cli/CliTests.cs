using System.Diagnostics;
using Changxiao.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Changxiao.Tests.Cli;

/// <summary>The real executable, run as a process, as an administrator would.</summary>
public sealed class CliTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "cx-cli-" + Guid.NewGuid().ToString("N")[..8]);
    private string Db => "sqlite:" + Path.Combine(_dir, "cli.db");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }

    public static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "changxiao.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment.Remove("CHANGXIAO_DB");
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (p.ExitCode, await stdout, await stderr);
    }

    [Theory]
    [InlineData("journal", "verify")]
    [InlineData("sweep")]
    [InlineData("notify", "dispatch")]
    public async Task VerbsOnACounty_MissingDatabase_SayItInOneSentence_Exit1_CreateNothing(params string[] verb)
    {
        var path = Path.Combine(_dir, "missing", "nowhere.db");
        var (code, _, err) = await Run([.. verb, "--db", "sqlite:" + path]);
        Assert.Equal(1, code);
        Assert.Equal($"数据库不存在：{path}。请先运行 changxiao demo 或 changxiao db migrate。", err.Trim());
        Assert.False(File.Exists(path));
        Assert.False(Directory.Exists(Path.GetDirectoryName(path)));

        var empty = Path.Combine(_dir, "empty.db");
        File.WriteAllBytes(empty, []);
        (code, _, err) = await Run([.. verb, "--db", "sqlite:" + empty]);
        Assert.Equal(1, code);
        Assert.StartsWith("数据库尚未建立（没有日志链）", err.Trim());
        Assert.Single(err.Trim().Split('\n'));
    }

    [Fact]
    public async Task DemoNoServe_PrintsTheLoginsItSet_AndTheCountyVerifies()
    {
        var (code, output, err) = await Run("demo", "--no-serve", "--scale", "200", "--db", Db);
        Assert.True(code == 0, err);
        Assert.Matches(@"登录 / login: admin\s+密码 / password: cx-\w+", output);
        Assert.Matches(@"登录 / login: zhen01\s+密码 / password: cx-\w+", output);
        (code, output, _) = await Run("journal", "verify", "--db", Db);
        Assert.Equal(0, code);
        Assert.EndsWith("entries OK", output.Trim());
    }

    [Fact]
    public async Task CalendarDue_CrossesMakeUpSunday()
    {
        var (code, output, _) = await Run("calendar", "due", "2025-09-26", "3 working days");
        Assert.Equal(0, code);
        Assert.Equal("2025-09-30", output.Trim());
    }

    [Fact]
    public async Task CalendarList_OneLinePerDate()
    {
        var (code, output, _) = await Run("calendar", "list", "2025-09-27", "2025-10-01");
        Assert.Equal(0, code);
        Assert.Equal(["2025-09-27 rest", "2025-09-28 workday 国庆节调休", "2025-09-29 workday", "2025-09-30 workday", "2025-10-01 rest 国庆节"],
            output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task CalendarDue_BadLimit_Exit2NamesArgument()
    {
        var (code, _, err) = await Run("calendar", "due", "2025-09-26", "three fortnights");
        Assert.Equal(2, code);
        Assert.Contains("LIMIT", err);
    }

    [Fact]
    public async Task ImportOrg_BadRow_Exit1NamesRow_NothingImported()
    {
        var csv = Path.Combine(_dir, "units.csv");
        await File.WriteAllTextAsync(csv, "编码,名称,类型,上级编码\nX1,某县,county,\nX2,某镇,不存在的类型,X1\n");
        var (code, _, err) = await Run("import", "org", csv, "--db", Db);
        Assert.Equal(1, code);
        Assert.Contains("第3行", err);
        Assert.Contains("类型", err);
        await using var db = Store.Database.Open(Store.StoreOptions.Parse(Db));
        Assert.Equal(0, await db.Units.CountAsync());
        Assert.Equal(0, await db.Journal.CountAsync());
    }

    [Fact]
    public async Task ImportThenVerify_ThenTamper_VerifyNamesBrokenEntry()
    {
        var csv = Path.Combine(_dir, "units.csv");
        await File.WriteAllTextAsync(csv, "编码,名称,类型,上级编码\nY1,某县,county,\nY2,某镇,township,Y1\nY3,某村,village,Y2\n");
        var import = await Run("import", "org", csv, "--db", Db);
        Assert.True(import.Code == 0, import.Err);
        Assert.Contains("单位 3", import.Out);

        var ok = await Run("journal", "verify", "--db", Db);
        Assert.Equal(0, ok.Code);
        Assert.Equal("3 entries OK", ok.Out.Trim());

        await using (var db = Store.Database.Open(Store.StoreOptions.Parse(Db)))
            await db.Database.ExecuteSqlRawAsync("UPDATE journal SET data = replace(data, '某镇', '别镇') WHERE seq = 2");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var bad = await Run("journal", "verify", "--db", Db);
        Assert.Equal(1, bad.Code);
        Assert.Contains("entry 2", bad.Err);
    }

    [Fact]
    public async Task AdminCreate_EmptyDatabase_CreatesRootAndAccount()
    {
        var (code, output, err) = await Run("admin", "create", "chief", "--password", "Chief-pass1", "--db", Db);
        Assert.True(code == 0, err);
        Assert.Contains("chief", output);
        await using var db = Store.Database.Open(Store.StoreOptions.Parse(Db));
        var account = await db.Accounts.SingleAsync(a => a.Username == "chief");
        var grant = await db.RoleAssignments.SingleAsync(r => r.PersonId == account.PersonId);
        Assert.Equal("sysadmin", grant.Role);
        Assert.True(grant.Subtree);
    }

    [Fact]
    public async Task DbMigrate_Twice_SecondSaysUpToDate()
    {
        var first = await Run("db", "migrate", "--db", Db);
        Assert.Equal(0, first.Code);
        Assert.Contains("0001_Init", first.Out);
        var second = await Run("db", "migrate", "--db", Db);
        Assert.Contains("已是最新", second.Out);
    }

    [Fact]
    public async Task Serve_InvalidPack_RefusesToStartNamingFileAndLine()
    {
        var packs = Path.Combine(_dir, "packs");
        CopyDir(Path.Combine(AppContext.BaseDirectory, "packs"), packs);
        var broken = Path.Combine(packs, "calendars", "2025.yaml");
        await File.WriteAllTextAsync(broken, (await File.ReadAllTextAsync(broken)).Replace("2025-10-01", "2025-13-01"));
        var (code, _, err) = await Run("serve", "--packs", packs, "--db", Db, "--urls", "http://127.0.0.1:0");
        Assert.Equal(1, code);
        Assert.Contains("2025.yaml:", err);
    }

    private static void CopyDir(string from, string to)
    {
        foreach (var f in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var dest = Path.Combine(to, Path.GetRelativePath(from, f));
            Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
            File.Copy(f, dest);
        }
    }
}
