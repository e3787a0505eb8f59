namespace Changxiao.Kernel.Calendar;

/// <summary>
/// China's working-day calendar: Monday–Friday are working days and Saturday/Sunday rest days (the default rule),
/// except that statutory holiday ranges are rest days and make-up days (调休上班) are working days, as published by
/// the State Council for each covered year. Outside the covered years only the default rule applies; callers can
/// check <see cref="Covers"/> to warn.
/// Immutable and thread-safe. All dates are Asia/Shanghai local dates (<see cref="ChinaDate"/>).
/// </summary>
public sealed class WorkCalendar
{
    private readonly Dictionary<DateOnly, CalendarDay> _special;
    private readonly HashSet<int> _years;

    private WorkCalendar(IReadOnlyList<CalendarYear> years, Dictionary<DateOnly, CalendarDay> special)
    {
        Years = years;
        _special = special;
        _years = years.Select(y => y.Year).ToHashSet();
        CoveredYears = years.Select(y => y.Year).ToArray();
    }

    /// <summary>A calendar with no published data: the default rule (Mon–Fri work, Sat/Sun rest) everywhere.</summary>
    public static WorkCalendar Default { get; } = new([], []);

    /// <summary>The years' data the calendar was built from, sorted by year.</summary>
    public IReadOnlyList<CalendarYear> Years { get; }

    /// <summary>The covered years, ascending.</summary>
    public IReadOnlyList<int> CoveredYears { get; }

    /// <summary>
    /// Builds a calendar from published years. Throws <see cref="CalendarDataException"/>, naming the date, when
    /// the data contradicts itself: the same year twice, a date that is both a holiday and a make-up workday,
    /// a date in two holiday ranges, or the same make-up workday twice. Years need not be adjacent.
    /// </summary>
    public static WorkCalendar Create(IEnumerable<CalendarYear> years)
    {
        ArgumentNullException.ThrowIfNull(years);
        var list = years.OrderBy(y => y.Year).ToArray();
        for (var i = 1; i < list.Length; i++)
        {
            if (list[i].Year == list[i - 1].Year)
            {
                throw new CalendarDataException($"The year {list[i].Year} is given twice.");
            }
        }

        var special = new Dictionary<DateOnly, CalendarDay>();
        foreach (var year in list)
        {
            foreach (var h in year.Holidays)
            {
                foreach (var d in h.Dates())
                {
                    if (special.TryGetValue(d, out var existing))
                    {
                        throw new CalendarDataException(
                            $"{ChinaDate.Format(d)} is in holiday {h.Name} ({year.Year}) and already {Describe(existing)}.", d);
                    }

                    special[d] = new CalendarDay(d, DayKind.Rest, DayReason.Holiday, h.Name);
                }
            }
        }

        foreach (var year in list)
        {
            foreach (var w in year.Workdays)
            {
                if (special.TryGetValue(w.Date, out var existing))
                {
                    throw new CalendarDataException(
                        $"{ChinaDate.Format(w.Date)} is a make-up workday ({year.Year}) and already {Describe(existing)}.", w.Date);
                }

                special[w.Date] = new CalendarDay(w.Date, DayKind.Workday, DayReason.MakeUpWorkday, w.Name);
            }
        }

        return new WorkCalendar(list, special);
    }

    private static string Describe(CalendarDay day) => day.Reason == DayReason.Holiday
        ? $"a holiday ({day.Name})"
        : "a make-up workday" + (day.Name is null ? "" : $" ({day.Name})");

    /// <summary>True for Saturday and Sunday.</summary>
    public static bool IsWeekend(DateOnly date) => date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

    /// <summary>
    /// True when published data covers the date's year. For other dates the default rule is used, which may be
    /// wrong around holidays: callers should warn.
    /// </summary>
    public bool Covers(DateOnly date) => _years.Contains(date.Year);

    /// <summary>What the calendar says about <paramref name="date"/>: kind, reason and holiday name if any.</summary>
    public CalendarDay DayInfo(DateOnly date)
    {
        if (_special.TryGetValue(date, out var day))
        {
            return day;
        }

        return IsWeekend(date)
            ? new CalendarDay(date, DayKind.Rest, DayReason.Weekend, null)
            : new CalendarDay(date, DayKind.Workday, DayReason.Weekday, null);
    }

    /// <summary>True when <paramref name="date"/> is a working day.</summary>
    public bool IsWorkingDay(DateOnly date) =>
        _special.TryGetValue(date, out var day) ? day.Kind == DayKind.Workday : !IsWeekend(date);

