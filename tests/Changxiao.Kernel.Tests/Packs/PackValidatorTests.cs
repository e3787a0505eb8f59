using Changxiao.Kernel.Packs;
using Changxiao.Packs.Mechanisms;
using static Changxiao.Kernel.Tests.Packs.PackAssert;
using static Changxiao.Kernel.Tests.Packs.TempPacks;
using Codes = Changxiao.Packs.Mechanisms.PackErrorCodes;

namespace Changxiao.Kernel.Tests.Packs;

/// <summary>Each validator check, with the exact line and column of the error. See <see cref="TempPacks.Minimal"/> for the base pack.</summary>
public sealed class PackValidatorTests : IDisposable
{
    private readonly TempPacks _packs = new();

    public void Dispose() => _packs.Dispose();

    private const string Finish = "      finish: {title: 办结, from: open, to: done, by: [role:officer]}";

    private static string[] Insert(string[] lines, int afterLine, params string[] more) =>
        [.. lines.Take(afterLine), .. more, .. lines.Skip(afterLine)];

    private static string[] Without(string[] lines, int line) => lines.Where((_, i) => i != line - 1).ToArray();

    [Fact]
    public void LoadFolder_MinimalPack_Loads()
    {
        var pack = _packs.Load(Minimal);

        Assert.Equal("t", pack.Id);
        var kind = Assert.Single(pack.Kinds.Values);
        Assert.Equal(["open", "done"], kind.States.Keys);
        Assert.Equal(new SourceSpan(_packs.PackFile("t"), 13, 7), kind.Actions["finish"].Where);
    }

    // ---- YAML and shapes --------------------------------------------------------------------------------

    [Fact]
    public void LoadFolder_YamlSyntaxError_ReportsWhereTheParserStopped()
    {
        var lines = With((3, "title: \"测试"));

        var errors = _packs.Errors(lines);

        Only(errors, Codes.YamlSyntax, 3, 8);
        Assert.Equal(_packs.PackFile("t"), errors[0].File);
    }

