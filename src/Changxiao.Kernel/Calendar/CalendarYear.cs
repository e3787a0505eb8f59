namespace Changxiao.Kernel.Calendar;

/// <summary>
/// A statutory holiday rest period (法定节假日放假), e.g. 春节 2025-01-28 … 2025-02-04.
/// Both ends are inclusive: every date from <see cref="From"/> through <see cref="To"/> is a rest day,
/// whatever its day of the week.
/// </summary>
public sealed record HolidayRange
{
    private HolidayRange(string name, DateOnly from, DateOnly to)
    {
        Name = name;
        From = from;
        To = to;
    }

    /// <summary>The holiday's name, e.g. 春节, 国庆节.</summary>
    public string Name { get; }

    /// <summary>First rest day (inclusive).</summary>
    public DateOnly From { get; }

    /// <summary>Last rest day (inclusive).</summary>
    public DateOnly To { get; }

    /// <summary>Number of days in the range, both ends counted.</summary>
    public int Length => To.DayNumber - From.DayNumber + 1;

    /// <summary>True when <paramref name="date"/> is within the range (ends inclusive).</summary>
    public bool Contains(DateOnly date) => date >= From && date <= To;

    /// <summary>Every date of the range, in order, both ends included.</summary>
    public IEnumerable<DateOnly> Dates()
    {
        for (var d = From; d <= To; d = d.AddDays(1))
        {
            yield return d;
        }
    }

    /// <summary>Creates a range; throws <see cref="ArgumentException"/> for an empty name or <paramref name="to"/> before <paramref name="from"/>.</summary>
    public static HolidayRange Create(string name, DateOnly from, DateOnly to)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("A holiday needs a name.", nameof(name));
        }

        if (to < from)
        {
            throw new ArgumentException(
                $"Holiday {name.Trim()}: 'to' {ChinaDate.Format(to)} is before 'from' {ChinaDate.Format(from)}.", nameof(to));
        }

        return new HolidayRange(name.Trim(), from, to);
    }

    public override string ToString() => $"{Name} {ChinaDate.Format(From)}..{ChinaDate.Format(To)}";
}

/// <summary>
/// A weekend day (Saturday or Sunday) that is a working day because of a holiday swap (调休上班).
/// </summary>
public sealed record MakeUpWorkday
{
    private MakeUpWorkday(DateOnly date, string? name)
    {
        Date = date;
        Name = name;
    }

    /// <summary>The weekend date that is worked.</summary>
    public DateOnly Date { get; }

    /// <summary>Optional label, e.g. 春节调休.</summary>
    public string? Name { get; }

    /// <summary>Creates a make-up workday; throws <see cref="ArgumentException"/> when the date is not a Saturday or Sunday.</summary>
    public static MakeUpWorkday Create(DateOnly date, string? name = null)
    {
        if (!WorkCalendar.IsWeekend(date))
        {
            throw new ArgumentException(
                $"{ChinaDate.Format(date)} is a {date.DayOfWeek}; only a Saturday or Sunday can be a make-up workday (调休上班).",
                nameof(date));
        }

        return new MakeUpWorkday(date, string.IsNullOrWhiteSpace(name) ? null : name.Trim());
    }

    public override string ToString() => Name is null ? ChinaDate.Format(Date) : $"{ChinaDate.Format(Date)} {Name}";
}

/// <summary>
/// One year's published holiday arrangement (国务院办公厅关于某年部分节假日安排的通知): holiday rest ranges and
/// make-up workdays. A range or make-up day may fall in a neighbouring year (2023's 元旦 starts on 2022-12-31);
/// <see cref="WorkCalendar"/> merges all years. <see cref="Year"/> is the year the arrangement is for, and the year
/// <see cref="WorkCalendar.Covers"/> reports as covered.
/// </summary>
public sealed class CalendarYear
{
    private CalendarYear(int year, IReadOnlyList<string> sources, IReadOnlyList<HolidayRange> holidays, IReadOnlyList<MakeUpWorkday> workdays)
    {
        Year = year;
        Sources = sources;
        Holidays = holidays;
        Workdays = workdays;
    }

    /// <summary>The year the arrangement is for.</summary>
    public int Year { get; }

    /// <summary>The notice(s) the data comes from, e.g. 国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）.</summary>
    public IReadOnlyList<string> Sources { get; }

    /// <summary>Holiday rest ranges, sorted by start date.</summary>
    public IReadOnlyList<HolidayRange> Holidays { get; }

    /// <summary>Make-up workdays (调休上班), sorted by date.</summary>
    public IReadOnlyList<MakeUpWorkday> Workdays { get; }

    /// <summary>
    /// Creates a year. Throws <see cref="ArgumentException"/> when the year is outside 1..9998 or a date lies more
    /// than one year away from <paramref name="year"/>. Overlaps and holiday/workday contradictions are checked by
    /// <see cref="WorkCalendar.Create"/>, across all years.
    /// </summary>
    public static CalendarYear Create(
        int year,
        IEnumerable<string> sources,
        IEnumerable<HolidayRange> holidays,
        IEnumerable<MakeUpWorkday> workdays)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(holidays);
        ArgumentNullException.ThrowIfNull(workdays);
        if (year is < 2 or > 9998)
        {
            throw new ArgumentOutOfRangeException(nameof(year), year, "The year must be between 2 and 9998.");
        }

        var sourceList = sources.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()).ToArray();
        var holidayList = holidays.OrderBy(h => h.From).ToArray();
        var workdayList = workdays.OrderBy(w => w.Date).ToArray();

        foreach (var h in holidayList)
        {
            CheckNear(year, h.From, $"holiday {h.Name}");
            CheckNear(year, h.To, $"holiday {h.Name}");
        }

        foreach (var w in workdayList)
        {
            CheckNear(year, w.Date, "make-up workday");
        }

        return new CalendarYear(year, sourceList, holidayList, workdayList);
    }

    private static void CheckNear(int year, DateOnly date, string what)
    {
        if (Math.Abs(date.Year - year) > 1)
        {
            throw new ArgumentException($"The {what} date {ChinaDate.Format(date)} is too far from the year {year}.");
        }
    }

    public override string ToString() => $"{Year}: {Holidays.Count} holidays, {Workdays.Count} make-up workdays";
}
