using Changxiao.Kernel.Matters;
using static Changxiao.Kernel.Tests.Scenarios.Desk;
using static Changxiao.Kernel.Tests.Scenarios.ShippedPacks;

namespace Changxiao.Kernel.Tests.Scenarios;

/// <summary>
/// packs/mechanisms/target-responsibility (002:L15-L19; 000:L177; 001:L58): the yearly contract signed by the county
/// and a township (two different signers), and a supervision item (督办: one problem, one leader, one team, one plan,
/// one answer) due 2025-09-30 whose ladder runs reminder → yellow → red → a talk (约谈) with the unit's head.
/// </summary>
public class TargetResponsibilityScenarios
{
    private const string PackId = "target-responsibility";

    private static readonly ActingAs Office = ActingAs.Person(Person(51), "县委督查室", "supervision-office");
    private static readonly ActingAs Secretary = ActingAs.Person(Person(52), "县委书记", "county-leader");
    private static readonly ActingAs TownHead = ActingAs.Person(Person(53), "镇党委书记");
    private static readonly ActingAs LeadLeader = ActingAs.Person(Person(54), "县委常委");
    private static readonly ActingAs Responsible = ActingAs.Person(Person(55), "镇纪委书记");

    private static MatterSnapshot Contract(Desk desk) => desk.Open(PackId, "contract", Office, D("2025-01-06"),
        Fields(("year", 2025), ("name", "2025年党风廉政建设和反腐败工作目标责任书"), ("ends_on", "2025-12-31")), unit: Township);

    private static ActInput Signing(params Guid[] signers) => new(
        Fields: Fields(("targets", "个性化目标：农村集体“三资”管理"), ("scope", "责任范围、内容和责任追究"), ("signed_file", "att-zrs")),
        Parties: Parties(("unit", [Township]), ("unit_head", [TownHead.PersonId!.Value]), ("county_signer", [Secretary.PersonId!.Value]),
            ("lead_leader", [LeadLeader.PersonId!.Value])),
        Signers: signers);

    private static MatterSnapshot Item(Desk desk) => desk.Open(PackId, "item", Office, D("2025-09-15"),
        Fields(("problem", "某村集体资产台账不清"), ("deadline", "2025-09-30"), ("flagged", true)),
        Parties(("lead_leader", [LeadLeader.PersonId!.Value]), ("unit", [Township]), ("unit_head", [TownHead.PersonId!.Value]),
            ("responsible", [Responsible.PersonId!.Value])), unit: Township);

    [Fact]
    public void Pack_Loaded_SupervisionItemHasTheFiveOnes()
    {
        var item = Pack(PackId).Kinds["item"];

        Assert.All(["problem", "plan", "answer"], f => Assert.Contains(f, item.Fields.Keys));   // 一个问题、一个方案、一个口径
        Assert.All(["lead_leader", "team"], p => Assert.Contains(p, item.Parties.Keys));          // 一名领导、一套班子
        Assert.Equal(["督办事项超期未办结", "考核同类型末位"], Pack(PackId).Kinds["talk"].Fields["reason"].Options);
    }

    [Fact]
    public void Sign_SamePersonForCountyAndTownship_RefusedAsSignoffSamePerson()
    {
        var desk = new Desk();
        var contract = Contract(desk);
        var same = Signing(Secretary.PersonId!.Value) with
        {
            Parties = Parties(("unit", [Township]), ("unit_head", [Secretary.PersonId!.Value]), ("county_signer", [Secretary.PersonId!.Value])),
        };

        AssertBroken(MatterRuleCodes.SignoffSamePerson, () => desk.Act(contract.Id, "sign", Office, D("2025-01-10"), same));
    }

    [Fact]
    public void Sign_BothSides_ContractRunsToYearEndWithQuarterlyProgress()
    {
        var desk = new Desk();
        var contract = Contract(desk);

        desk.Act(contract.Id, "sign", Office, D("2025-01-10"), Signing(Secretary.PersonId!.Value, TownHead.PersonId!.Value));

        var m = desk[contract.Id];
        Assert.Equal(("signed", D("2025-12-31")), (m.State, m.ClockOf("year")!.Clock.Due(desk.Cal)));
        Assert.Equal(D("2025-04-10"), m.ClockOf("progress")!.Clock.Due(desk.Cal));
        desk.Act(contract.Id, "report-progress", TownHead, D("2025-04-08"), new ActInput(Fields: Fields(("progress", "一季度工作进展"))));
        Assert.Equal(D("2025-07-08"), desk[contract.Id].ClockOf("progress")!.Clock.Due(desk.Cal));
    }

