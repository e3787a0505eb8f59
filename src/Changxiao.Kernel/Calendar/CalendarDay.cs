namespace Changxiao.Kernel.Calendar;

/// <summary>Whether a date is worked.</summary>
public enum DayKind
{
    /// <summary>A working day (工作日).</summary>
    Workday,

    /// <summary>A rest day (休息日): a weekend day that is not made up, or a statutory holiday.</summary>
    Rest,
}

/// <summary>Why a date is of its <see cref="DayKind"/>.</summary>
public enum DayReason
{
    /// <summary>Monday–Friday, no holiday: a workday by the default rule.</summary>
    Weekday,

    /// <summary>Saturday or Sunday, not made up: a rest day by the default rule.</summary>
    Weekend,

    /// <summary>Inside a statutory holiday range: a rest day, whatever the day of the week.</summary>
    Holiday,

    /// <summary>A weekend day worked because of a holiday swap (调休上班).</summary>
    MakeUpWorkday,
}

/// <summary>
/// What the calendar says about one date: <see cref="Kind"/>, <see cref="Reason"/>, and <see cref="Name"/> — the
/// holiday's name for <see cref="DayReason.Holiday"/>, the make-up day's label (if any) for
/// <see cref="DayReason.MakeUpWorkday"/>, null otherwise (plain weekdays and weekends carry no name).
/// </summary>
public sealed record CalendarDay(DateOnly Date, DayKind Kind, DayReason Reason, string? Name)
{
    /// <summary>True for a working day.</summary>
    public bool IsWorkingDay => Kind == DayKind.Workday;

    /// <summary><c>2025-10-01 rest 国庆节</c>, <c>2025-09-28 workday 国庆节调休</c>, <c>2025-09-27 rest</c>.</summary>
    public override string ToString()
    {
        var kind = Kind == DayKind.Workday ? "workday" : "rest";
        return Name is null ? $"{ChinaDate.Format(Date)} {kind}" : $"{ChinaDate.Format(Date)} {kind} {Name}";
    }
}

/// <summary>
/// The calendar data is self-contradictory (e.g. a date that is both a holiday and a make-up workday).
/// <see cref="Date"/> names the offending date when there is one.
/// </summary>
public sealed class CalendarDataException : Exception
{
    public CalendarDataException(string message, DateOnly? date = null)
        : base(message)
    {
        Date = date;
    }

    /// <summary>The offending date, when the problem is about one date.</summary>
    public DateOnly? Date { get; }
}