    /// <summary>True when <paramref name="date"/> is a rest day (holiday, or weekend not made up).</summary>
    public bool IsRestDay(DateOnly date) => !IsWorkingDay(date);

    /// <summary><paramref name="date"/> itself when it is a working day, otherwise the first working day after it.</summary>
    public DateOnly NextWorkingDayOrSame(DateOnly date)
    {
        var d = date;
        while (!IsWorkingDay(d))
        {
            d = d.AddDays(1);
        }

        return d;
    }

    /// <summary>The first working day strictly after <paramref name="date"/>.</summary>
    public DateOnly NextWorkingDay(DateOnly date) => NextWorkingDayOrSame(date.AddDays(1));

    /// <summary><paramref name="date"/> itself when it is a working day, otherwise the last working day before it.</summary>
    public DateOnly PreviousWorkingDayOrSame(DateOnly date)
    {
        var d = date;
        while (!IsWorkingDay(d))
        {
            d = d.AddDays(-1);
        }

        return d;
    }

    /// <summary>The last working day strictly before <paramref name="date"/>.</summary>
    public DateOnly PreviousWorkingDay(DateOnly date) => PreviousWorkingDayOrSame(date.AddDays(-1));

    /// <summary>
    /// The date <paramref name="days"/> working days after <paramref name="start"/>; the start day is not counted
    /// (whether or not it is a working day), so the result is always a working day when <paramref name="days"/> &gt; 0.
    /// <paramref name="days"/> = 0 returns <paramref name="start"/> unchanged; a negative count goes backwards the
    /// same way (the <paramref name="days"/>-th working day before <paramref name="start"/>).
    /// Consistent with <see cref="WorkingDaysBetween"/>: <c>WorkingDaysBetween(s, AddWorkingDays(s, n)) == n</c>.
    /// </summary>
    public DateOnly AddWorkingDays(DateOnly start, int days)
    {
        var d = start;
        var step = days >= 0 ? 1 : -1;
        for (var left = Math.Abs(days); left > 0; left--)
        {
            do
            {
                d = d.AddDays(step);
            }
            while (!IsWorkingDay(d));
        }

        return d;
    }

    /// <summary>
    /// The number of working days in the half-open interval (<paramref name="from"/>, <paramref name="to"/>]:
    /// <paramref name="from"/> excluded, <paramref name="to"/> included. Zero when the dates are equal; negative
    /// (minus the count of working days in (<paramref name="to"/>, <paramref name="from"/>]) when
    /// <paramref name="to"/> is before <paramref name="from"/>.
    /// </summary>
    public int WorkingDaysBetween(DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            return -WorkingDaysBetween(to, from);
        }

        var count = WeekdaysThrough(to.DayNumber) - WeekdaysThrough(from.DayNumber);
        foreach (var (date, day) in _special)
        {
            if (date > from && date <= to)
            {
                var weekday = !IsWeekend(date);
                if (day.Kind == DayKind.Rest && weekday)
                {
                    count--;
                }
                else if (day.Kind == DayKind.Workday && !weekday)
                {
                    count++;
                }
            }
        }

        return count;
    }

    /// <summary>Number of Monday–Friday dates with day number in [0, dayNumber] (day 0, 0001-01-01, was a Monday).</summary>
    private static int WeekdaysThrough(int dayNumber)
    {
        var n = dayNumber + 1;
        return n / 7 * 5 + Math.Min(n % 7, 5);
    }

    /// <summary>Each date from <paramref name="from"/> through <paramref name="to"/> (both inclusive), in order; empty when <paramref name="to"/> is before <paramref name="from"/>.</summary>
    public IEnumerable<CalendarDay> Days(DateOnly from, DateOnly to)
    {
        for (var d = from; d <= to; d = d.AddDays(1))
        {
            yield return DayInfo(d);
            if (d == DateOnly.MaxValue)
            {
                yield break;
            }
        }
    }

    /// <summary>The holiday ranges (all years) that contain at least one date of [<paramref name="from"/>, <paramref name="to"/>], sorted.</summary>
    public IReadOnlyList<HolidayRange> HolidaysBetween(DateOnly from, DateOnly to) =>
        Years.SelectMany(y => y.Holidays).Where(h => h.From <= to && h.To >= from).OrderBy(h => h.From).ToArray();
}
