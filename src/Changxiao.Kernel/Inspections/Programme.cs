using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Changxiao.Kernel.Journal;
using Changxiao.Kernel.Packs;

namespace Changxiao.Kernel.Inspections;

/// <summary>How often a programme runs: the seed's calendar (值周、月度暗访、季度督查、半年检查、年终考核, 002:L19).</summary>
public enum Every { Week, Month, Quarter, HalfYear, Year }

/// <summary>
/// An inspection programme (督查计划) of a pack: every period it opens one inspection matter per
/// randomly drawn unit, each with randomly drawn inspectors — never one who works in the unit
/// inspected or in a unit under it (回避). Inspectors from above (the county's offices) may inspect.
/// </summary>
public sealed record Programme(
    string Code,
    Text Title,
    string Kind,                                       // the matter kind opened (a kind of the same pack)
    Every Every,
    IReadOnlyDictionary<string, string> Fields,        // fixed field values of every inspection opened
    IReadOnlyList<string> UnitKinds,                   // which units may be drawn (unit kind codes)
    int UnitCount,
    string InspectorRole,                              // pack role whose holders may be drawn
    int InspectorCount,
    string UnitsParty,                                 // the kind's unit party that receives the drawn unit
    string InspectorsParty,                            // the kind's person party that receives the inspectors
    string? PeriodField,                               // a text field that receives the period's name ("2025年第四季度")
    SourceSpan Where)
{
    /// <summary>The working day of each period on which the draw happens; null = as soon as the period begins.</summary>
    public DrawDay? On { get; init; }
}

/// <summary>
/// The working day of a period on which a programme draws, on the China working-day calendar: the <see cref="Nth"/>
/// working day from the period's start (1 = the first), or from its end (1 = the last) — a half-year check drawn in
/// the last weeks of June, a weekly duty visit on the first working day after a holiday.
/// </summary>
public readonly record struct DrawDay(int Nth, bool FromEnd)
{
    /// <summary>The date in <paramref name="period"/>; a period with fewer working days than asked gives its last (or first) one.</summary>
    public DateOnly In(Period period, Calendar.WorkCalendar calendar)
    {
        var first = calendar.NextWorkingDayOrSame(period.Start);
        var last = calendar.PreviousWorkingDayOrSame(period.End);
        if (first > last) return period.Start; // no working day at all (not on the China calendar, but be total)
        var day = FromEnd ? last : first;
        for (var i = 1; i < Nth; i++)
        {
            var next = FromEnd ? calendar.PreviousWorkingDay(day) : calendar.NextWorkingDay(day);
            if (next < first || next > last) break;
            day = next;
        }
        return day;
    }

    public override string ToString() => FromEnd ? (Nth == 1 ? "最后一个工作日" : $"倒数第{Nth}个工作日") : (Nth == 1 ? "第一个工作日" : $"第{Nth}个工作日");
}

/// <summary>A period of a programme: a stable key ("2025-Q4"), its Chinese name ("2025年第四季度"), its first and last day.</summary>
public readonly record struct Period(string Key, string Name, DateOnly Start, DateOnly End)
{
    public static Period Of(Every every, DateOnly date)
    {
        switch (every)
        {
            case Every.Week:
            {
                var week = ISOWeek.GetWeekOfYear(date.ToDateTime(TimeOnly.MinValue));
                var year = ISOWeek.GetYear(date.ToDateTime(TimeOnly.MinValue));
                var monday = DateOnly.FromDateTime(ISOWeek.ToDateTime(year, week, DayOfWeek.Monday));
                return new($"{year}-W{week:D2}", $"{year}年第{week}周", monday, monday.AddDays(6));
            }
            case Every.Month:
            {
                var start = new DateOnly(date.Year, date.Month, 1);
                return new($"{date.Year}-{date.Month:D2}", $"{date.Year}年{date.Month}月", start, start.AddMonths(1).AddDays(-1));
            }
            case Every.Quarter:
            {
                var q = (date.Month - 1) / 3 + 1;
                var start = new DateOnly(date.Year, (q - 1) * 3 + 1, 1);
                return new($"{date.Year}-Q{q}", $"{date.Year}年第{"一二三四"[q - 1]}季度", start, start.AddMonths(3).AddDays(-1));
            }
            case Every.HalfYear:
            {
                var h = date.Month <= 6 ? 1 : 2;
                var start = new DateOnly(date.Year, h == 1 ? 1 : 7, 1);
                return new($"{date.Year}-H{h}", $"{date.Year}年{(h == 1 ? "上" : "下")}半年", start, start.AddMonths(6).AddDays(-1));
            }
            default:
                return new($"{date.Year}", $"{date.Year}年", new DateOnly(date.Year, 1, 1), new DateOnly(date.Year, 12, 31));
        }
    }
}

