using System.Diagnostics;
using System.Text.Json.Nodes;
using Changxiao.Kernel.Access;
using Changxiao.Kernel.Calendar;
using Changxiao.Kernel.Journal;
using Changxiao.Kernel.Matters;
using Changxiao.Kernel.Org;
using Changxiao.Kernel.Packs;
using Changxiao.Packs.Calendars;
using Changxiao.Packs.Mechanisms;
using Changxiao.Store;
using Changxiao.Store.Matters;
using Changxiao.Store.Model;
using Microsoft.EntityFrameworkCore;

namespace Changxiao.Bench;

/// <summary>A clock that shows the instant it is set to: bench dates are deterministic.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;
    public override DateTimeOffset GetUtcNow() => Now;

    /// <summary>09:00 Asia/Shanghai on a date (plus an offset that keeps batches apart).</summary>
    public static DateTimeOffset At(DateOnly date, TimeSpan plus = default) =>
        new DateTimeOffset(date.ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(8)).ToUniversalTime() + plus;
}

/// <summary>
/// Matters at scale (issue point 10): a county of U units and N open <c>tp/complaint</c> matters, opened through the
/// kernel (MatterEngine.Open) and recorded through the Writer in transactions of 5,000. Opening dates are chosen so that
/// at <c>--now</c> about 10% are red, 10% yellow (their ladder steps recorded by MatterEngine.Sweep at --now, as the
/// sweeper would have), exactly 10,000 clocks reach a ladder step on the next day, and the rest are quiet.
/// </summary>
internal static class MattersFill
{
    public const string DefaultNow = "2025-11-17";
    private const int Batch = 5_000;

    internal static (PackCatalog Packs, WorkCalendar Calendar) LoadPacks(string dir) =>
        (new PackCatalog(PackLoader.LoadAll(Path.Combine(dir, "mechanisms"))), CalendarLoader.LoadFolder(Path.Combine(dir, "calendars")));

    internal static FieldCipher BenchCipher() => new(new byte[32]);

    public static async Task<int> RunAsync(string[] args)
    {
        var options = StoreOptions.Parse(Args.Get(args, "--db", "sqlite:bench/out/matters.db"));
        var (packs, calendar) = LoadPacks(Args.Get(args, "--packs", "bench/out/packs"));
        var total = int.Parse(Args.Get(args, "--matters", "1000000"));
        var unitCount = int.Parse(Args.Get(args, "--units", "1000"));
        var now = DateOnly.ParseExact(Args.Get(args, "--now", DefaultNow), "yyyy-MM-dd");
        var next = now.AddDays(1);
        var pack = packs.CurrentOf("tp") ?? throw new InvalidOperationException("pack tp not found under --packs");
        var kind = pack.Kinds["complaint"];
        await Database.MigrateAsync(options);
        var time = new FixedTime(FixedTime.At(now.AddDays(-60)));
        var sw = Stopwatch.StartNew();
        await using var db = Database.Open(options);
        var writer = new Writer(db, time, null, BenchCipher(), packs, calendar);
        var sys = Actor.System("bench");

        // ---- the county: county → townships → sections -------------------------------------------------------
        var townships = Math.Clamp(unitCount / 50, 1, 40);
        var sections = Math.Max(0, unitCount - 1 - townships);
        var county = Guid.CreateVersion7();
        var townIds = Enumerable.Range(0, townships).Select(_ => Guid.CreateVersion7()).ToArray();
        var sectionIds = new List<(Guid Id, Guid Parent)>();
        await writer.RunAsync(sys, w =>
        {
            w.Record(new UnitCreated(county, "BX", "基准县", "county", null));
            for (var t = 0; t < townships; t++) w.Record(new UnitCreated(townIds[t], $"BX-T{t + 1:D2}", $"基准第{t + 1}镇", "county", county));
            for (var s = 0; s < sections; s++)
            {
                var id = Guid.CreateVersion7();
                var parent = townIds[s % townships];
                sectionIds.Add((id, parent));
                w.Record(new UnitCreated(id, $"BX-T{s % townships + 1:D2}-S{s / townships + 1:D3}", $"基准科室{s + 1}", "county", parent));
            }
            return Task.CompletedTask;
        });
        var paths = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.Path);
        // Matters go to sections and townships alike (a township's own matters and its sections').
        var targets = townIds.Concat(sectionIds.Select(s => s.Id)).ToArray();
        Console.Error.WriteLine($"{unitCount:N0} units ({townships} townships, {sections} sections) in {sw.Elapsed.TotalSeconds:0.0} s");

