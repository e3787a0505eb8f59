using Changxiao.Kernel.Matters;
using static Changxiao.Kernel.Tests.Scenarios.Desk;
using static Changxiao.Kernel.Tests.Scenarios.ShippedPacks;

namespace Changxiao.Kernel.Tests.Scenarios;

/// <summary>
/// packs/mechanisms/efficiency-complaints (001:L12, L51-L58, L72, L81) on the shipped calendar: a citizen complains
/// through the online mailbox on Friday 2025-09-26; accepted Monday 09-29; forwarded (批转) to a bureau; replied; the
/// citizen is not satisfied (不满意) and the complaint goes back to handling; replied again, return visit (回访) and
/// re-check (复查), closed. The seed gives no day counts: the pack's defaults are 1 / 15 / 10 working days.
/// </summary>
public class EfficiencyComplaintScenarios
{
    private const string PackId = "efficiency-complaints";
    private static readonly DateOnly Filed = D("2025-09-26");

    private static readonly ActingAs Intake = ActingAs.Person(Person(21), "效能投诉中心受理员", "intake");
    private static readonly ActingAs Head = ActingAs.Person(Person(22), "效能投诉中心主任", "center-head");
    private static readonly ActingAs Handler = ActingAs.Person(Person(23), "承办人");
    private static readonly ActingAs DeptContact = ActingAs.Person(Person(24), "住建局效能责任人");
    private static readonly ActingAs Clerk = ActingAs.Person(Person(25), "窗口首问干部", "officer");
    private static readonly ActingAs Accused = ActingAs.Person(Person(26), "被投诉人", "intake", "center-head");

    private static MatterSnapshot Complaint(Desk desk) => desk.Open(PackId, "complaint", ActingAs.Citizen(), Filed,
        Fields(("channel", "网络投诉信箱"), ("category", "办事拖拉"), ("content", "办理施工许可一个月无答复"), ("complainant_phone", "13900000000")),
        Parties(("about_person", [Accused.PersonId!.Value])));

    private static Guid Accepted(Desk desk)
    {
        var c = Complaint(desk);
        desk.Act(c.Id, "accept", Intake, D("2025-09-29"), new ActInput(Parties: Parties(("handler", [Handler.PersonId!.Value]))));
        return c.Id;
    }

    private static Guid Replied(Desk desk)
    {
        var id = Accepted(desk);
        desk.Act(id, "forward", Handler, D("2025-09-30"), new ActInput(Parties: Parties(("dept", [Bureau]), ("dept_contact", [DeptContact.PersonId!.Value]))));
        desk.Act(id, "dept-report", DeptContact, D("2025-10-15"), new ActInput(Fields: Fields(("result", "已办结施工许可"))));
        desk.Act(id, "reply", Handler, D("2025-10-16"), new ActInput(Fields: Fields(("reply", "经查，住建局已于10月15日办结"))));
        return id;
    }

    [Fact]
    public void Pack_Loaded_CarriesTheSeedWording()
    {
        var kind = Pack(PackId).Kinds["complaint"];

        Assert.Equal(["有令不行", "办事拖拉", "吃拿卡要", "态度刁蛮", "违反首问负责制", "违反一次性告知制", "其他"], kind.Fields["category"].Options);
        Assert.Equal(["当场解答", "当场办理", "转交经办科室（人员）办理"], kind.Fields["first_outcome"].Options);
        Assert.Contains("96150热线", kind.Fields["channel"].Options);
        Assert.True(kind.Open.Citizens && kind.Open.Anonymous);
    }

    [Fact]
    public void Open_AnonymousCitizenFriday_AcceptanceDueOnMakeUpSunday()
    {
        var desk = new Desk();

        var c = Complaint(desk);

        Assert.Equal(("XN-2025-00001", "received"), (c.Number, c.State));
        Assert.Equal(D("2025-09-28"), c.ClockOf("acceptance")!.Clock.Due(desk.Cal));
    }

    [Fact]
    public void RecordFirstInquiry_OfficerAskedFirst_RecordsWhoWhenOutcome()
    {
        var desk = new Desk();
        var c = Complaint(desk);
        AssertFieldErrors(() => desk.Act(c.Id, "record-first-inquiry", Clerk, Filed, new ActInput(Fields: Fields(("first_asked_on", "2025-09-26")))),
            "first_officer", "first_outcome");

        desk.Act(c.Id, "record-first-inquiry", Clerk, Filed, new ActInput(
            Fields: Fields(("first_asked_on", "2025-09-26"), ("first_outcome", "转交经办科室（人员）办理"), ("handed_to", Bureau)),
            Parties: Parties(("first_officer", [Clerk.PersonId!.Value]))));

        var m = desk[c.Id];
        Assert.Equal(("received", "2025-09-26", "转交经办科室（人员）办理"), (m.State, m.Fields["first_asked_on"]!.GetValue<string>(), m.Fields["first_outcome"]!.GetValue<string>()));
        Assert.Equal([Clerk.PersonId!.Value], m.PartyOf("first_officer"));
    }

    [Fact]
    public void Accept_Monday_ReplyDueFifteenWorkingDaysAcrossNationalDay()
    {
        var desk = new Desk();

        var id = Accepted(desk);

        Assert.Equal(D("2025-10-27"), desk[id].ClockOf("reply")!.Clock.Due(desk.Cal));
        // Filed Friday, accepted Monday: late, because Sunday 2025-09-28 was a working day (国庆节调休).
        var acceptance = Assert.Single(desk.Facts<MatterClockStopped>(id), s => s.Clock == "acceptance");
        Assert.Equal((D("2025-09-28"), true), (acceptance.Due, acceptance.Late));
    }

