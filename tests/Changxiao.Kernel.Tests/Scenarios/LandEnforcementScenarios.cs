using Changxiao.Kernel.Matters;
using static Changxiao.Kernel.Tests.Scenarios.Desk;
using static Changxiao.Kernel.Tests.Scenarios.ShippedPacks;

namespace Changxiao.Kernel.Tests.Scenarios;

/// <summary>
/// packs/mechanisms/land-enforcement (002:L73-L85) on the shipped calendar. A case discovered Friday 2025-09-26:
/// the stop order is due that day (当日); the report to the city bureau 2 working days later (发现之日起2个工作日内) —
/// Sunday 2025-09-28 is a make-up working day (国庆节调休), so the second working day is Monday 2025-09-29; the approval
/// for the same plot is suspended from the stop order until the case is dealt with (未查处之前，停办一切用地手续).
/// </summary>
public class LandEnforcementScenarios
{
    private const string PackId = "land-enforcement";
    private static readonly DateOnly Discovered = D("2025-09-26");

    private static readonly ActingAs Patroller = ActingAs.Person(Person(11), "国土所巡查员", "patrol");
    private static readonly ActingAs Enforcer = ActingAs.Person(Person(12), "执法监察员", "enforcement");
    private static readonly ActingAs Handler = ActingAs.Person(Person(13), "承办人");
    private static readonly ActingAs ApprovalOffice = ActingAs.Person(Person(14), "审批科", "approval-office");

    private static MatterSnapshot Approval(Desk desk) => desk.Open(PackId, "approval", ApprovalOffice, D("2025-09-22"),
        Fields(("applicant", "某养殖专业合作社"), ("location", "搜登站镇下洼子村"), ("use", "设施农用地")));

    private static MatterSnapshot Case(Desk desk) => desk.Open(PackId, "case", Patroller, Discovered,
        Fields(("zone", "一级巡查防范区域"), ("location", "搜登站镇下洼子村基本农田"), ("discovered_on", "2025-09-26"),
            ("description", "占用基本农田挖鱼塘"), ("area", 1.5m), ("photos", new[] { "att-1", "att-2" })),
        Parties(("patroller", [Patroller.PersonId!.Value])));

    private static ActInput StopOrder(params Guid[] approvals) => new(Fields: Fields(("stop_notice", "att-notice"), ("approvals", approvals)));

    private static ActInput CityReport() => new(Fields: Fields(("city_report", "att-report")), Parties: Parties(("government", [Township])));

    [Fact]
    public void Pack_Loaded_CarriesTheSeedNumbers()
    {
        var clocks = Pack(PackId).Kinds["case"].Clocks;

        Assert.Equal("002_10e4ef29cf3b831a.txt L73-L85", Pack(PackId).Source);
        Assert.Equal("same day", clocks["stop-order"].Limit!.ToString());
        Assert.Equal("3 days", clocks["filing"].Limit!.ToString());
        Assert.Equal("2 working days", clocks["city-report"].Limit!.ToString());
        Assert.Equal(["一级巡查防范区域", "二级巡查防范区域", "省级以上开发区"], Pack(PackId).Kinds["case"].Fields["zone"].Options);
    }

    [Fact]
    public void Open_DiscoveredFriday_StopOrderSameDayAndCityReportMonday()
    {
        var desk = new Desk();

        var c = Case(desk);

        Assert.Equal("WD-2025-00001", c.Number);
        Assert.Equal(D("2025-09-26"), c.ClockOf("stop-order")!.Clock.Due(desk.Cal));
        Assert.Equal(D("2025-09-29"), c.ClockOf("city-report")!.Clock.Due(desk.Cal));
        Assert.True(desk.Cal.IsWorkingDay(D("2025-09-28"))); // the make-up Sunday counts as the first working day
        Assert.Null(c.ClockOf("filing"));
    }

    [Fact]
    public void Open_RegisteredTwoDaysAfterDiscovery_KeepsTheDatesOfTheDiscovery()
    {
        // 发现之日起2个工作日内上报（002:L73）: a case registered late does not get a later deadline.
        var desk = new Desk();

        var c = desk.Open(PackId, "case", Patroller, D("2025-09-28"),
            Fields(("zone", "一级巡查防范区域"), ("location", "搜登站镇下洼子村基本农田"), ("discovered_on", "2025-09-26"), ("description", "占用基本农田挖鱼塘")),
            Parties(("patroller", [Patroller.PersonId!.Value])));

        Assert.Equal((D("2025-09-26"), D("2025-09-26")), (c.ClockOf("stop-order")!.Clock.StartDate, c.ClockOf("stop-order")!.Clock.Due(desk.Cal)));
        Assert.Equal((D("2025-09-26"), D("2025-09-29")), (c.ClockOf("city-report")!.Clock.StartDate, c.ClockOf("city-report")!.Clock.Due(desk.Cal)));
    }

