using System.Text.Json.Nodes;
using Changxiao.Kernel.Matters;
using Changxiao.Kernel.Packs;
using static Changxiao.Kernel.Tests.Matters.Election;
using static Changxiao.Kernel.Tests.Packs.PackAssert;
using static Changxiao.Kernel.Tests.Packs.TempPacks;
using Codes = Changxiao.Packs.Mechanisms.PackErrorCodes;

namespace Changxiao.Kernel.Tests.Packs;

/// <summary>
/// Conditional requirements (<c>requires: [measures, {deadline: term == 限期}]</c>) and conditional effects
/// (<c>- {open: …, when: …}</c>): loaded, validated, and obeyed by the engine.
/// </summary>
public sealed class PackConditionalTests : IDisposable
{
    private readonly TempPacks _packs = new();

    public void Dispose() => _packs.Dispose();

    private static readonly ActingAs Officer = ActingAs.Person(IntakeId, "整改专员", "officer");

    /// <summary>A rectification item: "plan" needs measures always, a deadline unless long-term; it opens a talk only when late.</summary>
    private static string[] Rectification(string requires = "[measures, {deadline: term == 限期}]",
        string effect = "{open: {kind: talk}, when: late == true}") =>
    [
        "id: t",                                                                            // 1
        "version: 1",                                                                       // 2
        "title: 测试",                                                                       // 3
        "source: test L1",                                                                  // 4
        "kinds:",                                                                           // 5
        "  k:",                                                                             // 6
        "    title: 整改事项",                                                               // 7
        "    initial: open",                                                                // 8
        "    fields:",                                                                      // 9
        "      term: {type: choice, title: 期限类型, options: [限期, 长期]}",                  // 10
        "      measures: {type: text, title: 整改措施}",                                      // 11
        "      deadline: {type: date, title: 完成时限}",                                      // 12
        "      late: {type: bool, title: 逾期}",                                              // 13
        "    states:",                                                                      // 14
        "      open: 待制定方案",                                                             // 15
        "      planned: 整改中",                                                              // 16
        "      done: {title: 办结, final: true}",                                            // 17
        "    actions:",                                                                     // 18
        $"      plan: {{title: 制定方案, from: open, to: planned, by: [role:officer], sets: [term, measures, deadline], requires: {requires}}}", // 19
        "      close:",                                                                     // 20
        "        title: 办结",                                                               // 21
        "        from: planned",                                                            // 22
        "        to: done",                                                                 // 23
        "        by: [role:officer]",                                                       // 24
        "        sets: [late]",                                                             // 25
        "        effects:",                                                                 // 26
        $"          - {effect}",                                                            // 27
        "    open: {by: [role:officer]}",                                                   // 28
        "  talk:",                                                                          // 29
        "    title: 约谈",                                                                   // 30
        "    initial: planned",                                                             // 31
        "    states:",                                                                      // 32
        "      planned: 待约谈",                                                              // 33
        "      held: {title: 已约谈, final: true}",                                           // 34
        "    actions:",                                                                     // 35
        "      hold: {title: 约谈, from: planned, to: held, by: [role:officer]}",             // 36
        "    open: {by: [role:officer]}",                                                   // 37
    ];

    private MatterSnapshot Opened(Pack pack) =>
        Replay(null, MatterEngine.Open(pack, "k", MatterId, "ZG-1", new OpenInput(new Dictionary<string, JsonNode?>(), null, County), Officer, OpenedOn, Cal,
            UnitByCode, Lookups));

    private static IReadOnlyList<Changxiao.Kernel.Journal.IFact> Plan(Pack pack, MatterSnapshot m, params (string Field, JsonNode? Value)[] fields) =>
        MatterEngine.Act(pack, m, "plan", new ActInput(Fields: fields.ToDictionary(f => f.Field, f => f.Value)), Officer, OpenedOn, Cal, Lookups);

    [Fact]
    public void ConditionalRequirement_Loads_WithItsCondition()
    {
        var plan = _packs.Load(Rectification()).Kinds["k"].Actions["plan"];
        Assert.Equal(["measures", "deadline"], plan.Requires);
        Assert.Equal(["deadline"], plan.RequiredWhen.Keys);
        Assert.True(plan.RequiredWhen["deadline"].Holds(n => n == "term" ? "限期" : null));
        Assert.False(plan.RequiredWhen["deadline"].Holds(n => n == "term" ? "长期" : null));
    }

    [Fact]
    public void ConditionalRequirement_RequiredOnlyWhenItsConditionHolds()
    {
        var pack = _packs.Load(Rectification());
        var m = Opened(pack);
        // 限期 without a deadline: refused, naming the field.
        AssertFieldErrors(() => Plan(pack, m, ("term", "限期"), ("measures", "立即整改")), "deadline");
        // 长期: no deadline needed.
        Assert.Single(Plan(pack, m, ("term", "长期"), ("measures", "建立长效机制")).OfType<MatterActed>());
        // 限期 with one: fine. The unconditional requirement still holds either way.
        Assert.Single(Plan(pack, m, ("term", "限期"), ("measures", "立即整改"), ("deadline", "2025-10-31")).OfType<MatterActed>());
        AssertFieldErrors(() => Plan(pack, m, ("term", "长期")), "measures");
    }