    [Fact]
    public void LoadFolder_UnknownTopLevelKey_ReportsKeyAndAllowedOnes()
    {
        var lines = Plus("colour: red");

        var error = Only(_packs.Errors(lines), Codes.UnknownKey, 14, 1);

        Assert.Contains("colour", error.Message, StringComparison.Ordinal);
        Assert.Contains("publish", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFolder_UnknownNestedKey_ReportsItsPath()
    {
        var lines = With((13, "      finish: {title: 办结, from: open, to: done, by: [role:officer], form: x}"));

        var error = Has(_packs.Errors(lines), lines, Codes.UnknownKey, 13, "form");

        Assert.StartsWith("kinds.k.actions.finish.form: 未知的键 \"form\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFolder_MissingActionKey_ReportsAtTheAction()
    {
        var lines = With((13, "      finish: {title: 办结, from: open, by: [role:officer]}"));

        var error = Has(_packs.Errors(lines), lines, Codes.MissingKey, 13, "finish");

        Assert.Equal("kinds.k.actions.finish: 缺少必填键 \"to\"", error.Message);
    }

    [Fact]
    public void LoadFolder_MissingTopLevelKey_ReportsAtTheStart()
    {
        var lines = Without(Minimal, 4);

        var error = Only(_packs.Errors(lines), Codes.MissingKey, 1, 1);

        Assert.Contains("\"source\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFolder_BoolWrittenAsYes_IsWrongType()
    {
        var lines = With((11, "      done: {title: 办结, final: yes}"));

        var errors = _packs.Errors(lines);

        Has(errors, lines, Codes.WrongType, 11, "yes");
    }

    [Fact]
    public void LoadFolder_ListWhereTextExpected_IsWrongType()
    {
        var lines = With((8, "    initial: [open]"));

        Only(_packs.Errors(lines), Codes.WrongType, 8, Col(lines, 8, "["));
    }

    [Fact]
    public void LoadFolder_DuplicateYamlKey_ReportsTheSecondWithTheFirstLine()
    {
        var lines = With((13, "      finish: {title: 办结, title: 再次, from: open, to: done, by: [role:officer]}"));

        var error = Only(_packs.Errors(lines), Codes.DuplicateKey, 13, Col(lines, 13, "title: 再次"));

        Assert.Contains("第一次在第 13 行", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFolder_DuplicateStateName_ReportsEveryDuplicateAndKeepsGoing()
    {
        var lines = Insert(Minimal, 11, "      open: 又一个", "      done: 又一个");
        lines = [.. lines, "  k:", "    title: 又一个种类"];

        var errors = _packs.Errors(lines);

        Has(errors, Codes.DuplicateKey, 12, 7);
        Has(errors, Codes.DuplicateKey, 13, 7);
        Has(errors, Codes.DuplicateKey, 16, 3);
    }

    [Fact]
    public void LoadFolder_NameNotACode_IsBadName()
    {
        var lines = With((13, "      完成: {title: 办结, from: open, to: done, by: [role:officer]}"));

        Only(_packs.Errors(lines), Codes.BadName, 13, 7);
    }

    // ---- id and version ---------------------------------------------------------------------------------

    [Theory]
    [InlineData("version: 0")]
    [InlineData("version: -1")]
    [InlineData("version: abc")]
    [InlineData("version: 1.5")]
    public void LoadFolder_VersionNotPositiveInteger_IsBadVersion(string line)
    {
        var lines = With((2, line));

        Only(_packs.Errors(lines), Codes.BadVersion, 2, 10);
    }

    [Fact]
    public void LoadFolder_IdNotFolderName_IsIdMismatch()
    {
        var lines = With((1, "id: other"));

        var error = Only(_packs.Errors(lines), Codes.IdMismatch, 1, 5);

        Assert.Contains("\"t\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFolder_NoPackYaml_IsFolderError()
    {
        var dir = _packs.WriteFile("t", "README.md", "# t");

        var ex = Assert.Throws<PackValidationException>(() => PackLoader.LoadFolder(dir));

        var error = Assert.Single(ex.Errors);
        Assert.Equal((Codes.Folder, dir, 0, 0), (error.Code, error.File, error.Line, error.Column));
    }

    // ---- states and actions -----------------------------------------------------------------------------

    [Fact]
    public void LoadFolder_UnknownInitialState_ListsTheStates()
    {
        var lines = With((8, "    initial: opn"));

        var error = Only(_packs.Errors(lines), Codes.UnknownState, 8, 14);

        Assert.Equal("kinds.k.initial: 未知的状态 \"opn\"（可用：open, done）", error.Message);
    }

    [Fact]
    public void LoadFolder_UnknownToState_ReportsAtTheValue()
    {
        var lines = With((13, "      finish: {title: 办结, from: open, to: dnoe, by: [role:officer]}"));

        var error = Only(_packs.Errors(lines), Codes.UnknownState, 13, Col(lines, 13, "dnoe"));

        Assert.Equal("kinds.k.actions.finish.to: 未知的状态 \"dnoe\"（可用：open, done）", error.Message);
    }

    [Fact]
    public void LoadFolder_UnknownFromStateInList_ReportsThatItem()
    {
        var lines = With((13, "      finish: {title: 办结, from: [open, opne], to: done, by: [role:officer]}"));

        Only(_packs.Errors(lines), Codes.UnknownState, 13, Col(lines, 13, "opne"));
    }

    [Fact]
    public void LoadFolder_EmptyFrom_IsAnActionFromNowhere()
    {
        var lines = With((13, "      finish: {title: 办结, from: [], to: done, by: [role:officer]}"));

        Only(_packs.Errors(lines), Codes.WrongType, 13, Col(lines, 13, "[]"));
    }

    [Fact]
    public void LoadFolder_StateNoActionLeadsTo_IsUnreachable()
    {
        var lines = Insert(Minimal, 11, "      limbo: 悬空");

        var error = Only(_packs.Errors(lines), Codes.Unreachable, 12, 7);

        Assert.StartsWith("kinds.k.states.limbo: 到不了的状态", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFolder_FinalStateWithOutgoingAction_IsFinalHasExit()
    {
        var lines = Plus("      reopen: {title: 重开, from: [open, done], to: open, by: [role:officer]}");

        Only(_packs.Errors(lines), Codes.FinalHasExit, 14, Col(lines, 14, "done"));
    }

    [Fact]
    public void LoadFolder_FinalStateWithActionThatStays_Loads()
    {
        var pack = _packs.Load(Plus("      note: {title: 备注, from: done, to: done, by: [role:officer]}"));

        Assert.Equal(2, pack.Kinds["k"].Actions.Count);
    }

    [Fact]
    public void LoadFolder_NonFinalStateWithNoWayOut_IsDeadEnd()
    {
        var lines = Insert(Minimal, 11, "      stuck: 卡住");
        lines = [.. lines, "      stick: {title: 卡住, from: open, to: stuck, by: [role:officer]}"];

        var error = Only(_packs.Errors(lines), Codes.DeadEnd, 12, 7);

        Assert.Contains("死胡同", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFolder_StatesThatOnlyLoopBetweenThemselves_AreDeadEnds()
    {
        var lines = Insert(Minimal, 11, "      a: 甲", "      b: 乙");
        lines =
        [
            .. lines,
            "      to-a: {title: 去甲, from: open, to: a, by: [role:officer]}",
            "      a-b: {title: 甲乙, from: a, to: b, by: [role:officer]}",
            "      b-a: {title: 乙甲, from: b, to: a, by: [role:officer]}",
        ];

        var errors = _packs.Errors(lines);

        Has(errors, Codes.DeadEnd, 12, 7);
        Has(errors, Codes.DeadEnd, 13, 7);
        Assert.Equal(2, errors.Count);
    }

    [Fact]
    public void LoadFolder_NoFinalState_IsNoFinalState()
    {
        var lines = With((11, "      done: 办结"));

        var errors = _packs.Errors(lines);

        Has(errors, Codes.NoFinalState, 9, 5);
        Has(errors, Codes.DeadEnd, 11, 7);
    }

    // ---- roles, parties, actors -------------------------------------------------------------------------

    [Fact]
    public void LoadFolder_UnknownRoleInBy_ListsPackAndSystemRoles()
    {
        var lines = With((13, "      finish: {title: 办结, from: open, to: done, by: [role:nobody]}"));

        var error = Only(_packs.Errors(lines), Codes.UnknownRole, 13, Col(lines, 13, "role:nobody"));

        Assert.Contains("sysadmin, org-admin, officer, auditor", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFolder_PackRoleInBy_Resolves()
    {
        var lines = Insert(With((13, "      finish: {title: 办结, from: open, to: done, by: [role:intake]}")), 4, "roles:", "  intake: 受理人员");

        var pack = _packs.Load(lines);

        Assert.Equal("受理人员", pack.Roles["intake"].Title.Zh);
        Assert.Equal(new ActorSpec(ActorSpecKind.Role, "intake", new SourceSpan(_packs.PackFile("t"), 15, Col(lines, 15, "role:"))),
            pack.Kinds["k"].Actions["finish"].By[0]);
    }

    [Fact]
    public void LoadFolder_UnknownPartyInBy_IsUnknownParty()
    {
        var lines = With((13, "      finish: {title: 办结, from: open, to: done, by: [party:handler]}"));

        Only(_packs.Errors(lines), Codes.UnknownParty, 13, Col(lines, 13, "party:handler"));
    }

    [Fact]
    public void LoadFolder_ActorWrittenWrongly_IsBadActor()
    {
        var lines = With((13, "      finish: {title: 办结, from: open, to: done, by: [officer]}"));

        Only(_packs.Errors(lines), Codes.BadActor, 13, Col(lines, 13, "officer"));
    }

    [Fact]
    public void LoadFolder_CitizenActorWithoutCitizenOpening_IsBadActor()
    {
        var lines = With((13, "      finish: {title: 办结, from: open, to: done, by: [citizen]}"));

        Only(_packs.Errors(lines), Codes.BadActor, 13, Col(lines, 13, "citizen"));
    }

    [Fact]
    public void LoadFolder_UnknownPartyInSignoff_IsUnknownParty()
    {
        var lines = Insert(With((13, "      finish: {title: 办结, from: open, to: done, by: [party:a], signoff: [party:a, party:b]}")), 11,
            "    parties:", "      a: 承办人");

        Only(_packs.Errors(lines), Codes.UnknownParty, 15, Col(lines, 15, "party:b"));
    }

    [Fact]
    public void LoadFolder_SignoffWithOneSigner_IsSignoffTooFew()
    {
        var lines = With((13, "      finish: {title: 办结, from: open, to: done, by: [role:officer], signoff: [role:officer]}"));

        Only(_packs.Errors(lines), Codes.SignoffTooFew, 13, Col(lines, 13, "signoff"));
    }

    [Fact]
    public void LoadFolder_UnknownPartyInLadderNotify_NamesTheKindUsingTheLadder()
    {
        var lines = Insert(Plus(
                "    clocks:",
                "      c: {title: 时限, start: open, stop: done, limit: 15 days, ladder: warn}"),
            4,
            "ladders:",
            "  warn:",
            "    - {at: due, level: red, notify: [party:handler]}");

        var error = Only(_packs.Errors(lines), Codes.UnknownParty, 7, Col(lines, 7, "party:handler"));

        Assert.Contains("kinds.k.clocks.c", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFolder_UnknownPartyInOpenAbout_IsUnknownParty()
    {
        var lines = Insert(With((13, "      finish: {title: 办结, from: open, to: done, by: [role:officer], effects: [{open: {kind: k, about: party:boss}}]}")),
            11, "    parties:", "      subject: 对象");

        var error = Only(_packs.Errors(lines), Codes.UnknownParty, 15, Col(lines, 15, "party:boss"));

        Assert.Contains("\"boss\"", error.Message, StringComparison.Ordinal);
    }

    // ---- fields -----------------------------------------------------------------------------------------

    private static string[] WithFields(params string[] fields) => Insert(Minimal, 7, ["    fields:", .. fields]);

    [Fact]
    public void LoadFolder_UnknownFieldInRequiresAndSets_AreUnknownField()
    {
        var lines = WithFields("      note: {type: text, title: 备注}");
        lines[14] = "      finish: {title: 办结, from: open, to: done, by: [role:officer], requires: [nte], sets: [note, noet]}";

        var errors = _packs.Errors(lines);

        Has(errors, lines, Codes.UnknownField, 15, "nte");
        Has(errors, lines, Codes.UnknownField, 15, "noet");
        Assert.Equal(2, errors.Count);
    }

    [Fact]
    public void LoadFolder_UnknownFieldInWhen_ReportsTheNameInsideTheCondition()
    {
        var lines = With((13, "      finish: {title: 办结, from: open, to: done, by: [role:officer], when: \"state == open and outcom\"}"));

        Only(_packs.Errors(lines), Codes.UnknownField, 13, Col(lines, 13, "outcom"));
    }

    [Fact]
    public void LoadFolder_UnknownFieldInPublishShow_IsUnknownField()
    {
        var lines = Plus("publish:", "  cases: {title: 案例, kind: k, show: [summary]}");

        Only(_packs.Errors(lines), Codes.UnknownField, 15, Col(lines, 15, "summary"));
    }

    [Fact]
    public void LoadFolder_UnknownFieldInRoutingWhen_IsUnknownField()
    {
        var lines = Plus("    routing:", "      - {when: category == 收费, unit: county-1}");

        Only(_packs.Errors(lines), Codes.UnknownField, 15, Col(lines, 15, "category"));
    }

    [Fact]
    public void LoadFolder_ChoiceWithoutOptions_IsOptionsMissing()
    {
        var lines = WithFields("      outcome: {type: choice, title: 结论}");

        Only(_packs.Errors(lines), Codes.OptionsMissing, 9, 7);
    }

    [Fact]
    public void LoadFolder_MaxOnNumber_IsMaxNotText()
    {
        var lines = WithFields("      amount: {type: money, title: 金额, max: 10}");

        Only(_packs.Errors(lines), Codes.MaxNotText, 9, Col(lines, 9, "max"));
    }

    [Fact]
    public void LoadFolder_MatterFieldWithoutKind_IsMatterKindMissing()
    {
        var lines = WithFields("      origin: {type: matter, title: 来源}");

        Only(_packs.Errors(lines), Codes.MatterKindMissing, 9, 7);
    }

    [Fact]
    public void LoadFolder_MatterFieldOfUnknownLocalKind_IsUnknownKind()
    {
        var lines = WithFields("      origin: {type: matter, title: 来源, kind: inspection}");

        Only(_packs.Errors(lines), Codes.UnknownKind, 9, Col(lines, 9, "inspection"));
    }

    [Fact]
    public void LoadFolder_MatterFieldOfOtherPack_IsNotCheckedAlone()
    {
        var pack = _packs.Load(WithFields("      origin: {type: matter, title: 来源, kind: other/inspection}"));

        Assert.Equal("other/inspection", pack.Kinds["k"].Fields["origin"].MatterKind);
    }

    [Fact]
    public void LoadFolder_UnknownFieldType_IsWrongType()
    {
        var lines = WithFields("      note: {type: txt, title: 备注}");

        Only(_packs.Errors(lines), Codes.WrongType, 9, Col(lines, 9, "txt"));
    }

    [Fact]
    public void LoadFolder_FieldAndPartyWithTheSameName_IsDuplicateName()
    {
        var lines = Insert(WithFields("      handler: {type: person, title: 承办人}"), 9, "    parties:", "      handler: 承办人");

        Only(_packs.Errors(lines), Codes.DuplicateName, 11, 7);
    }

    [Fact]
    public void LoadFolder_ConfidentialFieldPublished_IsFieldRule()
    {
        var lines = WithFields("      reporter: {type: text, title: 举报人, confidential: [officer]}");
        lines = [.. lines, "publish:", "  cases: {title: 案例, kind: k, show: [reporter]}"];

        Only(_packs.Errors(lines), Codes.FieldRule, 17, Col(lines, 17, "reporter"));
    }

    [Fact]
    public void LoadFolder_UnknownConfidentialRole_IsUnknownRole()
    {
        var lines = WithFields("      reporter: {type: text, title: 举报人, confidential: [intake]}");

        Only(_packs.Errors(lines), Codes.UnknownRole, 9, Col(lines, 9, "intake"));
    }

    // ---- conditions -------------------------------------------------------------------------------------

    [Fact]
    public void LoadFolder_BadConditionInQuotedScalar_PointsAtTheCharacter()
    {
        var lines = With((13, "      finish: {title: 办结, from: open, to: done, by: [role:officer], when: \"state == open and (\"}"));

        var error = Only(_packs.Errors(lines), Codes.BadCondition, 13, Col(lines, 13, "(\"") + 1);

        Assert.Contains("条件写法有误", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFolder_BadConditionInPlainScalar_PointsAtTheCharacter()
    {
        var lines = Plus("      drop: {title: 撤销, from: open, to: done, by: [role:officer]}");
        lines[13] = "      drop:";
        lines = [.. lines, "        title: 撤销", "        from: open", "        to: done", "        by: role:officer", "        when: state = open"];

        Only(_packs.Errors(lines), Codes.BadCondition, 19, Col(lines, 19, "= open"));
    }

    [Fact]
    public void LoadFolder_ConditionValueNotAnOption_IsConditionValue()
    {
        var lines = WithFields("      outcome: {type: choice, title: 结论, options: [属实, 不属实]}");
        lines[14] = "      finish: {title: 办结, from: open, to: done, by: [role:officer], when: \"outcome in [属实, 部分属实]\"}";

        Only(_packs.Errors(lines), Codes.ConditionValue, 15, Col(lines, 15, "部分属实"));
    }

    [Fact]
    public void LoadFolder_ConditionUnknownStateValue_IsUnknownState()
    {
        var lines = With((13, "      finish: {title: 办结, from: open, to: done, by: [role:officer], when: state != closed}"));

        Only(_packs.Errors(lines), Codes.UnknownState, 13, Col(lines, 13, "closed"));
    }

    [Fact]
    public void LoadFolder_ConditionOnNumberWithText_IsConditionValue()
    {
        var lines = WithFields("      amount: {type: money, title: 金额}");
        lines[14] = "      finish: {title: 办结, from: open, to: done, by: [role:officer], when: amount >= 一万}";

        Only(_packs.Errors(lines), Codes.ConditionValue, 15, Col(lines, 15, "一万"));
    }

    // ---- clocks and ladders -----------------------------------------------------------------------------

    private static string[] WithClock(params string[] clock) => Plus(["    clocks:", "      c:", .. clock]);

    [Fact]
    public void LoadFolder_BadTimeLimit_IsBadTimeLimit()
    {
        var lines = WithClock("        title: 时限", "        start: open", "        stop: done", "        limit: 15 dayz");

        var error = Only(_packs.Errors(lines), Codes.BadTimeLimit, 19, 16);

        Assert.Contains("\"15 dayz\"", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("15 days", TimeLimitUnitName.Days, 15)]
    [InlineData("3个工作日", TimeLimitUnitName.WorkingDays, 3)]
    [InlineData("3个月", TimeLimitUnitName.Months, 3)]
    [InlineData("月底前", TimeLimitUnitName.MonthEnd, 0)]
    public void LoadFolder_TimeLimit_IsParsedWithTimeLimitParse(string limit, TimeLimitUnitName unit, int count)
    {
        var pack = _packs.Load(WithClock("        title: 时限", "        start: open", "        stop: done", $"        limit: {limit}"));

        var parsed = pack.Kinds["k"].Clocks["c"].Limit!;
        Assert.Equal(((int)unit, count), ((int)parsed.Unit, parsed.Count));
    }

    public enum TimeLimitUnitName { Days = 0, WorkingDays = 1, Weeks = 2, Months = 3, Years = 4, SameDay = 5, MonthEnd = 6 }

    [Fact]
    public void LoadFolder_UnknownClockStates_AreUnknownState()
    {
        var lines = WithClock("        title: 时限", "        start: opn", "        stop: [dne]", "        pause: [open]",
            "        resume: [action:finsh]", "        limit: 15 days");

        var errors = _packs.Errors(lines);

        Has(errors, lines, Codes.UnknownState, 17, "opn");
        Has(errors, lines, Codes.UnknownState, 18, "dne");
        Has(errors, lines, Codes.UnknownAction, 20, "action:finsh");
        Assert.Equal(3, errors.Count);
    }

    [Fact]
    public void LoadFolder_ClockWhoseStopCannotBeReached_NeverStops()
    {
        var lines = WithClock("        title: 时限", "        start: done", "        stop: open", "        limit: 15 days");

        Only(_packs.Errors(lines), Codes.ClockNeverStops, 18, 9);
    }

    [Fact]
    public void LoadFolder_ClockWithoutStop_IsMissingKey()
    {
        var lines = WithClock("        title: 时限", "        start: open", "        limit: 15 days");

        Only(_packs.Errors(lines), Codes.MissingKey, 15, 7);
    }

    [Fact]
    public void LoadFolder_ClockWithLimitAndDue_IsClockRule()
    {
        var lines = WithFields("      deadline: {type: date, title: 期限}");
        lines = [.. lines, "    clocks:", "      c: {title: 时限, start: open, stop: done, limit: 15 days, due: {field: deadline}}"];

        Only(_packs.Errors(lines), Codes.ClockRule, 17, Col(lines, 17, "due"));
    }

    [Fact]
    public void LoadFolder_DueFieldNotADate_IsClockRule()
    {
        var lines = WithFields("      deadline: {type: text, title: 期限}");
        lines = [.. lines, "    clocks:", "      c: {title: 时限, start: open, stop: done, due: {field: deadline}}"];

        Only(_packs.Errors(lines), Codes.ClockRule, 17, Col(lines, 17, "deadline}"));
    }

    [Fact]
    public void LoadFolder_UnknownLadder_IsUnknownLadder()
    {
        var lines = WithClock("        title: 时限", "        start: open", "        stop: done", "        limit: 15 days", "        ladder: three-stpe");

        Only(_packs.Errors(lines), Codes.UnknownLadder, 20, 17);
    }

    [Theory]
    [InlineData("due", 0, false)]
    [InlineData("3 days before due", -3, false)]
    [InlineData("1 day before due", -1, false)]
    [InlineData("2 working days before due", -2, true)]
    [InlineData("5 days after due", 5, false)]
    [InlineData("到期日", 0, false)]
    [InlineData("到期前3日", -3, false)]
    [InlineData("到期前2个工作日", -2, true)]
    [InlineData("超期5天", 5, false)]
    public void LoadFolder_LadderStepAt_ReadsOffsetAndWorkingDays(string at, int offset, bool working)
    {
        var lines = Insert(WithClock("        title: 时限", "        start: open", "        stop: done", "        limit: 15 days", "        ladder: warn"),
            4, "ladders:", "  warn:", $"    - {{at: {at}, level: yellow, notify: [role:officer], bulletin: true}}");

        var step = Assert.Single(_packs.Load(lines).Ladders["warn"].Steps);

        Assert.Equal((offset, working, "yellow", true), (step.Offset, step.WorkingDays, step.Level, step.Bulletin));
    }

    [Fact]
    public void LoadFolder_LadderStepUnreadableAt_IsBadLadderStep()
    {
        var lines = Insert(Minimal, 4, "ladders:", "  warn:", "    - {at: tomorrow, level: red}");

        Only(_packs.Errors(lines), Codes.BadLadderStep, 7, Col(lines, 7, "tomorrow"));
    }

    // ---- effects, numbering, kinds files ----------------------------------------------------------------

    [Fact]
    public void LoadFolder_SuspendOfANonMatterField_IsBadLink()
    {
        var lines = WithFields("      note: {type: text, title: 备注}");
        lines[14] = "      finish: {title: 办结, from: open, to: done, by: [role:officer], effects: [{suspend: note}]}";

        Only(_packs.Errors(lines), Codes.BadLink, 15, Col(lines, 15, "note}"));
    }

    [Fact]
    public void LoadFolder_PublishEffectOfUnknownPublication_IsUnknownPublication()
    {
        var lines = With((13, "      finish: {title: 办结, from: open, to: done, by: [role:officer], effects: [{publish: cases}]}"));

        Only(_packs.Errors(lines), Codes.UnknownPublication, 13, Col(lines, 13, "cases"));
    }

    [Fact]
    public void LoadFolder_OpenFieldValueNotAnOption_IsFieldValue()
    {
        var lines = WithFields("      reason: {type: choice, title: 事由, options: [压案不查]}");
        lines[14] = "      finish: {title: 办结, from: open, to: done, by: [role:officer], effects: [{open: {kind: k, fields: {reason: 迟到}}}]}";

        Only(_packs.Errors(lines), Codes.FieldValue, 15, Col(lines, 15, "reason: 迟到"));
    }

    [Fact]
    public void LoadFolder_NumberFormatWithoutSequence_IsBadNumberFormat()
    {
        var lines = Insert(Minimal, 7, "    number: \"XF-{yyyy}\"");

        Only(_packs.Errors(lines), Codes.BadNumberFormat, 8, 13);
    }

    [Fact]
    public void LoadFolder_KindsFile_AddsItsKinds()
    {
        _packs.WriteFile("t", "kinds/more.yaml",
            "extra:",
            "  title: 另一种",
            "  initial: a",
            "  states: {a: 甲, z: {title: 终, final: true}}",
            "  actions: {end: {title: 结束, from: a, to: z, by: [role:officer]}}");

        var pack = _packs.Load(Minimal);

        Assert.Equal(["k", "extra"], pack.Kinds.Keys);
        Assert.EndsWith(Path.Combine("kinds", "more.yaml"), pack.Kinds["extra"].Where.File, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFolder_KindInPackAndKindsFile_IsDuplicateName()
    {
        _packs.WriteFile("t", "kinds/more.yaml", "k:", "  title: 重复");

        var errors = _packs.Errors(Minimal);

        var error = Only(errors, Codes.DuplicateName, 1, 1);
        Assert.EndsWith("more.yaml", error.File, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFolder_OpenAboutIntoKindWithoutSubjectParty_IsUnknownParty()
    {
        var lines = Insert(With((13, "      finish: {title: 办结, from: open, to: done, by: [role:officer], effects: [{open: {kind: k, about: party:x}}]}")),
            11, "    parties:", "      x: 某人");

        var error = Only(_packs.Errors(lines), Codes.UnknownParty, 15, Col(lines, 15, "party:x"));

        Assert.Contains("subject", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFolder_PublishEffectOfAnotherKindsPublication_IsBadEffect()
    {
        var lines = With((13, "      finish: {title: 办结, from: open, to: done, by: [role:officer], effects: [{publish: cases}]}"));
        lines =
        [
            .. lines,
            "  other:",
            "    title: 另一种",
            "    initial: a",
            "    states: {a: 甲, z: {title: 终, final: true}}",
            "    actions: {end: {title: 结束, from: a, to: z, by: [role:officer]}}",
            "publish:",
            "  cases: {title: 案例, kind: other, show: []}",
        ];

        var errors = _packs.Errors(lines);

        Has(errors, lines, Codes.BadEffect, 13, "cases");
        Has(errors, lines, Codes.WrongType, 20, "[]");
        Assert.Equal(2, errors.Count);
    }

    [Fact]
    public void LoadFolder_PauseWithoutResume_IsClockRule()
    {
        var lines = Plus("    clocks:", "      c: {title: 时限, start: open, stop: done, pause: [open], limit: 15 days}");

        Only(_packs.Errors(lines), Codes.ClockRule, 15, Col(lines, 15, "pause"));
    }

    [Fact]
    public void LoadFolder_PartyInOpenBy_IsBadActor()
    {
        var lines = Plus("    open: {by: [party:handler]}");

        Only(_packs.Errors(lines), Codes.BadActor, 14, Col(lines, 14, "party:handler"));
    }

    [Fact]
    public void LoadFolder_AnchorsAndAliases_AreFollowed()
    {
        var lines = Plus(
            "      close: {title: 关闭, from: open, to: done, by: &officers [role:officer, role:auditor]}",
            "      drop: {title: 撤销, from: open, to: done, by: *officers}");

        var pack = _packs.Load(lines);

        Assert.Equal(["role:officer", "role:auditor"], pack.Kinds["k"].Actions["drop"].By.Select(b => b.ToString()));
    }

    // ---- all errors at once, formatting -----------------------------------------------------------------

    [Fact]
    public void LoadFolder_ManyProblems_ReportsAllSortedByLine()
    {
        var lines = With((2, "version: x"), (8, "    initial: opn"), (13, "      finish: {title: 办结, from: open, to: done, by: [role:x]}"));

        var errors = _packs.Errors(lines);

        Assert.Equal([2, 8, 13], errors.Select(e => e.Line));
    }

    [Fact]
    public void PackValidationException_ToString_PrintsOneFileLineColumnMessagePerLine()
    {
        var lines = With((2, "version: x"), (8, "    initial: opn"));
        var dir = _packs.Write("t", lines);

        var ex = Assert.Throws<PackValidationException>(() => PackLoader.LoadFolder(dir));

        var file = _packs.PackFile("t");
        Assert.Equal(
            $"{file}:2:10: version: 应为正整数（1、2、3…），却是\"x\"{Environment.NewLine}" +
            $"{file}:8:14: kinds.k.initial: 未知的状态 \"opn\"（可用：open, done）",
            ex.ToString());
        Assert.Equal(ex.ToString(), ex.Message);
    }
}