    [Fact]
    public void ReportCity_OneAction_TakenInAnyStateFromTheStopOrderOn_StaysThere()
    {
        var kind = Pack(PackId).Kinds["case"];
        var report = kind.Actions["report-city"];
        Assert.True(report.Stays);
        Assert.Equal(["ordered", "stopped", "unstopped", "filed"], report.From);
        Assert.DoesNotContain(kind.Actions.Keys, a => a.StartsWith("report-city-", StringComparison.Ordinal));
        Assert.Equal(["action:report-city"], kind.Clocks["city-report"].StopOn);

        foreach (var path in new[] { new[] { "stop-order" }, ["stop-order", "stop-effective"], ["stop-order", "stop-failed"], ["stop-order", "stop-failed", "file"] })
        {
            var desk = new Desk();
            var c = Case(desk);
            foreach (var step in path)
            {
                desk.Act(c.Id, step, Enforcer, Discovered, step switch
                {
                    "stop-order" => StopOrder(),
                    "file" => new ActInput(Parties: Parties(("handler", [Handler.PersonId!.Value]))),
                    _ => new ActInput(Fields: Fields(("stop_result", "制止情况"))),
                });
            }

            var state = desk[c.Id].State;
            var facts = desk.Act(c.Id, "report-city", Enforcer, D("2025-09-29"), CityReport());

            var acted = Assert.Single(facts.OfType<MatterActed>());
            Assert.Equal((state, state, state), (acted.From, acted.To, desk[c.Id].State));
            var stopped = Assert.Single(facts.OfType<MatterClockStopped>());
            Assert.Equal(("city-report", false), (stopped.Clock, stopped.Late));
            Assert.Empty(facts.OfType<MatterClockStarted>()); // staying enters no state: the filing clock is not restarted
        }
    }

    [Fact]
    public void StopFailed_SameDay_CaseDueInThreeDays()
    {
        var desk = new Desk();
        var c = Case(desk);
        desk.Act(c.Id, "stop-order", Patroller, Discovered, StopOrder());

        desk.Act(c.Id, "stop-failed", Patroller, Discovered, new ActInput(Fields: Fields(("stop_result", "当事人拒不停止施工"), ("police_joined", true))));

        Assert.Equal(D("2025-09-29"), desk[c.Id].ClockOf("filing")!.Clock.Due(desk.Cal));
        var stopOrder = Assert.Single(desk.Facts<MatterClockStopped>(c.Id), s => s.Clock == "stop-order");
        Assert.False(stopOrder.Late);
    }

    [Fact]
    public void StopFailed_Monday_ThreeDaysEndInNationalDayAndRollToOctoberNinth()
    {
        var desk = new Desk();
        var c = Case(desk);
        desk.Act(c.Id, "stop-order", Patroller, Discovered, StopOrder());

        desk.Act(c.Id, "stop-failed", Patroller, D("2025-09-29"), new ActInput(Fields: Fields(("stop_result", "联合制止无效"))));

        Assert.Equal(D("2025-10-09"), desk[c.Id].ClockOf("filing")!.Clock.Due(desk.Cal));
    }

    [Fact]
    public void Sweep_NoStopOrderNoReport_RedNextDayAndCityReportLadderOnItsDates()
    {
        var desk = new Desk();
        var c = Case(desk);

        var swept = desk.SweepDays(c.Id, Discovered, D("2025-10-01"));

        var steps = swept.Where(s => s.Fact is ClockStepReached).Select(s => (s.On, ((ClockStepReached)s.Fact).Clock, ((ClockStepReached)s.Fact).Level)).ToArray();
        Assert.Equal(
        [
            (D("2025-09-27"), "stop-order", "red"),
            (D("2025-09-29"), "city-report", "yellow"),
            (D("2025-09-30"), "city-report", "red"),
        ], steps);
        Assert.Equal(2, swept.Count(s => s.Fact is BulletinListed));
        Assert.Equal([Patroller.PersonId!.Value], swept.Select(s => s.Fact).OfType<NotificationRequested>().First().People);
    }