    [Fact]
    public void RateDissatisfied_AfterReply_ReopensHandlingAndRestartsTheReplyClock()
    {
        var desk = new Desk();
        var id = Replied(desk);
        Assert.Equal(D("2025-10-30"), desk[id].ClockOf("follow-up")!.Clock.Due(desk.Cal));

        desk.Act(id, "rate-dissatisfied", ActingAs.Citizen(), D("2025-10-17"), new ActInput(Fields: Fields(("dissatisfaction", "许可证仍未拿到")), Confirmed: true));

        var m = desk[id];
        Assert.Equal("handling", m.State);
        Assert.Equal((D("2025-10-17"), D("2025-11-07")), (((Changxiao.Kernel.Calendar.ClockStarted)m.ClockOf("reply")!.Clock.Events[0]).Date, m.ClockOf("reply")!.Clock.Due(desk.Cal)));
        Assert.True(m.ClockOf("follow-up")!.Clock.IsStopped);
        Assert.Contains(MatterEngine.Available(Pack(PackId), m, Handler), a => a.Code == "finish");
    }

    [Fact]
    public void RateDissatisfied_ByTheHandler_NotAuthorised()
    {
        var desk = new Desk();
        var id = Replied(desk);

        AssertBroken(MatterRuleCodes.NotAuthorised, () =>
            desk.Act(id, "rate-dissatisfied", Handler, D("2025-10-17"), new ActInput(Fields: Fields(("dissatisfaction", "x")), Confirmed: true)));
    }

    [Fact]
    public void Workflow_ForwardedComplaint_ReturnVisitAndRecheckBeforeClose()
    {
        var desk = new Desk();
        var id = Replied(desk);
        desk.Act(id, "rate-dissatisfied", ActingAs.Citizen(), D("2025-10-17"), new ActInput(Fields: Fields(("dissatisfaction", "许可证仍未拿到")), Confirmed: true));
        desk.Act(id, "finish", Handler, D("2025-10-24"), new ActInput(Fields: Fields(("result", "许可证已送达"))));
        desk.Act(id, "reply", Handler, D("2025-10-27"), new ActInput(Fields: Fields(("reply", "许可证已于10月24日送达"))));
        desk.Act(id, "rate-satisfied", ActingAs.Citizen(), D("2025-10-28"), new ActInput(Fields: Fields(("satisfaction", "满意"))));

        AssertBroken(MatterRuleCodes.ConditionFalse, () => desk.Act(id, "close", Head, D("2025-10-28"))); // 批转件须回访、复查
        desk.Act(id, "return-visit", Handler, D("2025-11-03"), new ActInput(Fields: Fields(("visit_notes", "电话回访，投诉人满意"))));
        desk.Act(id, "recheck", Head, D("2025-11-05"), new ActInput(Fields: Fields(("recheck_notes", "住建局已整改，窗口公示办理时限"))));
        desk.Act(id, "close", Head, D("2025-11-05"));

        var m = desk[id];
        Assert.Equal("closed", m.State);
        var followUp = desk.Facts<MatterClockStopped>(id).Last(s => s.Clock == "follow-up");
        Assert.Equal((D("2025-11-05"), D("2025-11-10"), false), (followUp.Date, followUp.Due, followUp.Late));
        Assert.Equal(2, desk.Facts<MatterClockStopped>(id).Count(s => s.Clock == "reply"));
    }

    [Fact]
    public void Workflow_HandledByTheCentre_NoReturnVisitNeeded()
    {
        var desk = new Desk();
        var id = Accepted(desk);
        desk.Act(id, "handle", Handler, D("2025-09-29"));
        desk.Act(id, "finish", Handler, D("2025-09-30"), new ActInput(Fields: Fields(("result", "当场协调办结"))));
        desk.Act(id, "reply", Handler, D("2025-09-30"), new ActInput(Fields: Fields(("reply", "已办结"))));

        AssertBroken(MatterRuleCodes.ConditionFalse, () => desk.Act(id, "return-visit", Handler, D("2025-10-09"), new ActInput(Fields: Fields(("visit_notes", "x")))));
        desk.Act(id, "close", Handler, D("2025-10-09"));

        Assert.Equal("closed", desk[id].State);
        Assert.Null(desk[id].ClockOf("follow-up"));
    }

    [Fact]
    public void Sweep_ReplyNeverSent_YellowRedAndBulletinOnWorkingDays()
    {
        var desk = new Desk();
        var id = Accepted(desk);
        desk.Act(id, "handle", Handler, D("2025-09-29"));

        var steps = desk.SweepDays(id, D("2025-09-29"), D("2025-10-31")).Select(s => s.Fact).OfType<ClockStepReached>()
            .Select(s => (s.Clock, s.Date, s.Level)).ToArray();

        // reply due 10-27: yellow 2 working days before (10-23), red on 10-27, bulletin 1 working day after (10-28)
        Assert.Equal([("reply", D("2025-10-23"), "yellow"), ("reply", D("2025-10-27"), "red"), ("reply", D("2025-10-28"), (string?)null)], steps);
    }

    [Fact]
    public void Recusal_TheAccusedOfficer_CannotSeeEvenWithIntakeRole()
    {
        var desk = new Desk();
        var c = Complaint(desk);

        Assert.False(MatterEngine.CanSee(c, Pack(PackId), Accused));
        AssertBroken(MatterRuleCodes.Recused, () => desk.Act(c.Id, "accept", Accused, Filed, new ActInput(Parties: Parties(("handler", [Accused.PersonId!.Value])))));
        Assert.False(MatterEngine.CanReadConfidential(Pack(PackId), c, "complainant_phone", Head));
        Assert.True(MatterEngine.CanReadConfidential(Pack(PackId), c, "complainant_phone", Intake));
    }
}
