using Changxiao.Bench;

// Benchmark tools (see bench/README.md):
//   journal-fill --db SPEC --entries N        append N real facts through the Writer
//   intake-setup --db SPEC --packs DIR        an account with the tp/intake role and an API token (prints "TOKEN UNIT")
//   matters-fill --db SPEC --packs DIR --matters N --units U [--now yyyy-MM-dd]   a county and N open matters
//   matters-query --db SPEC --packs DIR --unit-code CODE [--runs 200]              red matters in a subtree, page 1
//   sweep --db SPEC --packs DIR --at yyyy-MM-dd [--batch N]                        SweepAsync until nothing is left
//   intake --url URL --token T --unit U [--seconds 10] [--clients 16] [--pack tp --kind complaint]
return args.FirstOrDefault() switch
{
    "journal-fill" => await JournalFill.RunAsync(args),
    "intake-setup" => await Intake.SetupAsync(args),
    "intake" => await Intake.LoadAsync(args),
    "matters-fill" => await MattersFill.RunAsync(args),
    "matters-query" => await MattersQuery.RunAsync(args),
    "sweep" => await MattersSweep.RunAsync(args),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: changxiao-bench journal-fill|intake-setup|intake|matters-fill|matters-query|sweep ... (see bench/README.md)");
    return 2;
}

namespace Changxiao.Bench
{
    internal static class Args
    {
        public static string Get(string[] args, string name, string fallback) =>
            args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
    }
}
