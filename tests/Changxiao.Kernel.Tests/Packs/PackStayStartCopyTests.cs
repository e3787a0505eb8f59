using Changxiao.Kernel.Packs;
using Changxiao.Packs.Mechanisms;
using static Changxiao.Kernel.Tests.Packs.PackAssert;
using static Changxiao.Kernel.Tests.Packs.TempPacks;
using Codes = Changxiao.Packs.Mechanisms.PackErrorCodes;

namespace Changxiao.Kernel.Tests.Packs;

/// <summary>
/// The loader and validator for <c>to: same</c>, <c>start: {on: …, field: …}</c> and <c>$field.code</c> values of
/// <c>open</c>. Lines are those of <see cref="TempPacks.Minimal"/> plus what each test adds.
/// </summary>
public sealed class PackStayStartCopyTests : IDisposable
{
    private readonly TempPacks _packs = new();

    public void Dispose() => _packs.Dispose();

    /// <summary>Minimal with a staying action (line 14), fields (15-18) and a clock whose start is line 22, stop line 23.</summary>
    private static string[] Base(string stay = "      note: {title: 备注, from: [open], to: same, by: [role:officer], sets: [memo]}",
        string start = "        start: {field: found_on}") =>
        Insert(Plus(
            "    fields:",
            "      found_on: {type: date, title: 发现日期}",
            "      memo: {type: text, title: 备注, max: 200}",
            "      kind_no: {type: number, title: 编号}",
            "    clocks:",
            "      c:",
            "        title: 时限",
            start,
            "        stop: [done]",
            "        limit: 2 working days"), 13, stay);                           // the staying action becomes line 14

    private static string[] Insert(string[] lines, int afterLine, params string[] more) =>
        [.. lines.Take(afterLine), .. more, .. lines.Skip(afterLine)];

    // ---- to: same ----------------------------------------------------------------------------------------

    [Fact]
    public void ToSame_Loads_AsAStayingAction()
    {
        var kind = _packs.Load(Base()).Kinds["k"];

        var note = kind.Actions["note"];
        Assert.True(note.Stays);
        Assert.Equal(ActionDef.Same, note.To);
        Assert.Equal("open", note.ToFrom("open"));
        Assert.Equal("done", kind.Actions["finish"].ToFrom("open"));
    }

    [Fact]
    public void ToSame_FromAFinalState_IsAllowed()
    {
        var lines = Base("      note: {title: 备注, from: [open, done], to: same, by: [role:officer], sets: [memo]}");

        Assert.True(_packs.Load(lines).Kinds["k"].Actions["note"].Stays);
    }

    [Fact]
    public void ToSame_IsNoWayOut_OnlyStayingActionsIsADeadEnd()
    {
        // Without `finish`, state open has only the staying action: a dead end, reported at the state.
        var lines = Base();
        lines[12] = "      finish: {title: 办结, from: done, to: done, by: [role:officer]}";

        var errors = _packs.Errors(lines);

        Has(errors, Codes.DeadEnd, 10, 7);
    }

    [Fact]
    public void StateNamedSame_IsRefused()
    {
        var lines = Base();
        lines[9] = "      same: 办理中";
        lines[7] = "    initial: same";

        Has(_packs.Errors(lines), lines, Codes.BadName, 10, "same");
    }

    [Fact]
    public void ClockStoppedByStayingAction_IsReachable()
    {
        var lines = Base();
        lines[22] = "        stop: [action:note]";

        Assert.Equal(["action:note"], _packs.Load(lines).Kinds["k"].Clocks["c"].StopOn);
    }

    // ---- start: {field: …} --------------------------------------------------------------------------------

    [Fact]
    public void ClockStartField_WithoutOn_StartsOnTheInitialState()
    {
        var clock = _packs.Load(Base()).Kinds["k"].Clocks["c"];

        Assert.Equal(["open"], clock.StartOn);
        Assert.Equal("found_on", clock.StartField);
    }

    [Fact]
    public void ClockStartField_WithOn_KeepsTheTriggers()
    {
        var clock = _packs.Load(Base(start: "        start: {on: [open], field: found_on}")).Kinds["k"].Clocks["c"];

        Assert.Equal(["open"], clock.StartOn);
        Assert.Equal("found_on", clock.StartField);
    }

