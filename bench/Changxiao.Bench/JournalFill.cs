using System.Diagnostics;
using Changxiao.Kernel.Access;
using Changxiao.Kernel.Org;
using Changxiao.Store;

namespace Changxiao.Bench;

/// <summary>A journal of N entries, each a real fact appended through the Writer, in transactions of 20,000.</summary>
internal static class JournalFill
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = StoreOptions.Parse(Args.Get(args, "--db", "sqlite:bench/out/journal.db"));
        var entries = long.Parse(Args.Get(args, "--entries", "1000000"));
        const int batch = 20_000;
        await Database.MigrateAsync(options);
        var sw = Stopwatch.StartNew();
        await using (var db = Database.Open(options))
        {
            var writer = new Writer(db, TimeProvider.System);
            var actor = Actor.System("bench");
            var unit = Guid.CreateVersion7();
            await writer.RunAsync(actor, w => { w.Record(new UnitCreated(unit, "BENCH-" + unit.ToString("N")[..8], "基准测试县", "county", null)); return Task.CompletedTask; });
            long written = 1;
            while (written < entries)
            {
                var n = (int)Math.Min(batch, entries - written);
                var start = written;
                await writer.RunAsync(actor, w =>
                {
                    for (var i = 0; i < n; i++)
                        w.Record(new PersonCreated(Guid.CreateVersion7(), $"B{start + i:D9}", "测试人员" + (start + i), unit, null, null));
                    return Task.CompletedTask;
                });
                written += n;
                if (written % 200_000 < batch) Console.Error.WriteLine($"{written:N0} entries, {sw.Elapsed.TotalSeconds:0} s");
            }
        }
        Console.WriteLine($"{entries:N0} journal entries appended in {sw.Elapsed.TotalSeconds:0.0} s ({options.Describe()})");
        return 0;
    }
}
