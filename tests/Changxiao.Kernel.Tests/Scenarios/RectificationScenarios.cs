using Changxiao.Kernel.Packs;
using Changxiao.Kernel.Matters;
using static Changxiao.Kernel.Tests.Scenarios.Desk;
using static Changxiao.Kernel.Tests.Scenarios.ShippedPacks;

namespace Changxiao.Kernel.Tests.Scenarios;

/// <summary>
/// packs/mechanisms/rectification (000:L95-L147, L173-L185): the ledger's items, dated (整改时限：2009年12月底 → here
/// 2025-12-31) or long-term (长期, with a progress report every 3 months — the pack's default), the plan published
/// (在一定范围内公布，接受群众监督), re-checked (复查) and closed.
/// </summary>
public class RectificationScenarios
{
    private const string PackId = "rectification";

    private static readonly ActingAs Office = ActingAs.Person(Person(31), "整改办", "office");
    private static readonly ActingAs Leader = ActingAs.Person(Person(32), "分管副局长");
    private static readonly ActingAs Officer = ActingAs.Person(Person(33), "业务股干部");
    private static readonly ActingAs Verifier = ActingAs.Person(Person(34), "复查组", "verifier");

    private static MatterSnapshot Item(Desk desk, string on = "2025-09-01") =>
        desk.Open(PackId, "item", Office, D(on), Fields(("source", "征求意见")));

    /// <summary>The plan of item （四） of the seed (L121-L127); a long-term plan gives no deadline.</summary>
    private static ActInput Plan(string? deadline, string termText)
    {
        var fields = Fields(("item_no", "（四）"), ("title", "加大档案业务人员的档案业务知识培训力度"),
            ("goal", "提高全县档案管理人员业务素质和技能"), ("measures", "举办档案培训班2期"), ("requirements", "培训对象为乡镇、机关的专（兼）职档案员"),
            ("term_text", termText), ("term", termText == "长期" ? "长期" : "限期"));
        if (termText != "长期")
        {
            fields["deadline"] = deadline;
        }

        return new ActInput(Fields: fields,
            Parties: Parties(("lead_leader", [Leader.PersonId!.Value]), ("section", [Bureau]), ("officer", [Officer.PersonId!.Value])));
    }

    [Fact]
    public void Pack_Loaded_ItemHasTheLedgerColumnsOfTheSeed()
    {
        var item = Pack(PackId).Kinds["item"];

        Assert.Equal("000_c6be37344833ac41.txt L95-L147, L173-L185", Pack(PackId).Source);
        Assert.All(["item_no", "title", "goal", "measures", "requirements", "deadline"], f => Assert.Contains(f, item.Fields.Keys));
        Assert.Equal(FieldType.Date, item.Fields["deadline"].Type);
        Assert.Equal(["lead_leader", "section", "officer"], item.Parties.Keys);
        Assert.Equal(["自查发现", "征求意见", "座谈会", "群众投诉", "领导班子分析检查", "督查发现"], item.Fields["source"].Options);
        Assert.True(item.Clocks["progress"].Periodic);
        Assert.Equal("3 months", item.Clocks["progress"].Limit!.ToString());
    }

    [Fact]
    public void Plan_Dated_PublishedAndDueOnTheDeadline()
    {
        var desk = new Desk();
        var item = Item(desk);
        AssertFieldErrors(() => desk.Act(item.Id, "plan", Office, D("2025-09-02"), Plan(null, "2025年12月底")), "deadline");

        var facts = desk.Act(item.Id, "plan", Office, D("2025-09-02"), Plan("2025-12-31", "2025年12月底"));

        Assert.Equal("plan", Assert.Single(facts.OfType<MatterPublished>()).Publication);
        Assert.Equal(("rectifying", D("2025-12-31")), (desk[item.Id].State, desk[item.Id].ClockOf("deadline")!.Clock.Due(desk.Cal)));
        Assert.Null(desk[item.Id].ClockOf("progress"));
    }

