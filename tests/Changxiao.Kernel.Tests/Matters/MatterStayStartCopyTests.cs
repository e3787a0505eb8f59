using System.Text.Json.Nodes;
using Changxiao.Kernel.Journal;
using Changxiao.Kernel.Matters;
using Changxiao.Kernel.Packs;
using static Changxiao.Kernel.Tests.Matters.Election;
using static Changxiao.Kernel.Tests.Matters.PackBuilder;

namespace Changxiao.Kernel.Tests.Matters;

/// <summary>
/// Three format additions: <c>to: same</c> (an action that stays in whatever state the matter is in), a clock
/// dated from a date field (<c>start: {field: …}</c>), and <c>$field.code</c> values copied into an opened matter.
/// </summary>
public class MatterStayStartCopyTests
{
    private static readonly ActingAs Clerk = ActingAs.Person(IntakeId, "受理员", "intake");

    /// <summary>
    /// A case discovered on <c>found_on</c>, registered later: <c>report</c> may be taken in two states and stays;
    /// clock <c>notice</c> starts on registering, dated from the discovery; clock <c>open</c> starts and stops on
    /// entering states (a stay must not touch it); <c>refer</c> opens a <c>talk</c> with copied values.
    /// </summary>
    private static Pack CasePack() => new PackBuilder()
        .Role("intake", "受理人员")
        .Kind("case", "案件", k => k
            .Field("found_on", FieldType.Date, required: true)
            .Field("summary", FieldType.Text, max: 500)
            .Field("area", FieldType.Number)
            .Field("secret", FieldType.Text, confidentialTo: ["intake"])
            .Field("reported", FieldType.Bool)
            .Party("subject")
            .States("registered", "working", "done!")
            .Action("start", ["registered"], "working", [RoleSpec("intake")])
            .Action("report", ["registered", "working"], ActionDef.Same, [RoleSpec("intake")], sets: ["reported"])
            .Action("refer", ["registered", "working"], ActionDef.Same, [RoleSpec("intake")], sets: ["summary", "area"],
                effects: [OpenEffect(OpenKind("talk", null, ("kind_of", "移交"), ("about_text", "$field.summary"), ("size", "$field.area"), ("hidden", "$field.secret")))])
            .Action("finish", ["working"], "done", [RoleSpec("intake")])
            .Clock("notice", starts: ["registered"], stops: ["action:report"], limit: "2 working days", startField: "found_on")
            .Clock("work", starts: ["working"], stops: ["done"], limit: "15 days")
            .OpenBy([RoleSpec("intake")]))
        .Kind("talk", "约谈", k => k
            .Field("kind_of", FieldType.Text)
            .Field("about_text", FieldType.Text, max: 500)
            .Field("size", FieldType.Number)
            .Field("hidden", FieldType.Text)
            .States("planned", "held!")
            .Action("hold", ["planned"], "held", [RoleSpec("intake")])
            .OpenBy([RoleSpec("intake")]))
        .Build();

    private static MatterSnapshot Registered(Pack pack, string foundOn, DateOnly on, Dictionary<string, JsonNode?>? more = null)
    {
        var fields = new Dictionary<string, JsonNode?> { ["found_on"] = foundOn };
        foreach (var (k, v) in more ?? [])
        {
            fields[k] = v;
        }

        var facts = MatterEngine.Open(pack, "case", MatterId, "AJ-1", new OpenInput(fields, null, County), Clerk, on, Cal, UnitByCode, Lookups);
        return Replay(null, facts);
    }

    private static (MatterSnapshot Matter, IReadOnlyList<IFact> Facts) Do(Pack pack, MatterSnapshot m, string action, DateOnly on, ActInput? input = null) =>
        Act(m, action, Clerk, on, input, pack);

    // ---- clearing a value -----------------------------------------------------------------------------------

    [Fact]
    public void Null_ClearsAFieldTheActionSets_OthersStay()
    {
        var pack = CasePack();
        var m = Registered(pack, "2025-09-26", D("2025-09-26"));
        var input = new ActInput(Fields: new Dictionary<string, JsonNode?> { ["summary"] = "占用耕地建房", ["area"] = 120 });
        var (set, _) = Do(pack, m, "refer", D("2025-09-26"), input);
        Assert.Equal("占用耕地建房", set.Fields["summary"]!.GetValue<string>());
        var (cleared, facts) = Do(pack, set, "refer", D("2025-09-29"), new ActInput(Fields: new Dictionary<string, JsonNode?> { ["summary"] = null }));
        Assert.False(cleared.HasField("summary"));
        Assert.Equal(120m, cleared.Fields["area"]!.GetValue<decimal>());
        Assert.True(Single<MatterActed>(facts).Changes.ContainsKey("summary")); // the clearing is on the journal
    }