/// <summary>A candidate for the draw: a unit, or an inspector with the path of the unit they belong to.</summary>
public sealed record Candidate(Guid Id, string Name, string UnitPath);

/// <summary>One drawn inspection: the unit and its inspectors.</summary>
public sealed record Draw(Guid UnitId, IReadOnlyList<Guid> Inspectors);

/// <summary>Too few units or inspectors without a conflict to fill the programme.</summary>
public sealed class DrawException(string message) : Exception(message);

public static class Lottery
{
    /// <summary>
    /// A reproducible draw: the same seed and candidates (in any order) give the same result, so a
    /// journaled draw can be re-checked by anyone (摇珠确定, 000:L153). Candidates are sorted by id
    /// before shuffling; each unit takes the first inspectors in the shuffled order who do not work in
    /// it and are not already drawn for another unit of this period.
    /// </summary>
    public static IReadOnlyList<Draw> Run(Programme p, int seed, IReadOnlyList<Candidate> units, IReadOnlyList<Candidate> inspectors)
    {
        var rng = new Random(seed);
        var unitPool = units.OrderBy(u => u.Id).ToArray();
        var people = inspectors.OrderBy(i => i.Id).ToArray();
        rng.Shuffle(unitPool);
        rng.Shuffle(people);
        if (unitPool.Length < p.UnitCount)
            throw new DrawException($"督查计划 {p.Title}：可抽取的单位只有 {unitPool.Length} 个，需要 {p.UnitCount} 个");
        var used = new HashSet<Guid>();
        var draws = new List<Draw>();
        foreach (var unit in unitPool.Take(p.UnitCount))
        {
            var chosen = people.Where(i => !used.Contains(i.Id) && !Conflicts(i, unit)).Take(p.InspectorCount).ToList();
            if (chosen.Count < p.InspectorCount)
                throw new DrawException($"督查计划 {p.Title}：{unit.Name} 可回避后可抽取的督查人员不足 {p.InspectorCount} 人");
            used.UnionWith(chosen.Select(c => c.Id));
            draws.Add(new Draw(unit.Id, chosen.Select(c => c.Id).ToList()));
        }
        return draws;
    }

    /// <summary>An inspector must not inspect the unit they work in, nor a unit that contains it (their own township when they sit in one of its sections).</summary>
    public static bool Conflicts(Candidate inspector, Candidate unit) =>
        inspector.UnitPath.StartsWith(unit.UnitPath, StringComparison.Ordinal);
}

/// <summary>A programme's draw for one period: recorded before the inspections it opens, with its seed.</summary>
public sealed record ProgrammeDrawn(string Pack, string Programme, string Period, int Seed, IReadOnlyList<Draw> Draws) : IFact
{
    public string Type => "programme.drawn";
    public string EntityType => "programme";
    public Guid EntityId => IdOf(Pack, Programme, Period);

    /// <summary>One id per programme and period: a second draw for the same period is detectable.</summary>
    public static Guid IdOf(string pack, string programme, string period) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes($"{pack}/{programme}@{period}")).AsSpan(0, 16));
}
