using System.Diagnostics;
using Changxiao.Kernel.Access;
using Changxiao.Kernel.Notifications;
using Changxiao.Kernel.Org;
using Changxiao.Store;
using Microsoft.EntityFrameworkCore;

namespace Changxiao.Tests.Notifications;

/// <summary><c>changxiao notify dispatch</c> as a process: one pass against the SMTP sink, then exit.</summary>
public sealed class NotifyCliTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "cx-notify-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly SmtpSink _smtp = SmtpSink.Start();
    private string Db => "sqlite:" + Path.Combine(_dir, "notify.db");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _smtp.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }

    private static async Task<(int Code, string Out, string Err)> Run(IReadOnlyDictionary<string, string> env, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "changxiao.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var k in psi.Environment.Keys.Where(k => k.StartsWith("CHANGXIAO_", StringComparison.Ordinal) || k.StartsWith("Changxiao__", StringComparison.Ordinal)).ToList())
            psi.Environment.Remove(k);
        foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (p.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task Dispatch_SendsTheQueuedEmailOnce_RecordsIt_Exits0()
    {
        var options = StoreOptions.Parse(Db);
        await Database.MigrateAsync(options);
        Guid email;
        await using (var db = Database.Open(options))
        {
            var writer = new Writer(db, TimeProvider.System, new NotificationRoutes(true, []));
            var (unit, person) = (Guid.CreateVersion7(), Guid.CreateVersion7());
            await writer.RunAsync(Actor.System("test"), w =>
            {
                w.Record(new UnitCreated(unit, "U1", "测试县", "county", null));
                w.Record(new PersonCreated(person, "P1", "张三", unit, null, "zhangsan@county.test"));
                return Task.CompletedTask;
            });
            email = await writer.RunAsync(Actor.System("test"), w => Task.FromResult(w.Notify(person, "命令行派发测试", "由 notify dispatch 发出")[1]));
        }
        var env = new Dictionary<string, string>
        {
            ["CHANGXIAO_SMTP_HOST"] = "127.0.0.1", ["CHANGXIAO_SMTP_PORT"] = _smtp.Port.ToString(), ["CHANGXIAO_SMTP_FROM"] = "notify@changxiao.test",
        };

        var (code, output, err) = await Run(env, "notify", "dispatch", "--db", Db);
        Assert.True(code == 0, err);
        Assert.Contains("delivered 1, failed 0 (given up 0), waiting 0", output);
        var mail = Assert.Single(_smtp.Messages);
        Assert.Equal("命令行派发测试", mail.Subject);
        Assert.Equal($"<{email:N}@changxiao.test>", mail.Headers["Message-ID"]);

        (code, output, _) = await Run(env, "notify", "dispatch", "--db", Db);
        Assert.Equal(0, code);
        Assert.Contains("delivered 0", output);
        Assert.Single(_smtp.Messages);
        await using var check = Database.Open(options);
        Assert.Equal(1, await check.Journal.CountAsync(e => e.Type == "notification.delivered"));
    }

    [Fact]
    public async Task Dispatch_WebhookWithoutSecret_Exit1NamesTheSetting()
    {
        Assert.Equal(0, (await Run(new Dictionary<string, string>(), "db", "migrate", "--db", Db)).Code);
        var (code, _, err) = await Run(new Dictionary<string, string> { ["CHANGXIAO_WEBHOOK_URLS"] = "https://hooks.example/cx" }, "notify", "dispatch", "--db", Db);
        Assert.Equal(1, code);
        Assert.Contains("CHANGXIAO_WEBHOOK_SECRET", err);
    }
}
