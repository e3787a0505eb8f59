using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Changxiao.Kernel.Calendar;

/// <summary>The unit a <see cref="TimeLimit"/> counts in.</summary>
public enum TimeLimitUnit
{
    /// <summary>Natural (calendar) days: <c>15 days</c>, <c>15日</c>, <c>15天</c>.</summary>
    Days,

    /// <summary>Working days per the <see cref="WorkCalendar"/>: <c>3 working days</c>, <c>3个工作日</c>.</summary>
    WorkingDays,

    /// <summary>Weeks of 7 natural days: <c>1 week</c>, <c>1周</c>.</summary>
    Weeks,

    /// <summary>Calendar months: <c>3 months</c>, <c>3个月</c>.</summary>
    Months,

    /// <summary>Calendar years (12 months): <c>1 year</c>, <c>1年</c>.</summary>
    Years,

    /// <summary>The start day itself: <c>same day</c>, <c>当日</c>, <c>当天</c>.</summary>
    SameDay,

    /// <summary>The last day of the start's month: <c>before month end</c>, <c>月底前</c>, <c>当月底</c>.</summary>
    MonthEnd,
}

/// <summary>
/// A time limit (期限) such as "15日", "3个工作日", "3个月" or "月底前", parsed from English or Chinese text.
/// Immutable value; equality is by <see cref="Unit"/>, <see cref="Count"/> and <see cref="Strict"/>
/// (so "1 week" and "7 days" give the same due date but are different values).
/// <para>
/// <see cref="Due"/> follows 《民法典》第二百零一条 and 第二百零三条: the start day is not counted; a limit in
/// days, weeks, months or years whose last day falls on a rest day (statutory holiday, or weekend not made up)
/// ends on the next working day instead, unless the limit is <see cref="Strict"/> (<c>"15 days strict"</c>,
/// <c>"15日（不顺延）"</c>); a limit in months or years ends on the corresponding day of the due month, or that
/// month's last day when it has no such day.
/// </para>
/// </summary>
public sealed record TimeLimit
{
    /// <summary>The largest accepted <see cref="Count"/>.</summary>
    public const int MaxCount = 100_000;

    private TimeLimit(TimeLimitUnit unit, int count, bool strict)
    {
        Unit = unit;
        Count = count;
        Strict = strict;
    }

    /// <summary>The unit counted.</summary>
    public TimeLimitUnit Unit { get; }

    /// <summary>How many units (at least 1); 0 for <see cref="TimeLimitUnit.SameDay"/> and <see cref="TimeLimitUnit.MonthEnd"/>.</summary>
    public int Count { get; }

    /// <summary>
    /// True when a last day on a rest day is kept as is (不顺延) instead of moving to the next working day.
    /// Only days, weeks, months and years can be strict.
    /// </summary>
    public bool Strict { get; }

    /// <summary>True when the limit counts working days; pauses of a clock with this limit are counted in working days too.</summary>
    public bool CountsWorkingDays => Unit == TimeLimitUnit.WorkingDays;

    /// <summary>True when a due date on a rest day moves to the next working day (days/weeks/months/years, not strict).</summary>
    public bool RollsOverRestDays => !Strict && CanBeStrict(Unit);

    /// <summary>The same day: due = start.</summary>
    public static TimeLimit SameDay { get; } = new(TimeLimitUnit.SameDay, 0, false);

    /// <summary>Before month end: due = the last day of the start's month, never moved.</summary>
    public static TimeLimit BeforeMonthEnd { get; } = new(TimeLimitUnit.MonthEnd, 0, false);

    /// <summary><paramref name="count"/> natural days.</summary>
    public static TimeLimit Days(int count, bool strict = false) => Create(TimeLimitUnit.Days, count, strict);

    /// <summary><paramref name="count"/> working days.</summary>
    public static TimeLimit WorkingDays(int count) => Create(TimeLimitUnit.WorkingDays, count, false);

    /// <summary><paramref name="count"/> weeks of 7 natural days.</summary>
    public static TimeLimit Weeks(int count, bool strict = false) => Create(TimeLimitUnit.Weeks, count, strict);

    /// <summary><paramref name="count"/> calendar months.</summary>
    public static TimeLimit Months(int count, bool strict = false) => Create(TimeLimitUnit.Months, count, strict);

    /// <summary><paramref name="count"/> calendar years.</summary>
    public static TimeLimit Years(int count, bool strict = false) => Create(TimeLimitUnit.Years, count, strict);

