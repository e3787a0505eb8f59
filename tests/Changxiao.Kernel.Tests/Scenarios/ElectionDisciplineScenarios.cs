using Changxiao.Kernel.Matters;
using static Changxiao.Kernel.Tests.Scenarios.Desk;
using static Changxiao.Kernel.Tests.Scenarios.ShippedPacks;

namespace Changxiao.Kernel.Tests.Scenarios;

/// <summary>
/// packs/mechanisms/election-discipline (004:L95-L107) on the shipped calendar. A report registered Friday
/// 2025-09-26: 15 days (15日内, L105) end Saturday 2025-10-11, a make-up working day (国庆节调休), so that is the due date;
/// a report about a candidate whose inspection ends 2025-10-09 must close by then (L105).
/// </summary>
public class ElectionDisciplineScenarios
{
    private const string PackId = "election-discipline";
    private static readonly DateOnly Registered = D("2025-09-26");

    private static readonly ActingAs Intake = ActingAs.Person(Person(1), "受理员", "intake");
    private static readonly ActingAs Supervision = ActingAs.Person(Person(2), "干部监督科", "cadre-supervision");
    private static readonly ActingAs Handler = ActingAs.Person(Person(3), "承办人");
    private static readonly ActingAs InCharge = ActingAs.Person(Person(4), "负责人");
    private static readonly ActingAs Discipline = ActingAs.Person(Person(5), "县纪委", "discipline");
    private static readonly ActingAs Team = ActingAs.Person(Person(6), "考察组", "inspection-team");

    /// <summary>The candidate reported on — who also holds every role of the pack, to show that recusal wins.</summary>
    private static readonly ActingAs Candidate = ActingAs.Person(Person(7), "考察对象", "intake", "cadre-supervision", "discipline");

    private static MatterSnapshot Report(Desk desk, Guid? inspection = null) => desk.Open(PackId, "report", Intake, Registered,
        Fields(("channel", "12380"), ("content", "考察对象请客拉票"), ("reporter_name", "王某"), ("reporter_phone", "13800000000"),
            ("about_candidate", inspection is not null), ("inspection", inspection)),
        Parties(("subject", [Candidate.PersonId!.Value])));

    private static MatterSnapshot Inspection(Desk desk) => desk.Open(PackId, "inspection", Team, D("2025-09-22"),
        Fields(("post", "镇党委书记"), ("ends_on", "2025-10-09")), Parties(("candidate", [Candidate.PersonId!.Value])));

    private static Guid Assigned(Desk desk, MatterSnapshot report, Guid? inCharge = null)
    {
        desk.Act(report.Id, "assign", Supervision, Registered, new ActInput(Parties: Parties(
            ("handler", [Handler.PersonId!.Value]), ("in_charge", [inCharge ?? InCharge.PersonId!.Value]))));
        desk.Act(report.Id, "start", Handler, D("2025-09-29"));
        return report.Id;
    }

    private static ActInput Conclusion(string outcome, params Guid[] signers) => new(
        Fields: Fields(("outcome", outcome), ("conclusion", "经查，反映问题" + outcome), ("report_file", "att-0001"), ("violation", "严禁拉票贿选")),
        Signers: signers);

    [Fact]
    public void Pack_Loaded_CarriesTheSeedNumbers()
    {
        var pack = Pack(PackId);
        var report = pack.Kinds["report"];

        Assert.Equal("004_d28c692376d5e528.txt L95-L99, L104-L107", pack.Source);
        Assert.Equal("15 days", report.Clocks["verification"].Limit!.ToString());
        Assert.Equal(("inspection", "period"), (report.Clocks["before-inspection-ends"].Due!.FieldOrLink, report.Clocks["before-inspection-ends"].Due!.Clock));
        Assert.Equal(["party:handler", "party:in_charge"], report.Actions["conclude"].Signoff.Select(s => s.ToString()));
        Assert.True(report.Open.Citizens && report.Open.Anonymous);
        Assert.Equal(["intake"], report.Fields["reporter_name"].ConfidentialTo);
        Assert.True(report.Parties["subject"].Recused);
    }

