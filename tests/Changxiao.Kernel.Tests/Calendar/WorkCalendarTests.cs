using Changxiao.Kernel.Calendar;
using static Changxiao.Kernel.Tests.Calendar.Shipped;

namespace Changxiao.Kernel.Tests.Calendar;

public class WorkCalendarTests
{
    private static CalendarYear Year(int year, HolidayRange[] holidays, MakeUpWorkday[] workdays) =>
        CalendarYear.Create(year, [$"test {year}"], holidays, workdays);

    [Theory]
    [InlineData("2025-10-01", DayKind.Rest, DayReason.Holiday, "国庆节")]
    [InlineData("2025-09-28", DayKind.Workday, DayReason.MakeUpWorkday, "国庆节调休")]
    [InlineData("2025-09-27", DayKind.Rest, DayReason.Weekend, null)]
    [InlineData("2025-09-29", DayKind.Workday, DayReason.Weekday, null)]
    [InlineData("2025-05-31", DayKind.Rest, DayReason.Holiday, "端午节")]
    public void DayInfo_KnownDates_GiveKindReasonAndName(string date, DayKind kind, DayReason reason, string? name)
    {
        var info = Cal.DayInfo(D(date));
        Assert.Equal(new CalendarDay(D(date), kind, reason, name), info);
    }

    [Theory]
    [InlineData("2025-09-29", "2025-09-29")] // a workday: same
    [InlineData("2025-10-01", "2025-10-09")]
    [InlineData("2025-09-27", "2025-09-28")] // Saturday → make-up Sunday
    [InlineData("2025-01-28", "2025-02-05")]
    public void NextWorkingDayOrSame_Date_GivesDateOrFirstWorkingDayAfter(string date, string expected) =>
        Assert.Equal(D(expected), Cal.NextWorkingDayOrSame(D(date)));

    [Theory]
    [InlineData("2025-09-29", "2025-09-30")]
    [InlineData("2025-09-30", "2025-10-09")]
    [InlineData("2025-10-10", "2025-10-11")] // make-up Saturday
    [InlineData("2025-10-11", "2025-10-13")]
    public void NextWorkingDay_Date_GivesFirstWorkingDayStrictlyAfter(string date, string expected) =>
        Assert.Equal(D(expected), Cal.NextWorkingDay(D(date)));

    [Theory]
    [InlineData("2025-10-09", "2025-09-30")]
    [InlineData("2025-09-29", "2025-09-28")] // make-up Sunday
    public void PreviousWorkingDay_Date_GivesLastWorkingDayStrictlyBefore(string date, string expected) =>
        Assert.Equal(D(expected), Cal.PreviousWorkingDay(D(date)));

    [Theory]
    [InlineData("2025-10-05", "2025-09-30")]
    [InlineData("2025-09-30", "2025-09-30")]
    public void PreviousWorkingDayOrSame_Date_GivesDateOrLastWorkingDayBefore(string date, string expected) =>
        Assert.Equal(D(expected), Cal.PreviousWorkingDayOrSame(D(date)));

    [Theory]
    [InlineData("2025-09-26", 3, "2025-09-30")] // Fri + 3: Sun 28 (调休), Mon 29, Tue 30
    [InlineData("2025-09-26", 4, "2025-10-09")]
    [InlineData("2025-01-24", 3, "2025-02-05")] // crosses 春节 2025: Sun 26 (调休), Mon 27, Wed 5 Feb
    [InlineData("2025-01-27", 5, "2025-02-10")] // Feb 5, 6, 7, Sat 8 (调休), Mon 10
    [InlineData("2025-10-01", 1, "2025-10-09")] // start on a holiday: not counted
    [InlineData("2025-09-26", 0, "2025-09-26")]
    [InlineData("2025-10-09", -1, "2025-09-30")]
    [InlineData("2025-02-05", -3, "2025-01-24")] // back over 春节: Jan 27, Sun 26 (调休), Fri 24
    public void AddWorkingDays_StartNotCounted_GivesNthWorkingDay(string start, int days, string expected) =>
        Assert.Equal(D(expected), Cal.AddWorkingDays(D(start), days));

    [Theory]
    [InlineData("2025-09-26", "2025-09-30", 3)]
    [InlineData("2025-09-30", "2025-09-26", -3)]
    [InlineData("2025-09-26", "2025-09-26", 0)]
    [InlineData("2025-09-30", "2025-10-08", 0)] // the whole holiday
    [InlineData("2025-01-27", "2025-02-10", 5)]
    [InlineData("2019-12-31", "2020-01-03", 2)] // across the coverage edge
    public void WorkingDaysBetween_HalfOpenInterval_CountsWorkingDaysAfterFromUpToTo(string from, string to, int expected) =>
        Assert.Equal(expected, Cal.WorkingDaysBetween(D(from), D(to)));