    [Fact]
    public void StopOrder_WithApproval_SuspendsTheApprovalAndPausesItsClock()
    {
        var desk = new Desk();
        var approval = Approval(desk);
        Assert.Equal(D("2025-10-24"), approval.ClockOf("processing")!.Clock.Due(desk.Cal)); // 20 working days (pack default)
        var c = Case(desk);

        var facts = desk.Act(c.Id, "stop-order", Patroller, Discovered, StopOrder(approval.Id));

        Assert.Equal([approval.Id], Assert.Single(facts.OfType<LinkedSuspended>()).Targets);
        var suspended = desk[approval.Id];
        Assert.True(suspended.Suspended);
        Assert.True(suspended.ClockOf("processing")!.Clock.IsPaused);
        AssertBroken(MatterRuleCodes.Suspended, () =>
            desk.Act(approval.Id, "approve", ApprovalOffice, D("2025-09-29"), new ActInput(Fields: Fields(("opinion", "同意")))));
        Assert.Empty(MatterEngine.Available(Pack(PackId), suspended, ApprovalOffice));
    }

    [Fact]
    public void Workflow_FiledReportedConcluded_ApprovalResumesWithItsDueMovedByTheSuspension()
    {
        var desk = new Desk();
        var approval = Approval(desk);
        var c = Case(desk);
        desk.Act(c.Id, "stop-order", Patroller, Discovered, StopOrder(approval.Id));
        desk.Act(c.Id, "stop-failed", Patroller, Discovered, new ActInput(Fields: Fields(("stop_result", "当事人拒不停止"))));
        desk.Act(c.Id, "file", Enforcer, D("2025-09-28"), new ActInput(Parties: Parties(("handler", [Handler.PersonId!.Value]))));

        desk.Act(c.Id, "report-city", Handler, D("2025-09-29"), CityReport());
        var reported = Assert.Single(desk.Facts<MatterClockStopped>(c.Id), s => s.Clock == "city-report");
        Assert.Equal((D("2025-09-29"), false), (reported.Due, reported.Late));
        AssertBroken(MatterRuleCodes.ConditionFalse, () => desk.Act(c.Id, "report-city", Handler, D("2025-09-30"), CityReport()));

        var concluded = desk.Act(c.Id, "conclude", Handler, D("2025-10-20"), new ActInput(Fields: Fields(
            ("disposal", new[] { "责令拆除", "移送公安机关" }), ("decision", "责令恢复原状，涉嫌犯罪移送公安机关"))));

        Assert.Equal([approval.Id], Assert.Single(concluded.OfType<LinkedResumed>()).Targets);
        Assert.Contains(concluded.OfType<EventEmitted>(), e => e.Name == "land-case-concluded");
        var resumed = desk[approval.Id];
        Assert.False(resumed.Suspended);
        // Paused 2025-09-26, resumed 2025-10-20: 12 working days in (09-26, 10-20] move the due date from 10-24 to 11-11.
        Assert.Equal(D("2025-11-11"), resumed.ClockOf("processing")!.Clock.Due(desk.Cal));
        desk.Act(approval.Id, "approve", ApprovalOffice, D("2025-10-21"), new ActInput(Fields: Fields(("opinion", "违法行为已查处，同意"))));
        desk.Act(c.Id, "close", Handler, D("2025-10-21"));
        Assert.Equal(("approved", "closed"), (desk[approval.Id].State, desk[c.Id].State));
    }

    [Fact]
    public void Close_StoppedCaseNotYetReported_RefusedUntilReported()
    {
        var desk = new Desk();
        var c = Case(desk);
        desk.Act(c.Id, "stop-order", Patroller, Discovered, StopOrder());
        desk.Act(c.Id, "stop-effective", Patroller, Discovered, new ActInput(Fields: Fields(("stop_result", "当事人已停止并自行恢复"))));
        var close = new ActInput(Fields: Fields(("decision", "制止有效，已恢复原状")));

        AssertBroken(MatterRuleCodes.ConditionFalse, () => desk.Act(c.Id, "close-stopped", Enforcer, D("2025-09-28"), close));
        desk.Act(c.Id, "report-city", Patroller, D("2025-09-28"), CityReport());
        desk.Act(c.Id, "close-stopped", Enforcer, D("2025-09-28"), close);

        Assert.Equal("closed", desk[c.Id].State);
        Assert.All(desk[c.Id].Clocks, k => Assert.True(k.Clock.IsStopped));
    }
}