    [Fact]
    public void Open_RegisteredFriday_VerificationDueOnMakeUpSaturday()
    {
        var desk = new Desk();

        var report = Report(desk);

        Assert.Equal("HJJB-2025-0001", report.Number);
        var clock = report.ClockOf("verification")!;
        Assert.Equal(D("2025-10-11"), clock.Clock.Due(desk.Cal));
        Assert.True(desk.Cal.IsWorkingDay(D("2025-10-11")));
        Assert.Null(report.ClockOf("before-inspection-ends"));
    }

    [Fact]
    public void Open_ReportAboutCandidate_DueWhenTheInspectionEnds()
    {
        var desk = new Desk();
        var inspection = Inspection(desk);

        var report = Report(desk, inspection.Id);

        Assert.Equal(D("2025-10-09"), inspection.ClockOf("period")!.Clock.Due(desk.Cal));
        Assert.Equal(D("2025-10-09"), report.ClockOf("before-inspection-ends")!.Clock.Due(desk.Cal));
        Assert.Equal(D("2025-10-11"), report.ClockOf("verification")!.Clock.Due(desk.Cal));
        Assert.Contains(report.Links, l => l.Relation == "inspection" && l.OtherId == inspection.Id);
    }

    [Fact]
    public void Sweep_ReportSatOn_YellowRedThenTalkAboutPersonInCharge()
    {
        var desk = new Desk();
        var id = Assigned(desk, Report(desk));

        var swept = desk.SweepDays(id, Registered, D("2025-10-20"));

        var steps = swept.Where(s => s.Fact is ClockStepReached).Select(s => (s.On, ((ClockStepReached)s.Fact).Step, ((ClockStepReached)s.Fact).Level)).ToArray();
        Assert.Equal([(D("2025-10-08"), 0, "yellow"), (D("2025-10-11"), 1, "red"), (D("2025-10-14"), 2, (string?)null)], steps);
        var red = swept.Select(s => s.Fact).OfType<NotificationRequested>().Single(n => n.Step == 1);
        Assert.Equal([Handler.PersonId!.Value, InCharge.PersonId!.Value], red.People);
        Assert.Equal(["cadre-supervision"], red.Roles);
        Assert.Single(swept.Select(s => s.Fact).OfType<BulletinListed>());

        // 压案不查 is itself accountable (L107): a talk about the person in charge, opened as the store would.
        var talk = Assert.Single(desk.LedTo(id));
        Assert.Equal(("talk", "requested", "压案不查"), (talk.Kind, talk.State, talk.Fields["reason"]!.GetValue<string>()));
        Assert.Equal([InCharge.PersonId!.Value], talk.PartyOf("subject"));
        Assert.Contains(talk.Links, l => l.Relation == MatterRelations.DerivedFrom && l.OtherId == id);
        desk.Act(talk.Id, "hold", Discipline, D("2025-10-16"), new ActInput(
            Fields: Fields(("notes", "说明压案原因，限期办结")), Parties: Parties(("talker", [Discipline.PersonId!.Value]))));
        Assert.Equal("held", desk[talk.Id].State);
    }

    [Fact]
    public void Sweep_CandidateReport_LadderFollowsTheInspectionEnd()
    {
        var desk = new Desk();
        var id = Assigned(desk, Report(desk, Inspection(desk).Id));

        var steps = desk.SweepDays(id, Registered, D("2025-10-12")).Select(s => s.Fact).OfType<ClockStepReached>()
            .Where(s => s.Clock == "before-inspection-ends").Select(s => (s.Date, s.Level)).ToArray();

        Assert.Equal([(D("2025-10-06"), "yellow"), (D("2025-10-09"), "red"), (D("2025-10-12"), (string?)null)], steps);
    }

    [Fact]
    public void Conclude_SamePersonHandlerAndInCharge_RefusedAsSignoffSamePerson()
    {
        var desk = new Desk();
        var id = Assigned(desk, Report(desk), inCharge: Handler.PersonId);

        AssertBroken(MatterRuleCodes.SignoffSamePerson, () =>
            desk.Act(id, "conclude", Handler, D("2025-10-09"), Conclusion("属实", Handler.PersonId!.Value)));
    }

