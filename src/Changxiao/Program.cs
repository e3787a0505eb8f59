using Changxiao.Cli;

// One executable: CLI verbs, and `serve` / `demo` for the web server. See README.md.
return await Verbs.Build().Parse(args).InvokeAsync();

public partial class Program;