    /// <summary>
    /// Creates a limit. Throws <see cref="ArgumentOutOfRangeException"/> when a counted unit's count is not in
    /// 1..<see cref="MaxCount"/> (SameDay/MonthEnd take 0), and <see cref="ArgumentException"/> when
    /// <paramref name="strict"/> is asked of a unit that never moves (working days, same day, month end).
    /// </summary>
    public static TimeLimit Create(TimeLimitUnit unit, int count, bool strict = false)
    {
        if (!Enum.IsDefined(unit))
        {
            throw new ArgumentOutOfRangeException(nameof(unit), unit, "Unknown time limit unit.");
        }

        if (unit is TimeLimitUnit.SameDay or TimeLimitUnit.MonthEnd)
        {
            if (count != 0)
            {
                throw new ArgumentOutOfRangeException(nameof(count), count, $"A {unit} limit takes no count (0).");
            }
        }
        else if (count is < 1 or > MaxCount)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"The count must be between 1 and {MaxCount}.");
        }

        if (strict && !CanBeStrict(unit))
        {
            throw new ArgumentException(
                "Only day, week, month and year limits can be strict (不顺延); working days, same day and month end never move.",
                nameof(strict));
        }

        return unit switch
        {
            TimeLimitUnit.SameDay => SameDay,
            TimeLimitUnit.MonthEnd => BeforeMonthEnd,
            _ => new TimeLimit(unit, count, strict),
        };
    }

    private static bool CanBeStrict(TimeLimitUnit unit) =>
        unit is TimeLimitUnit.Days or TimeLimitUnit.Weeks or TimeLimitUnit.Months or TimeLimitUnit.Years;

    /// <summary>
    /// The last day of the limit (inclusive: the act is in time on this day) for a period starting on
    /// <paramref name="start"/>; the start day itself is not counted.
    /// <list type="bullet">
    /// <item>days / weeks: start + n (×7) natural days;</item>
    /// <item>months / years: the same day-of-month n months (×12) later, or that month's last day when it has no such day
    /// (2024-01-31 + 1 month = 2024-02-29);</item>
    /// <item>for those four, when the result is a rest day it moves to the next working day, unless <see cref="Strict"/>;</item>
    /// <item>working days: <see cref="WorkCalendar.AddWorkingDays"/> (start + n working days, start not counted);</item>
    /// <item>same day: start; before month end: the last day of the start's month (never moved).</item>
    /// </list>
    /// </summary>
    public DateOnly Due(DateOnly start, WorkCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var raw = Unit switch
        {
            TimeLimitUnit.Days => start.AddDays(Count),
            TimeLimitUnit.Weeks => start.AddDays(checked(Count * 7)),
            TimeLimitUnit.Months => start.AddMonths(Count),
            TimeLimitUnit.Years => start.AddMonths(checked(Count * 12)),
            TimeLimitUnit.WorkingDays => calendar.AddWorkingDays(start, Count),
            TimeLimitUnit.SameDay => start,
            TimeLimitUnit.MonthEnd => new DateOnly(start.Year, start.Month, DateTime.DaysInMonth(start.Year, start.Month)),
            _ => throw new InvalidOperationException($"Unknown unit {Unit}."),
        };
        return RollsOverRestDays ? calendar.NextWorkingDayOrSame(raw) : raw;
    }

    /// <summary>
    /// The canonical English form, which <see cref="Parse"/> reads back: <c>15 days</c>, <c>1 day</c>,
    /// <c>3 working days</c>, <c>2 weeks</c>, <c>3 months</c>, <c>1 year</c>, <c>same day</c>,
    /// <c>before month end</c>, and a <c> strict</c> suffix when strict (<c>15 days strict</c>).
    /// </summary>
    public override string ToString()
    {
        var text = Unit switch
        {
            TimeLimitUnit.Days => Plural("day"),
            TimeLimitUnit.WorkingDays => Plural("working day"),
            TimeLimitUnit.Weeks => Plural("week"),
            TimeLimitUnit.Months => Plural("month"),
            TimeLimitUnit.Years => Plural("year"),
            TimeLimitUnit.SameDay => "same day",
            TimeLimitUnit.MonthEnd => "before month end",
            _ => Unit.ToString(),
        };
        return Strict ? text + " strict" : text;
    }

    private string Plural(string noun) =>
        Count.ToString(CultureInfo.InvariantCulture) + " " + noun + (Count == 1 ? "" : "s");

    /// <summary>
    /// The canonical Chinese form, which <see cref="Parse"/> reads back: <c>15日</c>, <c>3个工作日</c>, <c>2周</c>,
    /// <c>3个月</c>, <c>1年</c>, <c>当日</c>, <c>月底前</c>, with a <c>（不顺延）</c> suffix when strict.
    /// </summary>
    public string ToChinese()
    {
        var n = Count.ToString(CultureInfo.InvariantCulture);
        var text = Unit switch
        {
            TimeLimitUnit.Days => n + "日",
            TimeLimitUnit.WorkingDays => n + "个工作日",
            TimeLimitUnit.Weeks => n + "周",
            TimeLimitUnit.Months => n + "个月",
            TimeLimitUnit.Years => n + "年",
            TimeLimitUnit.SameDay => "当日",
            TimeLimitUnit.MonthEnd => "月底前",
            _ => Unit.ToString(),
        };
        return Strict ? text + "（不顺延）" : text;
    }

    // ---- parsing -------------------------------------------------------------------------------------------

    private const string Examples =
        "Examples: \"15 days\", \"15日\", \"3 working days\", \"3个工作日\", \"2 weeks\", \"1周\", \"3 months\", \"3个月\", " +
        "\"1 year\", \"1年\", \"same day\", \"当日\", \"before month end\", \"月底前\"; add \" strict\" / \"（不顺延）\" " +
        "to keep a last day that falls on a rest day.";

    private const string Num = @"(?<n>[0-9]+|[零〇一二两三四五六七八九十百千]+)";

    private static readonly (Regex Pattern, TimeLimitUnit Unit)[] Patterns =
    [
        (new Regex(@"^(?:within )?" + Num + @" ?(?:natural |calendar )?days?$", RegexOptions.CultureInvariant), TimeLimitUnit.Days),
        (new Regex(@"^(?:within )?" + Num + @" ?(?:working|business|work) ?days?$", RegexOptions.CultureInvariant), TimeLimitUnit.WorkingDays),
        (new Regex(@"^(?:within )?" + Num + @" ?weeks?$", RegexOptions.CultureInvariant), TimeLimitUnit.Weeks),
        (new Regex(@"^(?:within )?" + Num + @" ?months?$", RegexOptions.CultureInvariant), TimeLimitUnit.Months),
        (new Regex(@"^(?:within )?" + Num + @" ?years?$", RegexOptions.CultureInvariant), TimeLimitUnit.Years),
        (new Regex(@"^" + Num + @"(?:个?自然日|日|天)(?:以?内)?$", RegexOptions.CultureInvariant), TimeLimitUnit.Days),
        (new Regex(@"^" + Num + @"个?工作日(?:以?内)?$", RegexOptions.CultureInvariant), TimeLimitUnit.WorkingDays),
        (new Regex(@"^" + Num + @"(?:个?星期|周)(?:以?内)?$", RegexOptions.CultureInvariant), TimeLimitUnit.Weeks),
        (new Regex(@"^" + Num + @"个月(?:以?内)?$", RegexOptions.CultureInvariant), TimeLimitUnit.Months),
        (new Regex(@"^" + Num + @"年(?:以?内)?$", RegexOptions.CultureInvariant), TimeLimitUnit.Years),
    ];

    private static readonly HashSet<string> SameDayWords = ["same day", "same-day", "the same day", "当日", "当天", "即日"];

    private static readonly HashSet<string> MonthEndWords =
    [
        "before month end", "by month end", "month end", "end of month", "before the end of the month",
        "by the end of the month", "月底前", "当月底", "当月底前", "当月月底前", "本月底前", "月末前", "当月末",
    ];

    private static readonly Regex StrictEnglish = new(@"(?: strict| \(strict\))$", RegexOptions.CultureInvariant);
    private static readonly Regex StrictChinese = new(@" ?\(?不顺延\)?$", RegexOptions.CultureInvariant);

    /// <summary>
    /// Parses English or Chinese text (case-insensitive; full-width digits and brackets accepted; Chinese numerals
    /// such as 十五 accepted; a Chinese 内/以内 suffix or English "within" prefix ignored). Throws
    /// <see cref="TimeLimitFormatException"/> naming the text when it is not a time limit.
    /// </summary>
    public static TimeLimit Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParseCore(text, out var limit, out var error)
            ? limit
            : throw new TimeLimitFormatException(text, error);
    }

    /// <summary>Like <see cref="Parse"/>, returning false instead of throwing.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out TimeLimit? limit)
    {
        if (text is not null && TryParseCore(text, out var parsed, out _))
        {
            limit = parsed;
            return true;
        }

        limit = null;
        return false;
    }

    private static bool TryParseCore(string text, [NotNullWhen(true)] out TimeLimit? limit, out string error)
    {
        limit = null;
        var s = Normalize(text);
        if (s.Length == 0)
        {
            error = "the text is empty";
            return false;
        }

        var strict = false;
        var m = StrictEnglish.Match(s);
        if (!m.Success)
        {
            m = StrictChinese.Match(s);
        }

        if (m.Success && m.Index > 0)
        {
            strict = true;
            s = s[..m.Index].TrimEnd();
        }

        TimeLimit? result = null;
        if (SameDayWords.Contains(s))
        {
            result = SameDay;
        }
        else if (MonthEndWords.Contains(s))
        {
            result = BeforeMonthEnd;
        }
        else
        {
            foreach (var (pattern, unit) in Patterns)
            {
                var match = pattern.Match(s);
                if (!match.Success)
                {
                    continue;
                }

                if (!TryReadNumber(match.Groups["n"].Value, out var count) || count is < 1 or > MaxCount)
                {
                    error = $"the count must be a whole number from 1 to {MaxCount}";
                    return false;
                }

                result = new TimeLimit(unit, count, false);
                break;
            }
        }

        if (result is null)
        {
            error = "unknown form";
            return false;
        }

        if (strict)
        {
            if (!CanBeStrict(result.Unit))
            {
                error = "only day, week, month and year limits can be strict (不顺延)";
                return false;
            }

            result = new TimeLimit(result.Unit, result.Count, true);
        }

        limit = result;
        error = "";
        return true;
    }

    private static string Normalize(string text)
    {
        // NFKC folds full-width digits, letters and brackets （）to ASCII.
        var s = text.Normalize(NormalizationForm.FormKC).Trim().ToLowerInvariant();
        var sb = new StringBuilder(s.Length);
        var space = false;
        foreach (var c in s)
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }

            if (space && sb.Length > 0)
            {
                sb.Append(' ');
            }

            space = false;
            sb.Append(c);
        }

        return sb.ToString();
    }

    private static bool TryReadNumber(string digits, out int value)
    {
        if (digits.Length > 0 && char.IsAsciiDigit(digits[0]))
        {
            return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        }

        return TryReadChineseNumber(digits, out value);
    }

    /// <summary>Reads Chinese numerals below 10000: 十五 = 15, 二十 = 20, 一百零五 = 105, 两 = 2.</summary>
    private static bool TryReadChineseNumber(string s, out int value)
    {
        value = 0;
        var total = 0;
        var digit = 0; // pending digit, 0 = none
        var lastUnit = 10_000;
        foreach (var c in s)
        {
            var d = c switch
            {
                '零' or '〇' => 0,
                '一' => 1,
                '二' or '两' => 2,
                '三' => 3,
                '四' => 4,
                '五' => 5,
                '六' => 6,
                '七' => 7,
                '八' => 8,
                '九' => 9,
                _ => -1,
            };
            if (d == 0)
            {
                continue; // 一百零五: the zero only marks a gap
            }

            if (d > 0)
            {
                if (digit > 0)
                {
                    return false; // two digits in a row, e.g. 一五
                }

                digit = d;
                continue;
            }

            var unit = c switch { '十' => 10, '百' => 100, '千' => 1000, _ => 0 };
            if (unit == 0 || unit >= lastUnit)
            {
                return false;
            }

            total += (digit > 0 ? digit : 1) * unit; // 十五: a bare 十 is 10
            digit = 0;
            lastUnit = unit;
        }

        value = total + digit;
        return value > 0;
    }

    internal static string ExamplesText => Examples;
}

/// <summary>The text is not a time limit. <see cref="Text"/> is the text as given.</summary>
public sealed class TimeLimitFormatException : FormatException
{
    public TimeLimitFormatException(string text, string reason)
        : base($"Cannot read the time limit \"{text}\": {reason}. {TimeLimit.ExamplesText}")
    {
        Text = text;
        Reason = reason;
    }

    /// <summary>The text that could not be read.</summary>
    public string Text { get; }

    /// <summary>Why it could not be read.</summary>
    public string Reason { get; }
}
