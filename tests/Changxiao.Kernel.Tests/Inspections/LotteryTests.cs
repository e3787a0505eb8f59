using Changxiao.Kernel.Inspections;
using Changxiao.Kernel.Org;
using Changxiao.Kernel.Packs;

namespace Changxiao.Kernel.Tests.Inspections;

public class LotteryTests
{
    private static readonly Guid CountyId = Guid.Parse("00000000-0000-0000-0000-0000000000c0");
    private static readonly string County = UnitPath.Of(null, CountyId);

    private static Candidate Unit(int n) => new(Guid.Parse($"00000000-0000-0000-0000-{n:D12}"), "镇" + n, UnitPath.Of(County, Guid.Parse($"00000000-0000-0000-0000-{n:D12}")));

    private static Candidate Inspector(int n, Candidate? worksIn = null) =>
        new(Guid.Parse($"10000000-0000-0000-0000-{n:D12}"), "督查员" + n, worksIn is null ? County + "office/" : worksIn.UnitPath + "section/");

    private static Programme P(int units, int inspectors) => new("monthly", new Text("月度暗访"), "inspection", Every.Month,
        new Dictionary<string, string>(), ["township"], units, "inspector", inspectors, "inspected", "inspectors", "period", SourceSpan.None);

    [Fact]
    public void Run_SameSeedAnyOrder_SameDraw()
    {
        var units = Enumerable.Range(1, 8).Select(Unit).ToList();
        var people = Enumerable.Range(1, 10).Select(i => Inspector(i)).ToList();
        var a = Lottery.Run(P(3, 2), 42, units, people);
        var b = Lottery.Run(P(3, 2), 42, units.AsEnumerable().Reverse().ToList(), people.AsEnumerable().Reverse().ToList());
        Assert.Equal(a.Select(d => (d.UnitId, string.Join(",", d.Inspectors))), b.Select(d => (d.UnitId, string.Join(",", d.Inspectors))));
        var c = Lottery.Run(P(3, 2), 43, units, people);
        Assert.NotEqual(a.Select(d => d.UnitId), c.Select(d => d.UnitId));
    }

    [Fact]
    public void Run_InspectorWorkingInTheUnit_NeverDrawnForIt()
    {
        var units = Enumerable.Range(1, 3).Select(Unit).ToList();
        // Two inspectors work in each township; two more sit in the county's office.
        var people = units.SelectMany((u, i) => new[] { Inspector(i * 2 + 1, u), Inspector(i * 2 + 2, u) })
            .Concat([Inspector(90), Inspector(91)]).ToList();
        for (var seed = 0; seed < 200; seed++)
        {
            var draws = Lottery.Run(P(3, 2), seed, units, people);
            foreach (var d in draws)
            {
                var unit = units.Single(u => u.Id == d.UnitId);
                Assert.All(d.Inspectors, i => Assert.False(Lottery.Conflicts(people.Single(p => p.Id == i), unit)));
            }
            Assert.Equal(6, draws.SelectMany(d => d.Inspectors).Distinct().Count()); // nobody drawn twice in a period
        }
    }

    [Fact]
    public void Conflicts_CountyOfficeInspectsTownship_Allowed_OwnTownshipRefused()
    {
        var town = Unit(1);
        Assert.False(Lottery.Conflicts(Inspector(1), town));
        Assert.True(Lottery.Conflicts(Inspector(2, town), town));
    }

    [Fact]
    public void Run_TooFewUnitsOrInspectors_SaysWhich()
    {
        var units = Enumerable.Range(1, 2).Select(Unit).ToList();
        Assert.Contains("单位只有 2 个", Assert.Throws<DrawException>(() => Lottery.Run(P(3, 1), 1, units, [Inspector(1)])).Message);
        Assert.Contains("督查人员不足", Assert.Throws<DrawException>(() => Lottery.Run(P(2, 2), 1, units, [Inspector(1), Inspector(2)])).Message);
    }

