using Changxiao.Cli;

// One executable: CLI verbs, and `serve` / `demo` for the web server. See README.md.
var parsed = Verbs.Build().Parse(args);
if (parsed.Errors.Count > 0)
{
    // Bad arguments: name them and exit 2 (usage error), like every verb does for bad values.
    foreach (var e in parsed.Errors) Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine("用法 / usage: changxiao --help");
    return 2;
}
return await parsed.InvokeAsync();

public partial class Program;
