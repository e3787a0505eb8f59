using Changxiao.Kernel.Matters;
using static Changxiao.Kernel.Tests.Scenarios.Desk;
using static Changxiao.Kernel.Tests.Scenarios.ShippedPacks;

namespace Changxiao.Kernel.Tests.Scenarios;

/// <summary>
/// packs/mechanisms/lawyer-complaints (004:L9, L22, L34-L37): a named citizen complains about a lawyer on Friday
/// 2025-09-26; the complaint is verified (查证属实) and the event <c>lawyer-complaint-verified</c> is emitted for the
/// integrity file and the ratings; the lawyer never sees the complaint; phone follow-up and satisfaction close it.
/// </summary>
public class LawyerComplaintScenarios
{
    private const string PackId = "lawyer-complaints";
    private static readonly DateOnly Filed = D("2025-09-26");
    private static readonly Guid Firm = Guid.Parse("0197c000-0000-7000-8000-0000000000f1");

    private static readonly ActingAs Intake = ActingAs.Person(Person(71), "律协受理员", "intake");
    private static readonly ActingAs Handler = ActingAs.Person(Person(72), "查处人员", "investigator");
    private static readonly ActingAs Lawyer = ActingAs.Person(Person(73), "被投诉律师", "intake", "investigator");

    private static MatterSnapshot Complaint(Desk desk) => desk.Open(PackId, "complaint", ActingAs.Citizen("赵某"), Filed, Fields(
        ("channel", "网上监督"), ("category", "对当事人作不负责任的承诺"), ("content", "律师承诺“包赢”并收取额外费用"),
        ("complainant_name", "赵某"), ("complainant_phone", "13700000000")));

    private static Guid Investigating(Desk desk)
    {
        var c = Complaint(desk);
        desk.Act(c.Id, "accept", Intake, Filed, new ActInput(Parties: Parties(
            ("handler", [Handler.PersonId!.Value]), ("lawyer", [Lawyer.PersonId!.Value]), ("firm", [Firm]))));
        return c.Id;
    }

    [Fact]
    public void Pack_Loaded_TheFiveCategoriesInTheSeedsWording()
    {
        Assert.Equal(
            ["收案收费不规范", "对当事人作不负责任的承诺", "不尽职代理", "越权代理", "无资质人员违规执业"],
            Pack(PackId).Kinds["complaint"].Fields["category"].Options);
        Assert.Equal(["降低信用等级", "曝光不良信用记录", "行政处罚", "行业惩戒"], Pack(PackId).Kinds["complaint"].Fields["measures"].Options);
    }

    [Fact]
    public void Open_AnonymousCitizen_Refused()
    {
        var desk = new Desk();

        AssertBroken(MatterRuleCodes.AnonymousNotAllowed, () => desk.Open(PackId, "complaint", ActingAs.Citizen(), Filed,
            Fields(("channel", "网上监督"), ("category", "越权代理"), ("content", "x"))));
    }

    [Fact]
    public void Open_NamedCitizen_HandlingDueSixtyDaysLater()
    {
        var desk = new Desk();

        var c = Complaint(desk);

        Assert.Equal(("LSTS-2025-00001", D("2025-11-25")), (c.Number, c.ClockOf("handling")!.Clock.Due(desk.Cal)));
    }

    [Fact]
    public void Verify_Upheld_EmitsLawyerComplaintVerifiedWithoutTheComplainantsIdentity()
    {
        var desk = new Desk();
        var id = Investigating(desk);

        var facts = desk.Act(id, "verify", Handler, D("2025-10-20"), new ActInput(
            Fields: Fields(("findings", "经查，律师承诺“包赢”属实"), ("measures", new[] { "降低信用等级", "曝光不良信用记录", "行业惩戒" }),
                ("decision", "给予训诫，降低信用等级")),
            Confirmed: true));

        var e = Assert.Single(facts.OfType<EventEmitted>());
        Assert.Equal(("lawyer-complaint-verified", "complaint", "verify", "verified"), (e.Name, e.Kind, e.Action, e.State));
        Assert.Equal("对当事人作不负责任的承诺", e.Fields["category"]!.GetValue<string>());
        Assert.Equal(3, e.Fields["measures"]!.AsArray().Count);
        Assert.Equal([Lawyer.PersonId!.Value], e.Parties["lawyer"]);
        Assert.Equal([Firm], e.Parties["firm"]);
        Assert.False(e.Fields.ContainsKey("complainant_name"));
        Assert.False(e.Fields.ContainsKey("complainant_phone"));
        Assert.False(Assert.Single(facts.OfType<MatterClockStopped>()).Late);
    }

    [Fact]
    public void Dismiss_Unfounded_NoEvent()
    {
        var desk = new Desk();
        var id = Investigating(desk);

        var facts = desk.Act(id, "dismiss", Handler, D("2025-10-20"), new ActInput(Fields: Fields(("findings", "查证不实"))));

        Assert.Empty(facts.OfType<EventEmitted>());
        Assert.Equal("unfounded", desk[id].State);
    }

    [Fact]
    public void Recusal_TheLawyerComplainedAbout_NeitherSeesNorActs()
    {
        var desk = new Desk();
        var id = Investigating(desk);

        Assert.False(MatterEngine.CanSee(desk[id], Pack(PackId), Lawyer));
        AssertBroken(MatterRuleCodes.Recused, () => desk.Act(id, "dismiss", Lawyer, D("2025-10-01"), new ActInput(Fields: Fields(("findings", "x")))));
    }

    [Fact]
    public void Sweep_ComplaintSitting_YellowRedBulletin()
    {
        var desk = new Desk();
        var id = Investigating(desk);

        var swept = desk.SweepDays(id, Filed, D("2025-12-05"));

        Assert.Equal([(D("2025-11-15"), "yellow"), (D("2025-11-25"), "red"), (D("2025-11-30"), (string?)null)],
            swept.Select(s => s.Fact).OfType<ClockStepReached>().Select(s => (s.Date, s.Level)));
        Assert.Equal(["supervisor"], swept.Select(s => s.Fact).OfType<NotificationRequested>().Last().Roles);
    }

    [Fact]
    public void Workflow_VerifiedFollowedUpByPhone_Closed()
    {
        var desk = new Desk();
        var id = Investigating(desk);
        desk.Act(id, "verify", Handler, D("2025-10-20"), new ActInput(
            Fields: Fields(("findings", "属实"), ("measures", new[] { "行政处罚" }), ("decision", "停止执业3个月")), Confirmed: true));

        AssertFieldErrors(() => desk.Act(id, "follow-up", Handler, D("2025-10-27"), new ActInput(Fields: Fields(("visit", "已电话回访")))), "satisfaction");
        desk.Act(id, "follow-up", Handler, D("2025-10-27"), new ActInput(Fields: Fields(("visit", "已电话回访"), ("satisfaction", "满意"))));
        desk.Act(id, "close", Handler, D("2025-10-27"));

        Assert.Equal("closed", desk[id].State);
    }
}