        // ---- which opening dates give which state at --now: ask the kernel with one probe matter per date --------
        var input0 = Input(targets[0], 0);
        (Guid, string)? ByCode(string _) => null;
        var lookups = new MatterLookups(UnitPath: uid => paths.GetValueOrDefault(uid));
        var acting = ActingAs.System("bench");
        var red = new List<DateOnly>(); var yellow = new List<DateOnly>(); var dueNext = new List<DateOnly>(); var quiet = new List<DateOnly>();
        for (var d = now.AddDays(-30); d <= now; d = d.AddDays(1))
        {
            var (_, after, sweepFacts) = Simulate(pack, input0, d, now, calendar, ByCode, lookups, acting, "PROBE");
            if (sweepFacts.Any(f => f is LinkedMatterRequested)) continue; // past the talk step
            var level = after.Clocks.FirstOrDefault()?.Level;
            var nc = MatterEngine.NextCheck(pack, after, calendar);
            if (nc is null || nc < next) continue;
            if (nc == next)
            {
                // Reaching its step tomorrow must not open a talk either.
                var tomorrow = MatterEngine.Sweep(pack, after, next, calendar);
                if (level is null && !tomorrow.Any(f => f is LinkedMatterRequested)) dueNext.Add(d);
                continue;
            }
            (level switch { "red" => red, "yellow" => yellow, _ => quiet }).Add(d);
        }
        if (red.Count == 0 || yellow.Count == 0 || dueNext.Count == 0 || quiet.Count == 0)
            throw new InvalidOperationException($"no opening dates for every group: red {red.Count}, yellow {yellow.Count}, next {dueNext.Count}, quiet {quiet.Count}");
        var nRed = total / 10; var nYellow = total / 10; var nNext = Math.Min(10_000, total / 10);
        var plan = new List<(DateOnly Date, int Count)>();
        void Spread(List<DateOnly> dates, int count)
        {
            for (var i = 0; i < dates.Count; i++) plan.Add((dates[i], count / dates.Count + (i < count % dates.Count ? 1 : 0)));
        }
        Spread(red, nRed); Spread(yellow, nYellow); Spread(dueNext, nNext); Spread(quiet, total - nRed - nYellow - nNext);
        plan = plan.Where(p => p.Count > 0).OrderBy(p => p.Date).ToList();
        Console.Error.WriteLine($"now {now:yyyy-MM-dd}, next day {next:yyyy-MM-dd}: red {nRed:N0} opened {string.Join(",", red.Select(x => x.ToString("MM-dd")))}; " +
                                $"yellow {nYellow:N0} ({string.Join(",", yellow.Select(x => x.ToString("MM-dd")))}); step tomorrow {nNext:N0} ({string.Join(",", dueNext.Select(x => x.ToString("MM-dd")))}); " +
                                $"quiet {total - nRed - nYellow - nNext:N0} ({string.Join(",", quiet.Select(x => x.ToString("MM-dd")))})");

