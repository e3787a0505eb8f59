using Changxiao.Kernel.Matters;
using Changxiao.Packs.Mechanisms;
using static Changxiao.Kernel.Tests.Scenarios.Desk;
using static Changxiao.Kernel.Tests.Scenarios.ShippedPacks;

namespace Changxiao.Kernel.Tests.Scenarios;

/// <summary>
/// packs/mechanisms/inspections (002:L19; 000:L153, L157): a monthly unannounced visit (月度暗访) by a duty leader
/// and two inspectors; each finding opens an item of the rectification ledger (cross-pack <c>rectification/item</c>),
/// which then runs the rectification pack's own workflow.
/// </summary>
public class InspectionScenarios
{
    private const string PackId = "inspections";

    private static readonly ActingAs Office = ActingAs.Person(Person(41), "县委督查室", "supervision-office");
    private static readonly ActingAs Leader = ActingAs.Person(Person(42), "值周领导");
    private static readonly ActingAs Inspector = ActingAs.Person(Person(43), "督查室干部", "inspector");
    private static readonly ActingAs Rectifier = ActingAs.Person(Person(44), "整改办", "office");

    private static Guid Started(Desk desk)
    {
        var inspection = desk.Open(PackId, "inspection", Office, D("2025-09-01"), Fields(
            ("type", "月度暗访"), ("mode", "暗访"), ("regular", "不定期"), ("period", "2025年9月"), ("content", "党风廉政建设责任制落实情况")));
        desk.Act(inspection.Id, "start", Office, D("2025-09-02"), new ActInput(Parties: Parties(
            ("leader", [Leader.PersonId!.Value]), ("inspectors", [Inspector.PersonId!.Value, Person(45)]), ("inspected", [Township, Bureau]))));
        return inspection.Id;
    }

    [Fact]
    public void Pack_Loaded_TypesFollowTheSeedCalendar()
    {
        var kind = Pack(PackId).Kinds["inspection"];

        Assert.Equal(["值周检查", "月度暗访", "季度督查", "半年检查", "年终考核", "案件质量评查"], kind.Fields["type"].Options);
        Assert.Equal(["明查", "暗访"], kind.Fields["mode"].Options);
        Assert.Equal("rectification/item", kind.Actions["record-finding"].Effects[0].Open!.Kind);
    }

    [Fact]
    public void LoadAll_ShippedFolder_CrossPackReferencesResolve()
    {
        var packs = PackLoader.LoadAll(Mechanisms);

        Assert.Superset(
            new HashSet<string>(["efficiency-complaints", "election-discipline", "inspections", "land-enforcement", "lawyer-complaints",
                "rectification", "retrial-review", "target-responsibility"]),
            new HashSet<string>(packs.Select(p => p.Id)));
    }

    [Fact]
    public void Start_Tuesday_ReportDueFiveWorkingDaysLater()
    {
        var desk = new Desk();

        var id = Started(desk);

        Assert.Equal(("DC-2025-0001", "inspecting"), (desk[id].Number, desk[id].State));
        Assert.Equal(D("2025-09-09"), desk[id].ClockOf("report")!.Clock.Due(desk.Cal));
        Assert.Equal([Township, Bureau], desk[id].PartyOf("inspected"));
    }

    [Fact]
    public void RecordFinding_ByAnInspector_OpensARectificationItemLinkedBothWays()
    {
        var desk = new Desk();
        var id = Started(desk);

        var facts = desk.Act(id, "record-finding", Inspector, D("2025-09-03"), new ActInput(Fields: Fields(("finding", "镇纪委台账未按月更新"))));

        var request = Assert.Single(facts.OfType<LinkedMatterRequested>());
        Assert.Equal(("rectification/item", "action:record-finding"), (request.Kind, request.Source));
        var item = Assert.Single(desk.LedTo(id));
        Assert.Equal(("rectification", "item", "drafted", "督查发现"), (item.PackId, item.Kind, item.State, item.Fields["source"]!.GetValue<string>()));
        Assert.Equal("$field.finding", Pack(PackId).Kinds["inspection"].Actions["record-finding"].Effects[0].Open!.Fields["problem"]);
        Assert.Equal("镇纪委台账未按月更新", request.Fields["problem"]!.GetValue<string>()); // the finding's text reaches the item
        Assert.Equal("镇纪委台账未按月更新", item.Fields["problem"]!.GetValue<string>());
        Assert.Equal("ZG-2025-0001", item.Number);
        Assert.Contains(item.Links, l => l.Relation == MatterRelations.DerivedFrom && l.OtherId == id);
        Assert.Equal(desk[id].UnitId, item.UnitId);

        // The item runs the rectification pack: the office writes the measures and a deadline.
        desk.Act(item.Id, "plan", Rectifier, D("2025-09-05"), new ActInput(
            Fields: Fields(("title", "镇纪委台账按月更新"), ("problem", "台账未按月更新"), ("goal", "台账规范"), ("measures", "每月5日前更新"),
                ("requirements", "专人负责"), ("term", "限期"), ("deadline", "2025-09-30")),
            Parties: Parties(("lead_leader", [Person(46)]), ("section", [Township]), ("officer", [Person(47)]))));
        Assert.Equal(D("2025-09-30"), desk[item.Id].ClockOf("deadline")!.Clock.Due(desk.Cal));
    }

