using Changxiao.Kernel.Calendar;
using static Changxiao.Kernel.Tests.Calendar.Shipped;

namespace Changxiao.Kernel.Tests.Calendar;

/// <summary>The shipped packs/calendars files against the verified State Council data, 2020–2026.</summary>
public class ShippedCalendarTests
{
    [Theory]
    [MemberData(nameof(Shipped.MakeUpRows), MemberType = typeof(Shipped))]
    public void IsWorkingDay_MakeUpDay_IsWorkingWeekendDayWithItsName(string date, string name)
    {
        var d = D(date);
        var info = Cal.DayInfo(d);

        Assert.True(WorkCalendar.IsWeekend(d), $"{date} should be a weekend day");
        Assert.True(Cal.IsWorkingDay(d));
        Assert.Equal(DayKind.Workday, info.Kind);
        Assert.Equal(DayReason.MakeUpWorkday, info.Reason);
        Assert.Equal(name, info.Name);
    }

    [Theory]
    [MemberData(nameof(Shipped.HolidayRows), MemberType = typeof(Shipped))]
    public void DayInfo_HolidayRangeFirstAndLastDay_AreRestWithHolidayName(int year, string name, string from, string to)
    {
        foreach (var d in new[] { D(from), D(to) })
        {
            var info = Cal.DayInfo(d);
            Assert.False(Cal.IsWorkingDay(d), $"{d} ({name} {year}) should be a rest day");
            Assert.Equal(DayKind.Rest, info.Kind);
            Assert.Equal(DayReason.Holiday, info.Reason);
            Assert.Equal(name, info.Name);
        }
    }

    [Theory]
    [MemberData(nameof(Shipped.HolidayRows), MemberType = typeof(Shipped))]
    public void DayInfo_EveryDayInsideHolidayRange_IsRest(int year, string name, string from, string to)
    {
        for (var d = D(from); d <= D(to); d = d.AddDays(1))
        {
            Assert.True(Cal.IsRestDay(d), $"{d} ({name} {year})");
            Assert.Equal(name, Cal.DayInfo(d).Name);
        }
    }

    [Theory]
    [MemberData(nameof(Shipped.HolidayRows), MemberType = typeof(Shipped))]
    public void DayInfo_DayBeforeAndAfterHolidayRange_IsWorkingDayOrPlainWeekend(int year, string name, string from, string to)
    {
        foreach (var d in new[] { D(from).AddDays(-1), D(to).AddDays(1) })
        {
            var info = Cal.DayInfo(d);
            Assert.NotEqual(DayReason.Holiday, info.Reason);

            // Per the data: a make-up day or a weekday is worked, a weekend day that is not made up is rest.
            var expectWorking = IsMakeUp(d) || !WorkCalendar.IsWeekend(d);
            Assert.True(expectWorking == Cal.IsWorkingDay(d), $"{d} next to {name} {year}: expected working={expectWorking}");
            Assert.True(info.IsWorkingDay || info.Reason == DayReason.Weekend, $"{d} next to {name} {year} is {info}");
        }
    }

    [Fact]
    public void LoadFolder_ShippedFiles_ContainExactlyTheVerifiedHolidaysAndMakeUpDays()
    {
        var loadedHolidays = Cal.Years
            .SelectMany(y => y.Holidays.Select(h => (y.Year, h.Name, ChinaDate.Format(h.From), ChinaDate.Format(h.To))))
            .OrderBy(h => h.Item3, StringComparer.Ordinal)
            .ToArray();
        var expectedHolidays = Holidays.OrderBy(h => h.From, StringComparer.Ordinal).ToArray();
        Assert.Equal(expectedHolidays, loadedHolidays);

        var loadedMakeUps = Cal.Years
            .SelectMany(y => y.Workdays.Select(w => (ChinaDate.Format(w.Date), w.Name ?? "")))
            .OrderBy(w => w.Item1, StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(MakeUpDays.OrderBy(m => m.Date, StringComparer.Ordinal).ToArray(), loadedMakeUps);
    }

    [Fact]
    public void LoadFolder_ShippedFiles_CoverEachYear2020To2026WithASourceNotice()
    {
        Assert.Equal([2020, 2021, 2022, 2023, 2024, 2025, 2026], Cal.CoveredYears);
        foreach (var year in Cal.Years)
        {
            Assert.NotEmpty(year.Sources);
            Assert.All(year.Sources, s => Assert.Contains("国办发明电", s));
            Assert.Contains($"{year.Year}年", year.Sources[0]);
        }
    }

    [Fact]
    public void IsWorkingDay_2020February1_IsRestBecauseTheMakeUpDayWasCancelledByTheExtension()
    {
        var info = Cal.DayInfo(D("2020-02-01"));
        Assert.Equal(DayKind.Rest, info.Kind);
        Assert.Equal("春节", info.Name);
        Assert.Equal(2, Cal.Years.Single(y => y.Year == 2020).Sources.Count);
    }

    [Fact]
    public void DayInfo_2023NewYearStartingInPreviousYear_IsRestOn20221231()
    {
        var info = Cal.DayInfo(D("2022-12-31"));
        Assert.Equal(DayReason.Holiday, info.Reason);
        Assert.Equal("元旦", info.Name);
    }

    [Theory]
    [InlineData("2019-12-31", false)]
    [InlineData("2020-01-01", true)]
    [InlineData("2022-12-31", true)]
    [InlineData("2026-12-31", true)]
    [InlineData("2027-01-01", false)]
    public void Covers_DateInOrOutsideShippedYears_ReportsCoverage(string date, bool covered) =>
        Assert.Equal(covered, Cal.Covers(D(date)));

    [Theory]
    [InlineData("2027-01-01", true)] // Friday; 2027 not published: default rule
    [InlineData("2027-01-02", false)] // Saturday
    [InlineData("2019-10-01", true)] // Tuesday, 国庆 2019 not shipped: default rule applies
    public void IsWorkingDay_OutsideCoveredYears_UsesDefaultRule(string date, bool working) =>
        Assert.Equal(working, Cal.IsWorkingDay(D(date)));

    [Fact]
    public void Days_AroundNationalDay2025_FormatsLikeTheCliListing()
    {
        var lines = Cal.Days(D("2025-09-27"), D("2025-10-01")).Select(d => d.ToString()).ToArray();
        Assert.Equal(
            [
                "2025-09-27 rest",
                "2025-09-28 workday 国庆节调休",
                "2025-09-29 workday",
                "2025-09-30 workday",
                "2025-10-01 rest 国庆节",
            ],
            lines);
    }
}
