using System.CommandLine;
using Changxiao.Kernel.Calendar;
using Changxiao.Packs.Calendars;

namespace Changxiao.Cli;

/// <summary>
/// The <c>calendar</c> verbs:
/// <list type="bullet">
/// <item><c>calendar list FROM TO</c>: one line per date, both ends inclusive: <c>2025-10-01 rest 国庆节</c>,
/// <c>2025-09-28 workday 国庆节调休</c>, <c>2025-09-27 rest</c>.</item>
/// <item><c>calendar due START LIMIT</c>: the due date of a time limit, e.g.
/// <c>calendar due 2025-09-26 "3 working days"</c> prints <c>2025-09-30</c>.</item>
/// </list>
/// Exit codes: 0 success, 1 calendar data could not be loaded, 2 bad arguments (the message on stderr names the
/// argument). Dates outside the published years get a warning on stderr (the default Mon–Fri rule is used).
/// </summary>
public static class CalendarCli
{
    public const int Ok = 0;
    public const int DataError = 1;
    public const int UsageError = 2;

    /// <summary>Builds the <c>calendar</c> command; <paramref name="loadCalendar"/> is called only when a verb runs.</summary>
    public static Command Build(Func<WorkCalendar> loadCalendar)
    {
        ArgumentNullException.ThrowIfNull(loadCalendar);
        var calendar = new Command("calendar", "China's working-day calendar (State Council holiday arrangements) and time limits.");

        var fromArg = new Argument<string>("FROM") { Description = "First date, YYYY-MM-DD (inclusive).", Arity = ArgumentArity.ZeroOrOne };
        var toArg = new Argument<string>("TO") { Description = "Last date, YYYY-MM-DD (inclusive).", Arity = ArgumentArity.ZeroOrOne };
        // Arguments are optional at the parser level so that a missing one is reported here by name with exit
        // code 2 (System.CommandLine's own parse errors, e.g. an extra token, exit with 1 unless the root maps them).
        var list = new Command("list", "List each date from FROM to TO as workday or rest, with the holiday name if any.");
        list.Add(fromArg);
        list.Add(toArg);
        list.SetAction(parseResult => Run(() =>
        {
            var from = ParseDate(parseResult.GetValue(fromArg), "FROM");
            var to = ParseDate(parseResult.GetValue(toArg), "TO");
            if (to < from)
            {
                throw new UsageException($"TO ({ChinaDate.Format(to)}) is before FROM ({ChinaDate.Format(from)}).");
            }

            var cal = loadCalendar();
            WarnIfUncovered(cal, Console.Error, from, to);
            List(cal, from, to, Console.Out);
        }));

        var startArg = new Argument<string>("START") { Description = "Start date, YYYY-MM-DD (not counted).", Arity = ArgumentArity.ZeroOrOne };
        var limitArg = new Argument<string>("LIMIT")
        {
            Description = "Time limit, e.g. \"15 days\", \"15日\", \"3 working days\", \"3个工作日\", \"3个月\", \"当日\", \"月底前\", \"15日（不顺延）\".",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var due = new Command("due", "Print the due date of LIMIT counted from START.");
        due.Add(startArg);
        due.Add(limitArg);
        due.SetAction(parseResult => Run(() =>
        {
            var start = ParseDate(parseResult.GetValue(startArg), "START");
            var limit = ParseLimit(parseResult.GetValue(limitArg));
            var cal = loadCalendar();
            DateOnly result;
            try
            {
                result = Due(cal, start, limit, Console.Out);
            }
            catch (ArgumentOutOfRangeException)
            {
                throw new UsageException($"START: {ChinaDate.Format(start)} + {limit} is beyond the last representable date.");
            }

            WarnIfUncovered(cal, Console.Error, start, result);
        }));

        calendar.Add(list);
        calendar.Add(due);
        return calendar;
    }

    /// <summary>Writes one line per date from <paramref name="from"/> through <paramref name="to"/> (inclusive).</summary>
    public static void List(WorkCalendar calendar, DateOnly from, DateOnly to, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(output);
        foreach (var day in calendar.Days(from, to))
        {
            output.WriteLine(FormatDay(day));
        }
    }

    /// <summary><c>YYYY-MM-DD workday|rest[ name]</c>; weekends and plain weekdays carry no name.</summary>
    public static string FormatDay(CalendarDay day)
    {
        ArgumentNullException.ThrowIfNull(day);
        return day.ToString();
    }

    /// <summary>Computes and writes the due date of <paramref name="limit"/> from <paramref name="start"/>; returns it.</summary>
    public static DateOnly Due(WorkCalendar calendar, DateOnly start, TimeLimit limit, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(limit);
        ArgumentNullException.ThrowIfNull(output);
        var due = limit.Due(start, calendar);
        output.WriteLine(ChinaDate.Format(due));
        return due;
    }

    /// <summary>Writes a warning for each year between the dates that the calendar data does not cover.</summary>
    public static void WarnIfUncovered(WorkCalendar calendar, TextWriter error, DateOnly from, DateOnly to)
    {
        var (a, b) = from <= to ? (from, to) : (to, from);
        var missing = Enumerable.Range(a.Year, b.Year - a.Year + 1)
            .Where(y => !calendar.Covers(new DateOnly(y, 1, 1)))
            .ToArray();
        if (missing.Length > 0)
        {
            error.WriteLine(
                $"warning: no State Council holiday data for {string.Join(", ", missing)}; " +
                "the default rule (Mon–Fri work, Sat/Sun rest) is used there.");
        }
    }

    private static DateOnly ParseDate(string? text, string argument) =>
        text is null ? throw new UsageException($"{argument}: missing (a date in the form YYYY-MM-DD).")
        : ChinaDate.TryParse(text.Trim(), out var date) ? date
        : throw new UsageException($"{argument}: \"{text}\" is not a date in the form YYYY-MM-DD (e.g. 2025-10-01).");

    private static TimeLimit ParseLimit(string? text)
    {
        try
        {
            return TimeLimit.Parse(text ?? throw new UsageException("LIMIT: missing (e.g. \"15 days\", \"3个工作日\")."));
        }
        catch (TimeLimitFormatException ex)
        {
            throw new UsageException("LIMIT: " + ex.Message);
        }
    }

    private static int Run(Action action)
    {
        try
        {
            action();
            return Ok;
        }
        catch (UsageException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return UsageError;
        }
        catch (CalendarLoadException ex)
        {
            Console.Error.WriteLine("Cannot load the calendar data: " + ex.Message);
            return DataError;
        }
        catch (CalendarDataException ex)
        {
            Console.Error.WriteLine("The calendar data contradicts itself: " + ex.Message);
            return DataError;
        }
    }

    private sealed class UsageException(string message) : Exception(message);
}