    [Fact]
    public void Sweep_DatedItemLate_YellowRedAndBulletinOnTheMakeUpSundayOf2026()
    {
        var desk = new Desk();
        var item = Item(desk);
        desk.Act(item.Id, "plan", Office, D("2025-09-02"), Plan("2025-12-31", "2025年12月底"));

        var steps = desk.SweepDays(item.Id, D("2025-12-01"), D("2026-01-10")).Select(s => s.Fact).OfType<ClockStepReached>()
            .Select(s => (s.Date, s.Level)).ToArray();

        // 1 working day after 2025-12-31: 2026-01-01..03 is 元旦, Sunday 01-04 a make-up working day.
        Assert.Equal([(D("2025-12-24"), "yellow"), (D("2025-12-31"), "red"), (D("2026-01-04"), (string?)null)], steps);
    }

    [Fact]
    public void LongTerm_ProgressEveryThreeMonths_RestartsAfterEachReport()
    {
        var desk = new Desk();
        var item = Item(desk);

        desk.Act(item.Id, "plan", Office, D("2025-09-01"), Plan(null, "长期"));
        Assert.Equal(("long-term", D("2025-12-01")), (desk[item.Id].State, desk[item.Id].ClockOf("progress")!.Clock.Due(desk.Cal)));
        Assert.Null(desk[item.Id].ClockOf("deadline"));

        desk.Act(item.Id, "report-progress", Officer, D("2025-11-20"), new ActInput(Fields: Fields(("progress", "三季度培训班已举办"))));

        // 2025-11-20 + 3 months = 2026-02-20, inside 春节 (02-15..02-23): the next working day, 02-24.
        var progress = desk[item.Id].ClockOf("progress")!;
        Assert.Equal((D("2026-02-24"), 0), (progress.Clock.Due(desk.Cal), progress.StepsDone));
        Assert.False(Assert.Single(desk.Facts<MatterClockStopped>(item.Id)).Late);
    }

    [Fact]
    public void Sweep_LongTermReportMissed_ReminderThenYellow()
    {
        var desk = new Desk();
        var item = Item(desk);
        desk.Act(item.Id, "plan", Office, D("2025-09-01"), Plan(null, "长期"));

        var swept = desk.SweepDays(item.Id, D("2025-11-01"), D("2025-12-05"));

        Assert.Equal([(D("2025-11-26"), (string?)null), (D("2025-12-02"), "yellow")],
            swept.Select(s => s.Fact).OfType<ClockStepReached>().Select(s => (s.Date, s.Level)));
        Assert.Equal([Officer.PersonId!.Value, Leader.PersonId!.Value], swept.Select(s => s.Fact).OfType<NotificationRequested>().Last().People);
    }

    [Fact]
    public void Verify_FailedThenPassed_ReworkRestartsTheDeadlineAndResultsArePublished()
    {
        var desk = new Desk();
        var item = Item(desk);
        desk.Act(item.Id, "plan", Office, D("2025-09-02"), Plan("2025-12-31", "2025年12月底"));
        desk.Act(item.Id, "complete", Officer, D("2025-12-20"), new ActInput(Fields: Fields(("result", "已举办培训班2期"))));

        desk.Act(item.Id, "rework", Verifier, D("2025-12-22"), new ActInput(Fields: Fields(("verification", "培训签到材料不全"), ("deadline", "2026-01-30"))));
        Assert.Equal(("rectifying", D("2026-01-30")), (desk[item.Id].State, desk[item.Id].ClockOf("deadline")!.Clock.Due(desk.Cal)));

        desk.Act(item.Id, "complete", Officer, D("2026-01-15"), new ActInput(Fields: Fields(("result", "补齐签到材料"))));
        AssertBroken(MatterRuleCodes.NotAuthorised, () => desk.Act(item.Id, "verify", Officer, D("2026-01-16"), new ActInput(Fields: Fields(("verification", "x")))));
        var verified = desk.Act(item.Id, "verify", Verifier, D("2026-01-16"), new ActInput(Fields: Fields(("verification", "复查合格"))));

        Assert.Equal("results", Assert.Single(verified.OfType<MatterPublished>()).Publication);
        Assert.Equal("closed", desk[item.Id].State);
    }
}
