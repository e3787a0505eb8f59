using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Changxiao.Hosting;
using Changxiao.Kernel.Access;
using Changxiao.Store.Services;
using Changxiao.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Changxiao.Tests.Matters;

/// <summary>
/// The server is killed with SIGKILL in the middle of an intake load and started again: every
/// submission that was acknowledged (201) is there exactly once, and the journal verifies.
/// </summary>
public abstract class CrashTests(DbKind kind)
{
    [Fact]
    public async Task Intake_KilledMidLoad_EveryAcknowledgedSubmissionOnceAndJournalIntact()
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var packs = Path.Combine(Path.GetTempPath(), "cx-crash-" + Guid.NewGuid().ToString("N")[..8]);
        foreach (var f in Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "packs"), "*", SearchOption.AllDirectories))
            Copy(f, Path.Combine(packs, Path.GetRelativePath(Path.Combine(AppContext.BaseDirectory, "packs"), f)));
        foreach (var f in Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "TestPacks", "tp")))
            Copy(f, Path.Combine(packs, "mechanisms", "tp", Path.GetFileName(f)));
        var settings = Settings.From(db.Spec, packs);
        var catalog = await ServiceSetup.PrepareAsync(settings);
        string token;
        Guid unit;
        await using (var sp = ServiceSetup.BuildCliServices(settings, catalog))
        {
            using var scope = sp.CreateScope();
            await Changxiao.Cli.DemoSeed.CreateAdminAsync(scope.ServiceProvider, "crash", TestApp.Password, "压测管理员", null, SystemRoles.Sysadmin.Code, default);
            var org = scope.ServiceProvider.GetRequiredService<OrgService>();
            var dbc = scope.ServiceProvider.GetRequiredService<Store.ChangxiaoDb>();
            var account = await dbc.Accounts.AsNoTracking().SingleAsync(a => a.Username == "crash");
            unit = (await dbc.Units.AsNoTracking().SingleAsync(u => u.ParentId == null)).Id;
            await org.AssignRoleAsync(Actor.System("t"), account.PersonId, "tp/intake", unit, subtree: true);
            var actor = await scope.ServiceProvider.GetRequiredService<AccountService>().ActorForAsync(account);
            token = (await scope.ServiceProvider.GetRequiredService<AccountService>().IssueTokenAsync(actor, "load")).Token;
        }

        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        var acknowledged = new ConcurrentBag<string>();
        var server = StartServer(settings, packs, url);
        try
        {
            await WaitHealthy(url);
            // The load runs at least 10 s; it is stopped only once submissions were acknowledged both before
            // the kill and after the restart (bounded, so a slow machine makes the test slower, not flaky).
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            var started = System.Diagnostics.Stopwatch.StartNew();
            var clients = Enumerable.Range(0, 8).Select(c => Task.Run(async () =>
            {
                using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(5) };
                http.DefaultRequestHeaders.Authorization = new("Bearer", token);
                for (var n = 0; !cts.IsCancellationRequested; n++)
                {
                    var content = $"crash-{c}-{n}";
                    try
                    {
                        var res = await http.PostAsJsonAsync("/api/v1/matters/tp/complaint", new { fields = new { content }, unitId = unit }, cts.Token);
                        if (res.StatusCode == HttpStatusCode.Created) acknowledged.Add(content);
                    }
                    catch (Exception) when (!cts.IsCancellationRequested)
                    {
                        await Task.Delay(50); // the server is down or restarting: not acknowledged, try the next one
                    }
                    catch (OperationCanceledException) { }
                }
            })).ToList();

            await Task.Delay(TimeSpan.FromSeconds(4));
            await Until(() => acknowledged.Count >= 20, TimeSpan.FromSeconds(20));
            var before = acknowledged.Count;
            server.Kill(entireProcessTree: true); // SIGKILL: no shutdown, no flush
            await server.WaitForExitAsync();
            server = StartServer(settings, packs, url);
            await WaitHealthy(url);
            await Until(() => acknowledged.Count >= before + 20 && started.Elapsed >= TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(40));
            await cts.CancelAsync();
            await Task.WhenAll(clients);
            Assert.True(before > 0, "no submission was acknowledged before the kill");
            Assert.True(acknowledged.Count > before, "no submission was acknowledged after the restart");
        }
        finally
        {
            if (!server.HasExited) server.Kill(entireProcessTree: true);
        }

        await using var check = db.Open();
        var titles = await check.Set<Store.Model.MatterRow>().AsNoTracking().Where(m => m.Title.StartsWith("crash-")).Select(m => m.Title).ToListAsync();
        var counts = titles.GroupBy(t => t).ToDictionary(g => g.Key, g => g.Count());
        foreach (var content in acknowledged)
            Assert.True(counts.TryGetValue(content, out var n) && n == 1, $"{content}: acknowledged but found {counts.GetValueOrDefault(content)} times");
        Assert.All(counts, kv => Assert.Equal(1, kv.Value));
        var report = await JournalService.VerifyAsync(check);
        Assert.True(report.Ok, report.Message);
    }

    private static async Task Until(Func<bool> condition, TimeSpan max)
    {
        var until = DateTime.UtcNow + max;
        while (!condition() && DateTime.UtcNow < until) await Task.Delay(100);
    }

    private static Process StartServer(Settings settings, string packs, string url)
    {
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "changxiao.dll"), "serve", "--packs", packs, "--urls", url })
            psi.ArgumentList.Add(a);
        psi.Environment["CHANGXIAO_DB"] = settings.Store.Provider == Store.DbProvider.Sqlite ? "sqlite:" + new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(settings.Store.ConnectionString).DataSource : "postgres:" + settings.Store.ConnectionString;
        psi.Environment["CHANGXIAO_KEYS"] = Path.Combine(Path.GetTempPath(), "cx-test-keys");
        psi.Environment["CHANGXIAO_SWEEP_SECONDS"] = "0";
        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    private static async Task WaitHealthy(string url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var until = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < until)
        {
            try
            {
                if ((await http.GetAsync(url + "/healthz")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException("the server did not start");
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Copy(from, to);
    }
}

public sealed class CrashTests_Sqlite() : CrashTests(DbKind.Sqlite);

public sealed class CrashTests_Postgres() : CrashTests(DbKind.Postgres);