    [Fact]
    public void ClockStartField_UnknownField_ReportedAtTheName()
    {
        var lines = Base(start: "        start: {field: seen_on}");

        Only(_packs.Errors(lines), Codes.UnknownField, 22, Col(lines, 22, "seen_on"));
    }

    [Fact]
    public void ClockStartField_NotADate_Refused()
    {
        var lines = Base(start: "        start: {field: memo}");

        var error = Only(_packs.Errors(lines), Codes.ClockRule, 22, Col(lines, 22, "memo"));
        Assert.Contains("date", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ClockStartField_UnknownKey_Refused()
    {
        var lines = Base(start: "        start: {on: open, date: found_on}");

        Has(_packs.Errors(lines), lines, Codes.UnknownKey, 22, "date");
    }

    [Fact]
    public void ClockStartField_Periodic_Refused()
    {
        var lines = Base();
        lines = [.. lines, "        periodic: true"];

        Has(_packs.Errors(lines), lines, Codes.ClockRule, 22, "field");
    }

    // ---- $field.code ---------------------------------------------------------------------------------------

    private static string[] WithOpen(string fields) =>
    [
        .. Base(), // lines 1-24
        "  talk:",
        "    title: 谈话",
        "    initial: planned",
        "    fields:",
        "      text: {type: text, title: 内容, max: 500}",
        "      short: {type: text, title: 摘要, max: 20}",
        "      n: {type: number, title: 数}",
        "    states:",
        "      planned: 待谈",
        "      held: {title: 已谈, final: true}",
        "    actions:",
        "      hold: {title: 谈话, from: planned, to: held, by: [role:officer]}",
    ];

    private static string[] Referring(string fields)
    {
        var lines = WithOpen(fields);
        lines[13] = "      note: {title: 备注, from: [open], to: same, by: [role:officer], sets: [memo], effects: [{open: {kind: talk, fields: " + fields + "}}]}";
        return lines;
    }

    [Fact]
    public void CopiedField_Loads_AsWritten()
    {
        var open = _packs.Load(Referring("{text: $field.memo, n: $field.kind_no}")).Kinds["k"].Actions["note"].Effects[0].Open!;

        Assert.Equal("$field.memo", open.Fields["text"]);
        Assert.Equal("memo", OpenMatter.CopiedField(open.Fields["text"]));
    }

    [Fact]
    public void CopiedField_UnknownSourceField_ReportedAtTheTargetField()
    {
        var lines = Referring("{text: $field.nothing}");

        var error = Only(_packs.Errors(lines), Codes.UnknownField, 14, Col(lines, 14, "text: $field"));
        Assert.Contains("nothing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CopiedField_TooLongForTheTarget_Refused()
    {
        var lines = Referring("{short: $field.memo}");

        var error = Only(_packs.Errors(lines), Codes.FieldValue, 14, Col(lines, 14, "short"));
        Assert.Contains("max: 20", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CopiedField_OtherType_Refused()
    {
        var lines = Referring("{n: $field.found_on}");

        Only(_packs.Errors(lines), Codes.FieldValue, 14, Col(lines, 14, "n: $field"));
    }

    [Fact]
    public void CopiedField_NoName_Refused()
    {
        var lines = Referring("{text: $field.}");

        Only(_packs.Errors(lines), Codes.FieldValue, 14, Col(lines, 14, "$field."));
    }

    [Fact]
    public void CopiedField_CrossPack_CheckedAgainstTheOpeningKind()
    {
        _packs.Write("other",
            "id: other", "version: 1", "title: 其他", "source: test L1",
            "kinds:",
            "  item:",
            "    title: 整改",
            "    initial: a",
            "    fields:",
            "      problem: {type: text, title: 问题, max: 100}",
            "    states:",
            "      a: 待办",
            "      b: {title: 办结, final: true}",
            "    actions:",
            "      go: {title: 办结, from: a, to: b, by: [role:officer]}");
        var lines = WithOpen("");
        lines[13] = "      note: {title: 备注, from: [open], to: same, by: [role:officer], sets: [memo], effects: [{open: {kind: other/item, fields: {problem: $field.memo}}}]}";
        _packs.Write("t", lines);

        var ex = Assert.Throws<PackValidationException>(() => PackLoader.LoadAll(_packs.Root));

        var error = Only(ex.Errors, Codes.FieldValue, 14, Col(lines, 14, "problem"));
        Assert.Contains("max: 100", error.Message, StringComparison.Ordinal);
    }
}
