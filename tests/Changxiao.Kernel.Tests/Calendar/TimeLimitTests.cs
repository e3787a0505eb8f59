using Changxiao.Kernel.Calendar;
using static Changxiao.Kernel.Tests.Calendar.Shipped;

namespace Changxiao.Kernel.Tests.Calendar;

public class TimeLimitTests
{
    [Theory]
    [InlineData("15 days", TimeLimitUnit.Days, 15, false)]
    [InlineData("1 day", TimeLimitUnit.Days, 1, false)]
    [InlineData("15日", TimeLimitUnit.Days, 15, false)]
    [InlineData("15天", TimeLimitUnit.Days, 15, false)]
    [InlineData("十五日", TimeLimitUnit.Days, 15, false)]
    [InlineData("三十日内", TimeLimitUnit.Days, 30, false)]
    [InlineData("15个自然日", TimeLimitUnit.Days, 15, false)]
    [InlineData("１５日", TimeLimitUnit.Days, 15, false)] // full-width digits
    [InlineData("  15   Days ", TimeLimitUnit.Days, 15, false)]
    [InlineData("within 15 days", TimeLimitUnit.Days, 15, false)]
    [InlineData("15 days strict", TimeLimitUnit.Days, 15, true)]
    [InlineData("15日（不顺延）", TimeLimitUnit.Days, 15, true)]
    [InlineData("15日(不顺延)", TimeLimitUnit.Days, 15, true)]
    [InlineData("3 working days", TimeLimitUnit.WorkingDays, 3, false)]
    [InlineData("1 working day", TimeLimitUnit.WorkingDays, 1, false)]
    [InlineData("3个工作日", TimeLimitUnit.WorkingDays, 3, false)]
    [InlineData("三个工作日内", TimeLimitUnit.WorkingDays, 3, false)]
    [InlineData("3 months", TimeLimitUnit.Months, 3, false)]
    [InlineData("3个月", TimeLimitUnit.Months, 3, false)]
    [InlineData("两个月", TimeLimitUnit.Months, 2, false)]
    [InlineData("1 month strict", TimeLimitUnit.Months, 1, true)]
    [InlineData("1 week", TimeLimitUnit.Weeks, 1, false)]
    [InlineData("1周", TimeLimitUnit.Weeks, 1, false)]
    [InlineData("2 weeks", TimeLimitUnit.Weeks, 2, false)]
    [InlineData("1 year", TimeLimitUnit.Years, 1, false)]
    [InlineData("1年", TimeLimitUnit.Years, 1, false)]
    [InlineData("一百二十日", TimeLimitUnit.Days, 120, false)]
    [InlineData("一百零五日", TimeLimitUnit.Days, 105, false)]
    [InlineData("same day", TimeLimitUnit.SameDay, 0, false)]
    [InlineData("当日", TimeLimitUnit.SameDay, 0, false)]
    [InlineData("当天", TimeLimitUnit.SameDay, 0, false)]
    [InlineData("before month end", TimeLimitUnit.MonthEnd, 0, false)]
    [InlineData("月底前", TimeLimitUnit.MonthEnd, 0, false)]
    [InlineData("当月底", TimeLimitUnit.MonthEnd, 0, false)]
    public void Parse_EnglishOrChinese_GivesUnitCountAndStrictness(string text, TimeLimitUnit unit, int count, bool strict)
    {
        var limit = TimeLimit.Parse(text);
        Assert.Equal(unit, limit.Unit);
        Assert.Equal(count, limit.Count);
        Assert.Equal(strict, limit.Strict);
    }

    [Theory]
    [InlineData("15天", "15 days", "15日")]
    [InlineData("1 day", "1 day", "1日")]
    [InlineData("三个工作日", "3 working days", "3个工作日")]
    [InlineData("1 working day", "1 working day", "1个工作日")]
    [InlineData("3个月", "3 months", "3个月")]
    [InlineData("1 month", "1 month", "1个月")]
    [InlineData("1周", "1 week", "1周")]
    [InlineData("1年", "1 year", "1年")]
    [InlineData("2 years", "2 years", "2年")]
    [InlineData("当天", "same day", "当日")]
    [InlineData("当月底", "before month end", "月底前")]
    [InlineData("15日（不顺延）", "15 days strict", "15日（不顺延）")]
    [InlineData("2 months strict", "2 months strict", "2个月（不顺延）")]
    public void ToStringAndToChinese_ParsedLimit_GiveCanonicalFormsThatParseBack(string text, string english, string chinese)
    {
        var limit = TimeLimit.Parse(text);
        Assert.Equal(english, limit.ToString());
        Assert.Equal(chinese, limit.ToChinese());
        Assert.Equal(limit, TimeLimit.Parse(limit.ToString()));
        Assert.Equal(limit, TimeLimit.Parse(limit.ToChinese()));
    }