        // ---- the matters ---------------------------------------------------------------------------------------
        var rng = new Random(20251120);
        var seq = await db.Set<MatterCounterRow>().Where(c => c.PackId == "tp" && c.Kind == "complaint").Select(c => (int?)c.Last).MaxAsync() ?? 0;
        long done = 0, batchNo = 0;
        var fillStart = sw.Elapsed;
        foreach (var (date, count) in plan)
        {
            for (var off = 0; off < count; off += Batch)
            {
                var n = Math.Min(Batch, count - off);
                time.Now = FixedTime.At(date, TimeSpan.FromSeconds(batchNo++));
                await writer.RunAsync(sys, w =>
                {
                    for (var i = 0; i < n; i++)
                    {
                        var unit = targets[rng.Next(targets.Length)];
                        var number = MatterNumber.Format(MatterNumber.FormatOf(pack.Id, kind), date.Year, ++seq);
                        var facts = MatterEngine.Open(pack, "complaint", Guid.CreateVersion7(), number, Input(unit, seq), acting, date, calendar, ByCode, lookups);
                        foreach (var f in facts) w.Record(f);
                        // What the sweeper would have recorded by --now (red and yellow cards).
                        var snapshot = MatterProjection.ApplyAll(null, facts)!;
                        foreach (var f in MatterEngine.Sweep(pack, snapshot, now, calendar)) w.Record(f);
                    }
                    return Task.CompletedTask;
                });
                done += n;
                if (done % 100_000 < Batch && done % 100_000 + n >= Batch || done == total)
                    Console.Error.WriteLine($"{done:N0} matters, {(sw.Elapsed - fillStart).TotalSeconds:0} s");
            }
        }
        var fill = (sw.Elapsed - fillStart).TotalSeconds;
        Console.WriteLine($"{total:N0} matters in {unitCount:N0} units filled in {fill:0.0} s ({total / fill:0} matters/s; {options.Describe()}); " +
                          $"sweep with --at {next:yyyy-MM-dd}; query --unit-code BX-T01");
        return 0;
    }

    private static OpenInput Input(Guid unit, int seq) =>
        new(new Dictionary<string, JsonNode?> { ["content"] = $"基准投诉 {seq}：窗口办事拖沓" }, null, unit);

    private static (MatterSnapshot Opened, MatterSnapshot After, IReadOnlyList<IFact> Swept) Simulate(Pack pack, OpenInput input, DateOnly opened, DateOnly now,
        WorkCalendar calendar, Func<string, (Guid, string)?> byCode, MatterLookups lookups, ActingAs acting, string number)
    {
        var facts = MatterEngine.Open(pack, "complaint", Guid.NewGuid(), number, input, acting, opened, calendar, byCode, lookups);
        var snapshot = MatterProjection.ApplyAll(null, facts)!;
        var swept = MatterEngine.Sweep(pack, snapshot, now, calendar);
        return (snapshot, MatterProjection.ApplyAll(snapshot, swept)!, swept);
    }
}

/// <summary>"Red matters in a unit subtree, first page" as the console asks it, as a township officer and as the county admin.</summary>
internal static class MattersQuery
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = StoreOptions.Parse(Args.Get(args, "--db", "sqlite:bench/out/matters.db"));
        var (packs, calendar) = MattersFill.LoadPacks(Args.Get(args, "--packs", "bench/out/packs"));
        var code = Args.Get(args, "--unit-code", "BX-T01");
        var runs = int.Parse(Args.Get(args, "--runs", "200"));
        var now = DateOnly.ParseExact(Args.Get(args, "--now", MattersFill.DefaultNow), "yyyy-MM-dd");
        var time = new FixedTime(FixedTime.At(now));
        await using var db = Database.Open(options);
        var unit = await db.Units.AsNoTracking().SingleAsync(u => u.Code == code);
        var root = await db.Units.AsNoTracking().Where(u => u.ParentId == null && u.Code == "BX").SingleAsync();
        var officer = new Actor(null, Guid.NewGuid(), "镇工作人员", [new Grant(SystemRoles.Officer.Code, unit.Id, unit.Path, true)]);
        var admin = new Actor(null, Guid.NewGuid(), "县管理员", [new Grant(SystemRoles.Sysadmin.Code, root.Id, root.Path, true)]);
        var service = new MatterService(db, new Writer(db, time, null, null, packs, calendar), packs, calendar, time, MattersFill.BenchCipher());
        var query = new MatterQuery(Level: "red", UnitId: unit.Id, Page: 1, PageSize: 20);
        foreach (var (name, actor) in new[] { ("township officer", officer), ("county admin", admin) })
        {
            var (items, total) = await service.ListAsync(actor, query); // warm-up (and the answer's size)
            for (var i = 0; i < 5; i++) await service.ListAsync(actor, query);
            var ms = new double[runs];
            for (var i = 0; i < runs; i++)
            {
                var t = Stopwatch.GetTimestamp();
                await service.ListAsync(actor, query);
                ms[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
                db.ChangeTracker.Clear();
            }
            Array.Sort(ms);
            double P(double q) => ms[(int)Math.Min(ms.Length - 1, q * ms.Length)];
            Console.WriteLine($"red in {code} subtree, page 1 as {name}: {items.Count} of {total:N0}; " +
                              $"p50 {P(0.5):0.0} ms, p95 {P(0.95):0.0} ms, p99 {P(0.99):0.0} ms ({runs} runs; {options.Describe()})");
        }
        return 0;
    }
}