    [Fact]
    public void ConditionalEffect_HappensOnlyWhenItsConditionHolds()
    {
        var pack = _packs.Load(Rectification());
        var planned = Replay(Opened(pack), Plan(pack, Opened(pack), ("term", "长期"), ("measures", "建立长效机制")));
        IReadOnlyList<Changxiao.Kernel.Journal.IFact> Close(bool late) =>
            MatterEngine.Act(pack, planned, "close", new ActInput(Fields: new Dictionary<string, JsonNode?> { ["late"] = late }), Officer, D("2025-10-09"), Cal, Lookups);
        Assert.Equal("talk", Single<LinkedMatterRequested>(Close(late: true)).Kind);
        Assert.Empty(Close(late: false).OfType<LinkedMatterRequested>());
    }

    [Fact]
    public void ConditionalRequirement_UnknownFieldInItsCondition_NamesLineAndColumn()
    {
        var lines = Rectification(requires: "[measures, {deadline: kind_of == 限期}]");
        Has(_packs.Errors(lines), lines, Codes.UnknownField, 19, "kind_of");
    }

    [Fact]
    public void ConditionalRequirement_NotANameOrAMapping_IsRefused()
    {
        var lines = Rectification(requires: "[measures, [deadline]]");
        Has(_packs.Errors(lines), lines, Codes.WrongType, 19, "[deadline]");
    }

    [Fact]
    public void ConditionalEffect_BadCondition_NamesLineAndColumn()
    {
        var lines = Rectification(effect: "{open: {kind: talk}, when: late ==}");
        Assert.Contains(_packs.Errors(lines), e => e.Code == Codes.BadCondition && e.Line == 27);
    }

    [Fact]
    public void Effect_WithTwoEffectsInOneItem_StillRefused()
    {
        var lines = Rectification(effect: "{open: {kind: talk}, emit: late, when: late == true}");
        Assert.Contains(_packs.Errors(lines), e => e.Code == Codes.BadEffect && e.Line == 27);
    }

    // ---- to chosen by condition -------------------------------------------------------------------------------

    /// <summary>A reply the citizen rates: one "rate" action, back to work when unsatisfied, closed otherwise.</summary>
    private static string[] Rating(string to = "{reworking: rating == 不满意, closed: otherwise}") =>
    [
        "id: t",                                                                            // 1
        "version: 1",                                                                       // 2
        "title: 测试",                                                                       // 3
        "source: test L1",                                                                  // 4
        "kinds:",                                                                           // 5
        "  k:",                                                                             // 6
        "    title: 投诉",                                                                   // 7
        "    initial: replied",                                                             // 8
        "    fields:",                                                                      // 9
        "      rating: {type: choice, title: 评价, options: [满意, 基本满意, 不满意]}",          // 10
        "    states:",                                                                      // 11
        "      replied: 已答复",                                                              // 12
        "      reworking: 重新办理",                                                          // 13
        "      closed: {title: 办结, final: true}",                                          // 14
        "    actions:",                                                                     // 15
        $"      rate: {{title: 评价, from: replied, to: {to}, by: [role:officer], sets: [rating], requires: [rating]}}", // 16
        "      reply: {title: 再次答复, from: reworking, to: replied, by: [role:officer]}",     // 17
        "    open: {by: [role:officer]}",                                                   // 18
    ];

    [Fact]
    public void ConditionalTo_LeadsWhereTheFirstHoldingConditionSays_ElseOtherwise()
    {
        var pack = _packs.Load(Rating());
        var rate = pack.Kinds["k"].Actions["rate"];
        Assert.Equal("closed", rate.To);
        Assert.Equal(["reworking", "closed"], rate.Destinations);
        var m = Replay(null, MatterEngine.Open(pack, "k", MatterId, "TS-1", new OpenInput(new Dictionary<string, JsonNode?>(), null, County), Officer, OpenedOn,
            Cal, UnitByCode, Lookups));
        string After(string rating) => Single<MatterActed>(MatterEngine.Act(pack, m, "rate",
            new ActInput(Fields: new Dictionary<string, JsonNode?> { ["rating"] = rating }), Officer, OpenedOn, Cal, Lookups)).To;
        Assert.Equal("reworking", After("不满意"));
        Assert.Equal("closed", After("满意"));
        Assert.Equal("closed", After("基本满意"));
    }

    [Fact]
    public void ConditionalTo_CountsForReachability()
    {
        // "reworking" is entered only through the conditional destination: it must not be reported unreachable.
        Assert.NotNull(_packs.Load(Rating()));
    }

    [Fact]
    public void ConditionalTo_WithoutOtherwiseLast_IsRefusedAtThatLine()
    {
        var lines = Rating("{reworking: rating == 不满意, closed: rating == 满意}");
        Has(_packs.Errors(lines), lines, Codes.BadCondition, 16, "rating == 满意");
        lines = Rating("{closed: otherwise, reworking: rating == 不满意}");
        Has(_packs.Errors(lines), lines, Codes.BadCondition, 16, "otherwise");
    }

    [Fact]
    public void ConditionalTo_UnknownState_NamesIt()
    {
        var lines = Rating("{redo: rating == 不满意, closed: otherwise}");
        Has(_packs.Errors(lines), lines, Codes.UnknownState, 16, "redo");
    }
}