    [Fact]
    public void ToString_EveryUnitAndCount_RoundTrips()
    {
        foreach (var unit in new[] { TimeLimitUnit.Days, TimeLimitUnit.Weeks, TimeLimitUnit.Months, TimeLimitUnit.Years })
        {
            foreach (var n in new[] { 1, 2, 10, 15, 99, 100, 365 })
            {
                foreach (var strict in new[] { false, true })
                {
                    var limit = TimeLimit.Create(unit, n, strict);
                    Assert.Equal(limit, TimeLimit.Parse(limit.ToString()));
                    Assert.Equal(limit, TimeLimit.Parse(limit.ToChinese()));
                }
            }
        }

        Assert.Equal(TimeLimit.WorkingDays(7), TimeLimit.Parse(TimeLimit.WorkingDays(7).ToChinese()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("abc")]
    [InlineData("0 days")]
    [InlineData("-3 days")]
    [InlineData("1.5 days")]
    [InlineData("3月")] // March, not 3 months
    [InlineData("3 fortnights")]
    [InlineData("100001 days")]
    [InlineData("99999999999 days")]
    [InlineData("3 working days strict")] // working days never move
    [InlineData("当日（不顺延）")]
    [InlineData("strict")]
    [InlineData("一五日")]
    public void Parse_BadText_ThrowsNamingTheText(string text)
    {
        var ex = Assert.Throws<TimeLimitFormatException>(() => TimeLimit.Parse(text));
        Assert.Equal(text, ex.Text);
        Assert.Contains($"\"{text}\"", ex.Message);
        Assert.False(TimeLimit.TryParse(text, out _));
    }

    [Fact]
    public void TryParse_Null_ReturnsFalse() => Assert.False(TimeLimit.TryParse(null, out _));

    [Fact]
    public void Create_InvalidArguments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TimeLimit.Days(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => TimeLimit.Create(TimeLimitUnit.SameDay, 3));
        Assert.Throws<ArgumentException>(() => TimeLimit.Create(TimeLimitUnit.WorkingDays, 3, strict: true));
    }

    [Fact]
    public void Equality_SameUnitCountStrictness_AreEqual()
    {
        Assert.Equal(TimeLimit.Parse("15日"), TimeLimit.Days(15));
        Assert.NotEqual(TimeLimit.Days(15), TimeLimit.Days(15, strict: true));
        Assert.NotEqual(TimeLimit.Weeks(1), TimeLimit.Days(7));
    }

    [Theory]
    // working days
    [InlineData("2025-09-26", "3 working days", "2025-09-30")]
    [InlineData("2025-09-26", "3个工作日", "2025-09-30")]
    [InlineData("2025-01-24", "3个工作日", "2025-02-05")] // across 春节 2025 (Sun 26 Jan is worked)
    [InlineData("2025-01-27", "5 working days", "2025-02-10")]
    // natural days: roll-over onto the next working day (民法典 第二百零三条)
    [InlineData("2025-09-16", "15 days", "2025-10-09")]
    [InlineData("2025-09-16", "15日", "2025-10-09")]
    [InlineData("2025-09-16", "15 days strict", "2025-10-01")]
    [InlineData("2025-09-16", "15日（不顺延）", "2025-10-01")]
    [InlineData("2025-03-07", "1 day", "2025-03-10")] // Saturday → Monday
    [InlineData("2025-10-04", "7 days", "2025-10-11")] // lands on a make-up Saturday: a working day
    [InlineData("2023-12-25", "7日", "2024-01-02")] // 元旦 2024 (Sat 30 Dec – Mon 1 Jan)
    [InlineData("2025-03-03", "15 days", "2025-03-18")]
    [InlineData("2029-12-31", "1 day", "2030-01-01")] // outside the data: default rule (Tuesday)
    // weeks and years
    [InlineData("2025-09-24", "1周", "2025-10-09")]
    [InlineData("2025-03-03", "2 weeks", "2025-03-17")]
    [InlineData("2024-02-29", "1 year", "2025-02-28")]
    [InlineData("2024-10-01", "1年", "2025-10-09")]
    [InlineData("2024-10-01", "1 year strict", "2025-10-01")]
    // months: same day of month, or month end (民法典 第二百零三条)
    [InlineData("2024-01-31", "1 month", "2024-02-29")]
    [InlineData("2025-01-31", "1 month", "2025-02-28")]
    [InlineData("2025-01-31", "1个月", "2025-02-28")]
    [InlineData("2025-05-31", "1 month", "2025-06-30")]
    [InlineData("2025-03-15", "3个月", "2025-06-16")] // 15 Jun 2025 is a Sunday
    [InlineData("2025-08-01", "2 months", "2025-10-09")]
    [InlineData("2025-08-01", "2 months strict", "2025-10-01")]
    // same day and before month end: never moved
    [InlineData("2025-10-01", "当日", "2025-10-01")]
    [InlineData("2025-09-26", "same day", "2025-09-26")]
    [InlineData("2025-02-10", "月底前", "2025-02-28")]
    [InlineData("2024-02-10", "before month end", "2024-02-29")]
    [InlineData("2025-05-15", "before month end", "2025-05-31")] // a Saturday and 端午节: kept
    [InlineData("2025-05-31", "当月底", "2025-05-31")]
    public void Due_StartAndLimit_GivesDueDate(string start, string limit, string expected) =>
        Assert.Equal(D(expected), TimeLimit.Parse(limit).Due(D(start), Cal));

    [Fact]
    public void RollsOverRestDays_ByUnit_OnlyForNaturalUnitsThatAreNotStrict()
    {
        Assert.True(TimeLimit.Days(1).RollsOverRestDays);
        Assert.True(TimeLimit.Months(1).RollsOverRestDays);
        Assert.False(TimeLimit.Days(1, strict: true).RollsOverRestDays);
        Assert.False(TimeLimit.WorkingDays(1).RollsOverRestDays);
        Assert.False(TimeLimit.SameDay.RollsOverRestDays);
        Assert.False(TimeLimit.BeforeMonthEnd.RollsOverRestDays);
    }
}