    [Fact]
    public void SummonLastPlace_AfterAssessment_OpensATalkWithTheUnitHead()
    {
        var desk = new Desk();
        var contract = Contract(desk);
        desk.Act(contract.Id, "sign", Office, D("2025-01-10"), Signing(Secretary.PersonId!.Value, TownHead.PersonId!.Value));
        var assessed = desk.Act(contract.Id, "assess", Office, D("2025-12-31"), new ActInput(Fields: Fields(("result", "同类型乡镇末位"))));
        Assert.Contains(assessed.OfType<EventEmitted>(), e => e.Name == "target-contract-assessed");

        desk.Act(contract.Id, "summon-last-place", Secretary, D("2026-01-05"), new ActInput(Confirmed: true));

        var talk = Assert.Single(desk.LedTo(contract.Id));
        Assert.Equal(("talk", "考核同类型末位"), (talk.Kind, talk.Fields["reason"]!.GetValue<string>()));
        Assert.Equal([TownHead.PersonId!.Value], talk.PartyOf("subject"));
    }

    [Fact]
    public void Sweep_SupervisionItemOverdue_ReminderYellowRedThenTalk()
    {
        var desk = new Desk();
        var item = Item(desk);
        desk.Act(item.Id, "accept", Responsible, D("2025-09-16"), new ActInput(Fields: Fields(("plan", "一村一策清理台账"), ("answer", "正在清理，月底前公布"))));

        var swept = desk.SweepDays(item.Id, D("2025-09-15"), D("2025-10-31"));

        var deadline = swept.Select(s => s.Fact).OfType<ClockStepReached>().Where(s => s.Clock == "deadline").Select(s => (s.Date, s.Level)).ToArray();
        // due 09-30: 3 days before (09-27), 1 day after (10-01, in the holiday), 5 working days after (10-14), 10 working days after (10-21)
        Assert.Equal([(D("2025-09-27"), (string?)null), (D("2025-10-01"), "yellow"), (D("2025-10-14"), "red"), (D("2025-10-21"), (string?)null)], deadline);
        Assert.Single(swept.Select(s => s.Fact).OfType<BulletinListed>(), b => b.Clock == "deadline");
        var red = swept.Select(s => s.Fact).OfType<NotificationRequested>().Single(n => n.Clock == "deadline" && n.Level == "red");
        Assert.Equal([Responsible.PersonId!.Value, LeadLeader.PersonId!.Value, TownHead.PersonId!.Value], red.People);

        var talk = Assert.Single(desk.LedTo(item.Id));
        Assert.Equal(("talk", "requested", "督办事项超期未办结"), (talk.Kind, talk.State, talk.Fields["reason"]!.GetValue<string>()));
        Assert.Equal([TownHead.PersonId!.Value], talk.PartyOf("subject"));
        desk.Act(talk.Id, "schedule", Office, D("2025-10-22"), new ActInput(Fields: Fields(("talk_on", "2025-10-24")), Parties: Parties(("talker", [Secretary.PersonId!.Value]))));
        desk.Act(talk.Id, "hold", Secretary, D("2025-10-24"), new ActInput(Fields: Fields(("notes", "限10日内办结"))));
        Assert.Equal("held", desk[talk.Id].State);
    }

    [Fact]
    public void Workflow_ItemReportedInTime_ClosedWithoutWarnings()
    {
        var desk = new Desk();
        var item = Item(desk);
        desk.Act(item.Id, "accept", Responsible, D("2025-09-16"), new ActInput(Fields: Fields(("plan", "一村一策"), ("answer", "月底前公布"))));
        Assert.Equal(D("2025-10-16"), desk[item.Id].ClockOf("progress")!.Clock.Due(desk.Cal));

        desk.Act(item.Id, "report-done", Responsible, D("2025-09-26"), new ActInput(Fields: Fields(("result", "台账已清理并公布"))));
        desk.Act(item.Id, "return", Office, D("2025-09-28"), new ActInput(Fields: Fields(("review", "缺村民代表签字"))));
        desk.Act(item.Id, "report-done", Responsible, D("2025-09-29"), new ActInput(Fields: Fields(("result", "已补签字"))));
        desk.Act(item.Id, "close", Office, D("2025-09-30"));

        Assert.Equal("closed", desk[item.Id].State);
        Assert.DoesNotContain(desk.Facts<MatterClockStopped>(item.Id), s => s.Late);
        Assert.Empty(desk.SweepDays(item.Id, D("2025-09-30"), D("2025-11-30")));
    }
}
