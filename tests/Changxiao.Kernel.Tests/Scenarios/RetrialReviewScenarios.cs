using Changxiao.Kernel.Matters;
using static Changxiao.Kernel.Tests.Scenarios.Desk;
using static Changxiao.Kernel.Tests.Scenarios.ShippedPacks;

namespace Changxiao.Kernel.Tests.Scenarios;

/// <summary>
/// packs/mechanisms/retrial-review (000:L211-L227, L239): a petition received 2025-01-31 must be reviewed within
/// 3 months (三个月内复查完毕, L219): 2025-04-30; the chamber head (庭长) is told to urge it and the reviewer warned;
/// retrial is filed only with conclusive evidence (L215); a rejection carries its reasons (L227).
/// </summary>
public class RetrialReviewScenarios
{
    private const string PackId = "retrial-review";
    private static readonly DateOnly Received = D("2025-01-31");

    private static readonly ActingAs Clerk = ActingAs.Person(Person(61), "立案庭", "filing-clerk");
    private static readonly ActingAs Reviewer = ActingAs.Person(Person(62), "承办法官");
    private static readonly ActingAs ChamberHead = ActingAs.Person(Person(63), "审监庭庭长", "chamber-head");

    private static Guid Reviewing(Desk desk, string on = "2025-01-31")
    {
        var petition = desk.Open(PackId, "petition", Clerk, D(on), Fields(
            ("received_on", on), ("original_case", "（2024）黑01民终123号"), ("petitioner", "李某"), ("claims", "原审认定事实不清，请求再审")));
        desk.Act(petition.Id, "assign", ChamberHead, D(on), new ActInput(Parties: Parties(
            ("reviewer", [Reviewer.PersonId!.Value]), ("chamber_head", [ChamberHead.PersonId!.Value]))));
        return petition.Id;
    }

    private static ActInput Opinion(bool conclusive, params string[] grounds) => new(Fields: Fields(
        ("opinion", conclusive ? "新证据足以推翻原判决" : "申诉理由不能成立"), ("conclusive", conclusive), ("grounds", grounds.Length == 0 ? null : grounds)));

    [Fact]
    public void Pack_Loaded_ThreeMonthsAndTheGroundsOfTheSeed()
    {
        var kind = Pack(PackId).Kinds["petition"];

        Assert.Equal("3 months", kind.Clocks["review"].Limit!.ToString());
        Assert.Equal(["原审认定事实不清", "证据不足", "审判程序违法", "其他法定事由"], kind.Fields["grounds"].Options);
        Assert.Equal(["claims_statement", "fact_analysis", "reasoning", "document"], kind.Actions["reject"].Requires);
    }

    [Fact]
    public void Open_ReceivedJanuary31_ReviewDueApril30()
    {
        var desk = new Desk();

        var id = Reviewing(desk);

        Assert.Equal(("（2025）申复字第1号", "reviewing"), (desk[id].Number, desk[id].State));
        Assert.Equal(D("2025-04-30"), desk[id].ClockOf("review")!.Clock.Due(desk.Cal));
    }

    [Fact]
    public void Open_RegisteredFiveDaysAfterReceipt_StillDueThreeMonthsAfterReceipt()
    {
        // 收到当事人申请后三个月内（000:L219）: counted from the receipt date, not from the day the clerk registers it.
        var desk = new Desk();
        Assert.Equal("received_on", Pack(PackId).Kinds["petition"].Clocks["review"].StartField);

        var petition = desk.Open(PackId, "petition", Clerk, D("2025-02-05"), Fields(
            ("received_on", "2025-01-31"), ("original_case", "（2024）黑01民终123号"), ("petitioner", "李某"), ("claims", "原审认定事实不清，请求再审")));

        var review = petition.ClockOf("review")!.Clock;
        Assert.Equal((D("2025-01-31"), D("2025-04-30")), (review.StartDate, review.Due(desk.Cal)));
    }

    [Fact]
    public void Open_ReceivedNovember30_DueOnTheMakeUpSaturdayFebruary28()
    {
        var desk = new Desk();

        var id = Reviewing(desk, "2025-11-30");

        Assert.Equal(D("2026-02-28"), desk[id].ClockOf("review")!.Clock.Due(desk.Cal)); // 春节调休 Saturday: a working day, no roll-over
    }