    [Fact]
    public void RecordFinding_TwoFindings_TwoItems()
    {
        var desk = new Desk();
        var id = Started(desk);

        desk.Act(id, "record-finding", Leader, D("2025-09-03"), new ActInput(Fields: Fields(("finding", "一"))));
        desk.Act(id, "record-finding", Inspector, D("2025-09-04"), new ActInput(Fields: Fields(("finding", "二"))));

        Assert.Equal(["ZG-2025-0001", "ZG-2025-0002"], desk.LedTo(id).Select(m => m.Number));
    }

    [Fact]
    public void Workflow_ReportedLateAndBulletined_PublishedOnClose()
    {
        var desk = new Desk();
        var id = Started(desk);

        var steps = desk.SweepDays(id, D("2025-09-02"), D("2025-09-10")).Select(s => s.Fact).OfType<ClockStepReached>().Select(s => (s.Date, s.Level));
        Assert.Equal([(D("2025-09-08"), "yellow"), (D("2025-09-10"), "red")], steps);

        desk.Act(id, "report", Leader, D("2025-09-11"), new ActInput(Fields: Fields(("report", "att-r"), ("findings", 2))));
        Assert.True(Assert.Single(desk.Facts<MatterClockStopped>(id)).Late);
        var closed = desk.Act(id, "publish-summary", Office, D("2025-09-12"), new ActInput(Fields: Fields(("summary", "9月暗访发现问题2个，已交办整改"))));

        Assert.Equal("bulletins", Assert.Single(closed.OfType<MatterPublished>()).Publication);
    }

    [Fact]
    public void RecordFinding_ByAnOfficerNotOnTheTeam_NotAuthorised()
    {
        var desk = new Desk();
        var id = Started(desk);

        AssertBroken(MatterRuleCodes.NotAuthorised, () =>
            desk.Act(id, "record-finding", ActingAs.Person(Person(48), "他人", "inspector"), D("2025-09-03"), new ActInput(Fields: Fields(("finding", "x")))));
    }

    [Fact]
    public void Programmes_DrawOnTheirWorkingDay_WeeklyToMonthlyAtTheStart_HalfYearAndYearEndNearTheEnd()
    {
        var folder = Path.Combine(Mechanisms, PackId);
        var programmes = Changxiao.Packs.Programmes.ProgrammeLoader.Load(folder, Pack(PackId)).ToDictionary(p => p.Code);
        Assert.Equal(new Changxiao.Kernel.Inspections.DrawDay(1, false), programmes["weekly-duty"].On);
        Assert.Equal(new Changxiao.Kernel.Inspections.DrawDay(1, false), programmes["monthly-unannounced"].On);
        Assert.Equal(new Changxiao.Kernel.Inspections.DrawDay(10, true), programmes["year-end"].On);
        var year = Changxiao.Kernel.Inspections.Period.Of(Changxiao.Kernel.Inspections.Every.Year, new DateOnly(2025, 3, 1));
        Assert.Equal(new DateOnly(2025, 12, 18), programmes["year-end"].On!.Value.In(year, Cal));
    }

    [Fact]
    public void Programmes_UnreadableDrawDay_NamesFileLineAndColumn()
    {
        var dir = Directory.CreateTempSubdirectory("cx-programmes-").FullName;
        try
        {
            File.WriteAllLines(Path.Combine(dir, "programmes.yaml"),
            [
                "programmes:",
                "  monthly:",
                "    title: 月度暗访",
                "    kind: inspection",
                "    every: month",
                "    on: the first monday",
                "    units: {kinds: [township], count: 1, party: inspected}",
                "    inspectors: {role: inspector, count: 1, party: inspectors}",
            ]);
            var e = Assert.Throws<Changxiao.Packs.Org.PackFormatException>(() => Changxiao.Packs.Programmes.ProgrammeLoader.Load(dir, Pack(PackId)));
            Assert.Equal((6L, 9L), (e.Line, e.Column));
            Assert.Contains("the first monday", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
