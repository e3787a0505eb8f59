using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Changxiao.Kernel.Access;
using Changxiao.Kernel.Org;
using Changxiao.Packs.Mechanisms;
using Changxiao.Store;
using Changxiao.Store.Matters;
using Changxiao.Store.Services;

namespace Changxiao.Bench;

/// <summary>Intake over HTTP on loopback: clients POST new matters as fast as they are acknowledged.</summary>
internal static class Intake
{
    public static async Task<int> SetupAsync(string[] args)
    {
        var options = StoreOptions.Parse(Args.Get(args, "--db", "sqlite:bench/out/intake.db"));
        var packs = new PackCatalog(PackLoader.LoadAll(Path.Combine(Args.Get(args, "--packs", "bench/out/packs"), "mechanisms")));
        await Database.MigrateAsync(options);
        await using var db = Database.Open(options);
        var writer = new Writer(db, TimeProvider.System);
        var sys = Actor.System("bench");
        var org = new OrgService(db, writer, new UnitKinds([new UnitKind("county", "县", "County")]), packs);
        var unit = await org.CreateUnitAsync(sys, new UnitInput("BENCH-" + Guid.NewGuid().ToString("N")[..6], "基准测试县", "county", null));
        var person = await org.CreatePersonAsync(sys, new PersonInput("BP-" + Guid.NewGuid().ToString("N")[..6], "压测员", unit.Id, null, null));
        await org.AssignRoleAsync(sys, person.Id, "tp/intake", unit.Id, subtree: true);
        var accounts = new AccountService(db, writer, Kernel.Accounts.LockoutPolicy.Default);
        var account = await accounts.CreateAsync(sys, "bench-" + Guid.NewGuid().ToString("N")[..6], person.Id, "Bench-pass1");
        var (_, token) = await accounts.IssueTokenAsync(await accounts.ActorForAsync(account), "bench");
        Console.WriteLine($"{token} {unit.Id}");
        return 0;
    }

    public static async Task<int> LoadAsync(string[] args)
    {
        var url = Args.Get(args, "--url", "http://127.0.0.1:5080");
        var token = Args.Get(args, "--token", "");
        var unit = Args.Get(args, "--unit", "");
        var seconds = int.Parse(Args.Get(args, "--seconds", "10"));
        var clients = int.Parse(Args.Get(args, "--clients", "16"));
        var path = $"/api/v1/matters/{Args.Get(args, "--pack", "tp")}/{Args.Get(args, "--kind", "complaint")}";
        var latencies = new ConcurrentBag<double>();
        var failures = 0;
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(url) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        if (args.Contains("--minimal")) http.DefaultRequestHeaders.Add("Prefer", "return=minimal");
        var sw = Stopwatch.StartNew();
        var end = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            for (var n = 0; sw.Elapsed < end; n++)
            {
                var t = Stopwatch.GetTimestamp();
                var res = await http.PostAsJsonAsync(path, new { fields = new { content = $"压测投诉 {c}-{n}：窗口办事拖沓" }, unitId = unit });
                if (res.StatusCode == HttpStatusCode.Created) latencies.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                else Interlocked.Increment(ref failures);
            }
        })));
        var elapsed = sw.Elapsed.TotalSeconds;
        var sorted = latencies.Order().ToArray();
        double P(double q) => sorted.Length == 0 ? 0 : sorted[(int)Math.Min(sorted.Length - 1, q * sorted.Length)];
        Console.WriteLine($"{sorted.Length} accepted in {elapsed:0.0} s = {sorted.Length / elapsed:0} matters/s; failures {failures}; " +
                          $"latency p50 {P(0.5):0.0} ms, p95 {P(0.95):0.0} ms, p99 {P(0.99):0.0} ms ({clients} clients)");
        return 0;
    }
}