    [Fact]
    public void Sweep_ReviewNotFinished_WarningUrgingRedAndBulletinOnTheirDates()
    {
        var desk = new Desk();
        var id = Reviewing(desk);

        var swept = desk.SweepDays(id, Received, D("2025-05-06"));

        Assert.Equal(
            [(D("2025-04-20"), "yellow"), (D("2025-04-25"), (string?)null), (D("2025-04-30"), "red"), (D("2025-05-01"), (string?)null)],
            swept.Select(s => s.Fact).OfType<ClockStepReached>().Select(s => (s.Date, s.Level)));
        var notices = swept.Select(s => s.Fact).OfType<NotificationRequested>().ToArray();
        Assert.Equal([Reviewer.PersonId!.Value], notices[0].People);                               // 办案超期预警
        Assert.Equal([ChamberHead.PersonId!.Value], notices[1].People);                            // 庭长催促限期办结
        Assert.Equal([Reviewer.PersonId!.Value, ChamberHead.PersonId!.Value], notices[2].People);
        Assert.Equal(["supervision"], notices[3].Roles);
        Assert.Single(swept.Select(s => s.Fact).OfType<BulletinListed>());
    }

    [Fact]
    public void FileRetrial_WithoutConclusiveEvidence_ConditionFalse()
    {
        var desk = new Desk();
        var id = Reviewing(desk);
        desk.Act(id, "record-opinion", Reviewer, D("2025-03-10"), Opinion(false));

        AssertBroken(MatterRuleCodes.ConditionFalse, () =>
            desk.Act(id, "file-retrial", ChamberHead, D("2025-03-11"), new ActInput(Fields: Fields(("document", "att-cd")), Confirmed: true)));
    }

    [Fact]
    public void FileRetrial_ConclusiveEvidenceAndGrounds_FiledInTimeAndEventEmitted()
    {
        var desk = new Desk();
        var id = Reviewing(desk);
        desk.Act(id, "record-opinion", Reviewer, D("2025-03-10"), Opinion(true, "原审认定事实不清", "证据不足"));

        var facts = desk.Act(id, "file-retrial", ChamberHead, D("2025-03-11"), new ActInput(Fields: Fields(("document", "att-cd")), Confirmed: true));

        Assert.Equal("retrial", desk[id].State);
        Assert.Contains(facts.OfType<EventEmitted>(), e => e.Name == "retrial-filed");
        var stopped = Assert.Single(facts.OfType<MatterClockStopped>());
        Assert.Equal((D("2025-04-30"), false), (stopped.Due, stopped.Late));
    }

    [Fact]
    public void Reject_WithoutReasons_RefusedThenSignedByReviewerAndChamberHead()
    {
        var desk = new Desk();
        var id = Reviewing(desk);
        desk.Act(id, "record-opinion", Reviewer, D("2025-03-10"), Opinion(false));
        var signers = new[] { Reviewer.PersonId!.Value, ChamberHead.PersonId!.Value };

        AssertFieldErrors(() => desk.Act(id, "reject", Reviewer, D("2025-05-06"), new ActInput(
            Fields: Fields(("claims_statement", "申诉人称原审认定事实不清"), ("document", "att-bh")), Signers: signers)), "fact_analysis", "reasoning");
        var reasons = Fields(("claims_statement", "申诉人称原审认定事实不清"), ("fact_analysis", "原审认定事实有合同、转账凭证为证"),
            ("reasoning", "申诉人提交的材料不能证明原审认定事实错误"), ("document", "att-bh"));
        AssertBroken(MatterRuleCodes.SignoffMissing, () => desk.Act(id, "reject", Reviewer, D("2025-05-06"), new ActInput(Fields: reasons, Signers: [Reviewer.PersonId!.Value])));

        var facts = desk.Act(id, "reject", Reviewer, D("2025-05-06"), new ActInput(Fields: reasons, Signers: signers));

        Assert.Equal("rejected", desk[id].State);
        Assert.True(Assert.Single(facts.OfType<MatterClockStopped>()).Late); // after 2025-04-30
    }
}