    [Theory]
    [InlineData(Every.Week, "2025-09-28", "2025-W39", "2025年第39周")]
    [InlineData(Every.Month, "2025-09-28", "2025-09", "2025年9月")]
    [InlineData(Every.Quarter, "2025-10-01", "2025-Q4", "2025年第四季度")]
    [InlineData(Every.HalfYear, "2025-06-30", "2025-H1", "2025年上半年")]
    [InlineData(Every.HalfYear, "2025-07-01", "2025-H2", "2025年下半年")]
    [InlineData(Every.Year, "2025-12-31", "2025", "2025年")]
    [InlineData(Every.Week, "2026-01-01", "2026-W01", "2026年第1周")]
    public void PeriodOf_Date_KeyAndChineseName(Every every, string date, string key, string name)
    {
        var p = Period.Of(every, DateOnly.Parse(date));
        Assert.Equal(key, p.Key);
        Assert.Equal(name, p.Name);
    }

    [Theory]
    [InlineData(Every.Month, "2025-10-15", 1, false, "2025-10-09")]   // 国庆 Oct 1-8: the month's first working day is the 9th
    [InlineData(Every.Month, "2025-10-15", 3, false, "2025-10-11")]   // …and the Saturday make-up day counts
    [InlineData(Every.Month, "2025-10-15", 1, true, "2025-10-31")]
    [InlineData(Every.Week, "2025-10-02", 1, false, "2025-09-29")]    // ISO week 40: only Mon 29 and Tue 30 are working days
    [InlineData(Every.Week, "2025-10-02", 1, true, "2025-09-30")]
    [InlineData(Every.Week, "2025-10-02", 5, false, "2025-09-30")]    // fewer working days than asked: the last one
    [InlineData(Every.Year, "2026-06-01", 1, false, "2026-01-04")]    // 元旦 Jan 1-3, the Sunday make-up day is the first
    [InlineData(Every.HalfYear, "2025-07-01", 10, true, "2025-12-18")]
    public void DrawDay_OnTheWorkingDayCalendar(Every every, string date, int nth, bool fromEnd, string expected)
    {
        var period = Period.Of(every, DateOnly.Parse(date));
        Assert.Equal(DateOnly.Parse(expected), new DrawDay(nth, fromEnd).In(period, Changxiao.Kernel.Tests.Calendar.Shipped.Cal));
    }

    [Theory]
    [InlineData(Every.Week, "2025-10-02", "2025-09-29", "2025-10-05")]
    [InlineData(Every.Month, "2024-02-10", "2024-02-01", "2024-02-29")]
    [InlineData(Every.Quarter, "2025-11-30", "2025-10-01", "2025-12-31")]
    [InlineData(Every.HalfYear, "2025-03-01", "2025-01-01", "2025-06-30")]
    [InlineData(Every.Year, "2025-03-01", "2025-01-01", "2025-12-31")]
    public void Period_StartAndEnd(Every every, string date, string start, string end)
    {
        var p = Period.Of(every, DateOnly.Parse(date));
        Assert.Equal((DateOnly.Parse(start), DateOnly.Parse(end)), (p.Start, p.End));
    }

    [Theory]
    [InlineData("first working day", 1, false)]
    [InlineData("第一个工作日", 1, false)]
    [InlineData("last working day", 1, true)]
    [InlineData("最后一个工作日", 1, true)]
    [InlineData("working day 3", 3, false)]
    [InlineData("第3个工作日", 3, false)]
    [InlineData("working day 10 from end", 10, true)]
    [InlineData("倒数第10个工作日", 10, true)]
    public void DrawDay_Parses(string text, int nth, bool fromEnd) =>
        Assert.Equal(new DrawDay(nth, fromEnd), Changxiao.Packs.Programmes.ProgrammeLoader.DrawDayOf(text));

    [Theory]
    [InlineData("")]
    [InlineData("working day 0")]
    [InlineData("第零个工作日")]
    [InlineData("tomorrow")]
    public void DrawDay_Unreadable_IsNull(string text) => Assert.Null(Changxiao.Packs.Programmes.ProgrammeLoader.DrawDayOf(text));
}