    // ---- to: same ------------------------------------------------------------------------------------------

    [Fact]
    public void StayingAction_FromEitherState_LeavesTheStateAsItWas()
    {
        var pack = CasePack();
        var registered = Registered(pack, "2025-09-26", D("2025-09-26"));
        var (after, facts) = Do(pack, registered, "report", D("2025-09-26"));
        var acted = Single<MatterActed>(facts);
        Assert.Equal(("registered", "registered", "registered"), (acted.From, acted.To, after.State));

        var working = Do(pack, Registered(pack, "2025-09-26", D("2025-09-26")), "start", D("2025-09-26")).Matter;
        var (stayed, _) = Do(pack, working, "report", D("2025-09-29"));
        Assert.Equal("working", stayed.State);
        Assert.Contains(EngineAvailable(pack, stayed), a => a.Code == "report");
    }

    [Fact]
    public void StayingAction_EntersNoState_ClocksOnStatesUntouched_ActionTriggersStillFire()
    {
        var pack = CasePack();
        var working = Do(pack, Registered(pack, "2025-09-26", D("2025-09-26")), "start", D("2025-09-26")).Matter;
        Assert.False(working.ClockOf("work")!.Clock.IsStopped);

        var (after, facts) = Do(pack, working, "report", D("2025-09-29"));

        // action:report stops `notice`; `work` (started on entering working) neither restarts nor stops.
        var stopped = Single<MatterClockStopped>(facts);
        Assert.Equal("notice", stopped.Clock);
        Assert.Empty(facts.OfType<MatterClockStarted>());
        Assert.Equal(working.ClockOf("work")!.Clock.StartDate, after.ClockOf("work")!.Clock.StartDate);
    }

    // ---- start: {field: …} --------------------------------------------------------------------------------

    [Fact]
    public void ClockStartField_RegisteredLate_DatedFromTheField()
    {
        // Found Friday 2025-09-26, registered Tuesday 2025-09-30: 2 working days from the 26th → Monday 29th
        // (Sunday 28th is a make-up working day), already past — not 2 working days from the 30th.
        var pack = CasePack();
        var facts = MatterEngine.Open(pack, "case", MatterId, "AJ-1",
            new OpenInput(new Dictionary<string, JsonNode?> { ["found_on"] = "2025-09-26" }, null, County), Clerk, D("2025-09-30"), Cal, UnitByCode, Lookups);

        var started = Single<MatterClockStarted>(facts);
        Assert.Equal(("notice", D("2025-09-26"), D("2025-09-29")), (started.Clock, started.Date, started.Due));
        Assert.Equal(D("2025-09-26"), Replay(null, facts).ClockOf("notice")!.Clock.StartDate);
    }

    [Fact]
    public void ClockStartField_DateAfterToday_StartsToday()
    {
        var pack = CasePack();
        var started = Single<MatterClockStarted>(MatterEngine.Open(pack, "case", MatterId, "AJ-1",
            new OpenInput(new Dictionary<string, JsonNode?> { ["found_on"] = "2025-10-20" }, null, County), Clerk, D("2025-09-26"), Cal, UnitByCode, Lookups));
        Assert.Equal(D("2025-09-26"), started.Date);
    }

    // ---- $field.code ---------------------------------------------------------------------------------------

    [Fact]
    public void OpenEffect_CopiesFieldValues_LiteralsStayText_EmptyAndConfidentialLeftOut()
    {
        var pack = CasePack();
        var m = Registered(pack, "2025-09-26", D("2025-09-26"), new() { ["secret"] = "举报人姓名" });
        var (_, facts) = Do(pack, m, "refer", D("2025-09-27"), new ActInput(Fields: new Dictionary<string, JsonNode?> { ["summary"] = "占用基本农田建房" }));

        var request = Single<LinkedMatterRequested>(facts);
        Assert.Equal("移交", request.Fields["kind_of"]!.GetValue<string>());
        Assert.Equal("占用基本农田建房", request.Fields["about_text"]!.GetValue<string>()); // the value after the action
        Assert.False(request.Fields.ContainsKey("size"));   // area is empty
        Assert.False(request.Fields.ContainsKey("hidden")); // a confidential value never leaves the encrypted store

        var (_, again) = Do(pack, m, "refer", D("2025-09-27"), new ActInput(Fields: new Dictionary<string, JsonNode?> { ["area"] = 1.5m }));
        Assert.Equal(1.5m, Single<LinkedMatterRequested>(again).Fields["size"]!.GetValue<decimal>());
    }

    private static IReadOnlyList<ActionDef> EngineAvailable(Pack pack, MatterSnapshot m) => MatterEngine.Available(pack, m, Clerk);
}
