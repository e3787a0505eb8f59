using Changxiao.Cli;
using Changxiao.Packs.Calendars;
using Changxiao.Packs.Org;

// One executable: CLI verbs, and `serve` / `demo` for the web server. See README.md.
var parsed = Verbs.Build().Parse(args);
if (parsed.Errors.Count > 0)
{
    // Bad arguments: name them and exit 2 (usage error), like every verb does for bad values.
    foreach (var e in parsed.Errors) Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine("用法 / usage: changxiao --help");
    return 2;
}
try
{
    return await parsed.InvokeAsync(new System.CommandLine.InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e) when (e is PackFormatException or CalendarLoadException or Changxiao.Packs.Mechanisms.PackValidationException)
{
    // A bad pack stops everything, with where and why — never a half-configured server.
    Console.Error.WriteLine("机制包有误，无法启动 / invalid pack:");
    Console.Error.WriteLine(e.Message);
    return 1;
}
catch (Exception e) when (e is ArgumentException or Changxiao.Store.Matters.PackVersionConflictException or Npgsql.NpgsqlException or Microsoft.Data.Sqlite.SqliteException)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

public partial class Program;
