using Changxiao.Bench;

// Benchmark tools (see bench/README.md):
//   journal-fill --db SPEC --entries N        append N real facts through the Writer
//   intake-setup --db SPEC --packs DIR        an account with the tp/intake role and an API token (prints "TOKEN UNIT")
//   intake --url URL --token T --unit U [--seconds 10] [--clients 16] [--pack tp --kind complaint]
return args.FirstOrDefault() switch
{
    "journal-fill" => await JournalFill.RunAsync(args),
    "intake-setup" => await Intake.SetupAsync(args),
    "intake" => await Intake.LoadAsync(args),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: changxiao-bench journal-fill|intake-setup|intake ... (see bench/README.md)");
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