    [Fact]
    public void Conclude_OnlyHandlerSigns_RefusedAsSignoffMissing()
    {
        var desk = new Desk();
        var id = Assigned(desk, Report(desk));

        AssertBroken(MatterRuleCodes.SignoffMissing, () =>
            desk.Act(id, "conclude", Handler, D("2025-10-09"), Conclusion("属实", Handler.PersonId!.Value)));
    }

    [Fact]
    public void Workflow_VerifiedInTime_SanctionedPublishedAndClosed()
    {
        var desk = new Desk();
        var id = Assigned(desk, Report(desk));

        desk.Act(id, "conclude", Handler, D("2025-10-10"), Conclusion("属实", Handler.PersonId!.Value, InCharge.PersonId!.Value));
        var stopped = Assert.Single(desk.Facts<MatterClockStopped>(id));
        Assert.Equal((D("2025-10-10"), D("2025-10-11"), false), (stopped.Date, stopped.Due, stopped.Late));

        var sanction = desk.Act(id, "sanction", Discipline, D("2025-10-13"), new ActInput(Fields: Fields(("decision", "给予党内警告处分")), Confirmed: true));
        Assert.Equal("typical-cases", Assert.Single(sanction.OfType<MatterPublished>()).Publication); // 查处一起、通报一起（L107）
        Assert.Contains(sanction.OfType<EventEmitted>(), e => e.Name == "integrity-record");

        desk.Act(id, "close", InCharge, D("2025-10-14"));
        Assert.Equal("closed", desk[id].State);
        Assert.Empty(desk.SweepDays(id, D("2025-10-14"), D("2025-10-31")));
    }

    [Fact]
    public void Sanction_UnfoundedReport_NotAvailableAndClosedDirectly()
    {
        var desk = new Desk();
        var id = Assigned(desk, Report(desk));
        desk.Act(id, "conclude", Handler, D("2025-10-09"), Conclusion("不属实", Handler.PersonId!.Value, InCharge.PersonId!.Value));

        AssertBroken(MatterRuleCodes.ConditionFalse, () =>
            desk.Act(id, "sanction", Discipline, D("2025-10-10"), new ActInput(Fields: Fields(("decision", "x")), Confirmed: true)));
        desk.Act(id, "close", InCharge, D("2025-10-10"));

        Assert.Equal("closed", desk[id].State);
    }

    [Fact]
    public void Recusal_TheReportedCandidate_NeitherSeesNorActs()
    {
        var desk = new Desk();
        var report = Report(desk);
        var pack = Pack(PackId);

        Assert.False(MatterEngine.CanSee(report, pack, Candidate));
        Assert.Empty(MatterEngine.Available(pack, report, Candidate));
        AssertBroken(MatterRuleCodes.Recused, () => desk.Act(report.Id, "assign", Candidate, Registered, new ActInput(
            Parties: Parties(("handler", [Candidate.PersonId!.Value]), ("in_charge", [InCharge.PersonId!.Value])))));
    }

    [Fact]
    public void Confidential_ReporterIdentity_OnlyIntakeReads()
    {
        var desk = new Desk();
        var report = Report(desk);
        var pack = Pack(PackId);

        Assert.True(Confidential.IsMarker(report.Fields["reporter_name"]));
        var opened = Assert.Single(desk.Facts<MatterOpened>(report.Id));
        Assert.Equal("王某", opened.Secrets["reporter_name"]!.GetValue<string>());
        Assert.True(MatterEngine.CanReadConfidential(pack, report, "reporter_name", Intake));
        Assert.False(MatterEngine.CanReadConfidential(pack, report, "reporter_name", Supervision));
        Assert.False(MatterEngine.CanReadConfidential(pack, report, "reporter_phone", Discipline));
    }

    [Fact]
    public void Open_AnonymousCitizenOn12380Portal_Registered()
    {
        var desk = new Desk();

        var report = desk.Open(PackId, "report", ActingAs.Citizen(), Registered, Fields(("channel", "12380"), ("content", "某村干部为候选人拉票")));

        Assert.Equal(("registered", D("2025-10-11")), (report.State, report.ClockOf("verification")!.Clock.Due(desk.Cal)));
    }
}