/// <summary>The sweep after a day boundary: SweepAsync at --at, repeated until nothing is left.</summary>
internal static class MattersSweep
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = StoreOptions.Parse(Args.Get(args, "--db", "sqlite:bench/out/matters.db"));
        var (packs, calendar) = MattersFill.LoadPacks(Args.Get(args, "--packs", "bench/out/packs"));
        var at = DateOnly.ParseExact(Args.Get(args, "--at", DateOnly.ParseExact(MattersFill.DefaultNow, "yyyy-MM-dd").AddDays(1).ToString("yyyy-MM-dd")), "yyyy-MM-dd");
        int? batch = args.Contains("--batch") ? int.Parse(Args.Get(args, "--batch", "")) : null; // default: the server's
        await Database.MigrateAsync(options); // a database filled by an older build (not timed)
        if (!args.Contains("--cold")) await WarmUpAsync(args);
        // As in the server: SQLite's checkpoints run beside the sweep (Checkpointer), not inside its commits.
        using var stop = new CancellationTokenSource();
        var checkpoints = SqliteCheckpoints.RunAsync(options, TimeSpan.FromSeconds(1), stop.Token);
        var (swept, wall, before, db) = await SweepAllAsync(options, packs, calendar, at, batch, args.Contains("--verbose"));
        await using var _ = db;
        stop.Cancel();
        await checkpoints;
        var steps = await db.Journal.CountAsync(e => e.Seq > before && e.Type == "matter.clock-step");
        Console.WriteLine($"sweep at {at:yyyy-MM-dd}: {swept:N0} matters swept, {steps:N0} steps recorded in {wall:0.000} s ({options.Describe()})");
        return 0;
    }

    private static async Task<(long Swept, double Wall, long Before, ChangxiaoDb Db)> SweepAllAsync(StoreOptions options, PackCatalog packs,
        Changxiao.Kernel.Calendar.WorkCalendar calendar, DateOnly at, int? batch, bool verbose)
    {
        var time = new FixedTime(FixedTime.At(at));
        var db = Database.Open(options);
        var service = new MatterService(db, new Writer(db, time, null, MattersFill.BenchCipher(), packs, calendar), packs, calendar, time, MattersFill.BenchCipher());
        var before = await db.Journal.MaxAsync(e => (long?)e.Seq) ?? 0;
        var sw = Stopwatch.StartNew();
        long swept = 0;
        while (true)
        {
            var t = Stopwatch.GetTimestamp();
            var n = batch is { } b ? await service.SweepAsync(b) : await service.SweepAsync();
            if (verbose) Console.Error.WriteLine($"  batch of {n}: {Stopwatch.GetElapsedTime(t).TotalMilliseconds:0} ms");
            if (n == 0) break;
            swept += n;
        }
        return (swept, sw.Elapsed.TotalSeconds, before, db);
    }

    /// <summary>
    /// The server's sweeper runs in a process that has swept before: the same code is warmed up first on a scratch county
    /// of 5,000 matters (500 due), so that the measured sweep is not the JIT's first run. <c>--cold</c> skips this.
    /// </summary>
    private static async Task WarmUpAsync(string[] args)
    {
        var file = Path.Combine(Path.GetTempPath(), $"cx-warm-{Guid.NewGuid():N}.db");
        var packsDir = Args.Get(args, "--packs", "bench/out/packs");
        try
        {
            var spec = "sqlite:" + file;
            var quiet = Console.Out;
            Console.SetOut(TextWriter.Null);
            var error = Console.Error;
            Console.SetError(TextWriter.Null);
            try
            {
                await MattersFill.RunAsync(["--db", spec, "--packs", packsDir, "--matters", "5000", "--units", "50"]);
            }
            finally
            {
                Console.SetOut(quiet);
                Console.SetError(error);
            }
            var (packs, calendar) = MattersFill.LoadPacks(packsDir);
            var next = DateOnly.ParseExact(MattersFill.DefaultNow, "yyyy-MM-dd").AddDays(1);
            var (_, _, _, db) = await SweepAllAsync(StoreOptions.Parse(spec), packs, calendar, next, null, verbose: false);
            await db.DisposeAsync();
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var f in new[] { file, file + "-wal", file + "-shm" }) File.Delete(f);
        }
    }
}