    [Fact]
    public void WorkingDaysBetween_ManyPairs_AgreesWithDayByDayCountAndAddWorkingDays()
    {
        var random = new Random(20250926);
        var first = D("2019-11-01").DayNumber;
        var last = D("2027-02-28").DayNumber;
        for (var i = 0; i < 400; i++)
        {
            var a = DateOnly.FromDayNumber(random.Next(first, last));
            var b = a.AddDays(random.Next(0, 120));
            var brute = 0;
            for (var d = a.AddDays(1); d <= b; d = d.AddDays(1))
            {
                if (Cal.IsWorkingDay(d))
                {
                    brute++;
                }
            }

            Assert.Equal(brute, Cal.WorkingDaysBetween(a, b));
            Assert.Equal(-brute, Cal.WorkingDaysBetween(b, a));
            var n = random.Next(1, 40);
            Assert.Equal(n, Cal.WorkingDaysBetween(a, Cal.AddWorkingDays(a, n)));
        }
    }

    [Fact]
    public void Default_NoData_UsesMondayToFridayAndCoversNothing()
    {
        var cal = WorkCalendar.Default;
        Assert.True(cal.IsWorkingDay(D("2025-10-01"))); // Wednesday: no holiday data
        Assert.False(cal.IsWorkingDay(D("2025-09-28"))); // Sunday: no make-up data
        Assert.False(cal.Covers(D("2025-10-01")));
        Assert.Empty(cal.CoveredYears);
    }

    [Fact]
    public void Create_DateBothHolidayAndMakeUpWorkday_ThrowsNamingTheDate()
    {
        var year = Year(
            2025,
            [HolidayRange.Create("国庆节", D("2025-10-01"), D("2025-10-08"))],
            [MakeUpWorkday.Create(D("2025-10-04"), "国庆节调休")]);

        var ex = Assert.Throws<CalendarDataException>(() => WorkCalendar.Create([year]));
        Assert.Equal(D("2025-10-04"), ex.Date);
        Assert.Contains("2025-10-04", ex.Message);
    }

    [Fact]
    public void Create_HolidayInOneYearAndMakeUpDayInAnother_ThrowsNamingTheDate()
    {
        var y2022 = Year(2022, [], [MakeUpWorkday.Create(D("2022-12-31"))]);
        var y2023 = Year(2023, [HolidayRange.Create("元旦", D("2022-12-31"), D("2023-01-02"))], []);

        var ex = Assert.Throws<CalendarDataException>(() => WorkCalendar.Create([y2023, y2022]));
        Assert.Contains("2022-12-31", ex.Message);
    }

    [Fact]
    public void Create_OverlappingHolidays_ThrowsNamingTheDate()
    {
        var year = Year(
            2025,
            [HolidayRange.Create("甲", D("2025-05-01"), D("2025-05-05")), HolidayRange.Create("乙", D("2025-05-05"), D("2025-05-06"))],
            []);

        var ex = Assert.Throws<CalendarDataException>(() => WorkCalendar.Create([year]));
        Assert.Equal(D("2025-05-05"), ex.Date);
    }

    [Fact]
    public void Create_SameYearTwice_Throws()
    {
        var ex = Assert.Throws<CalendarDataException>(() => WorkCalendar.Create([Year(2025, [], []), Year(2025, [], [])]));
        Assert.Contains("2025", ex.Message);
    }

    [Fact]
    public void MakeUpWorkdayCreate_Weekday_ThrowsNamingTheDate()
    {
        var ex = Assert.Throws<ArgumentException>(() => MakeUpWorkday.Create(D("2025-01-27"), "x"));
        Assert.Contains("2025-01-27", ex.Message);
        Assert.Contains("Monday", ex.Message);
    }

    [Fact]
    public void HolidayRangeCreate_ToBeforeFrom_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => HolidayRange.Create("春节", D("2025-02-04"), D("2025-01-28")));
        Assert.Contains("2025-01-28", ex.Message);
    }

    [Fact]
    public void CalendarYearCreate_DateFarFromYear_Throws() =>
        Assert.Throws<ArgumentException>(() => Year(2025, [HolidayRange.Create("x", D("2027-01-01"), D("2027-01-01"))], []));

    [Fact]
    public void HolidayRange_Length_CountsBothEnds()
    {
        var range = HolidayRange.Create("春节", D("2025-01-28"), D("2025-02-04"));
        Assert.Equal(8, range.Length);
        Assert.Equal(8, range.Dates().Count());
        Assert.True(range.Contains(D("2025-02-04")));
        Assert.False(range.Contains(D("2025-02-05")));
    }

    [Fact]
    public void HolidaysBetween_NationalDayWeek_ReturnsRangesTouchingTheInterval()
    {
        var ranges = Cal.HolidaysBetween(D("2025-09-01"), D("2025-10-01"));
        Assert.Equal(["国庆节"], ranges.Select(r => r.Name));
    }

    [Fact]
    public void ChinaDate_FromInstant_UsesUtcPlus8()
    {
        Assert.Equal(D("2025-10-01"), ChinaDate.FromInstant(new DateTimeOffset(2025, 9, 30, 16, 0, 0, TimeSpan.Zero)));
        Assert.Equal(D("2025-09-30"), ChinaDate.FromInstant(new DateTimeOffset(2025, 9, 30, 15, 59, 59, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData("2025-10-01", true)]
    [InlineData("2025-1-1", false)]
    [InlineData("2025-02-30", false)]
    [InlineData("20251001", false)]
    [InlineData(" 2025-10-01", false)]
    public void ChinaDateTryParse_Text_AcceptsOnlyIsoDates(string text, bool ok) =>
        Assert.Equal(ok, ChinaDate.TryParse(text, out _));
}
