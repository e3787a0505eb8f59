using System.Text.Json.Nodes;
using Changxiao.Kernel.Matters;
using Changxiao.Kernel.Packs;
using Changxiao.Kernel.Rules;
using static Changxiao.Kernel.Tests.Matters.Election;
using static Changxiao.Kernel.Tests.Matters.PackBuilder;

namespace Changxiao.Kernel.Tests.Matters;

public class MatterActTests
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<Guid>> Assignment = new Dictionary<string, IReadOnlyList<Guid>>
    {
        ["handler"] = [HandlerId],
        ["in_charge"] = [InChargeId],
    };

    // ---- the happy path ----

    [Fact]
    public void Act_Assign_MovesStateAndRecordsParties()
    {
        var (matter, facts) = Act(Registered(), "assign", Supervisor, OpenedOn, new ActInput(Parties: Assignment, Comment: " 请尽快 "));

        var acted = Assert.IsType<MatterActed>(Assert.Single(facts));
        Assert.Equal(("matter.acted", "assign", "registered", "assigned", "请尽快"), (acted.Type, acted.Action, acted.From, acted.To, acted.Comment));
        Assert.Equal([HandlerId], acted.PartyChanges["handler"]);
        Assert.Equal("assigned", matter.State);
        Assert.Equal([InChargeId], matter.PartyOf("in_charge"));
    }

    [Fact]
    public void Act_Conclude_RecordsChangesAndSignersAndStopsVerificationInTime()
    {
        var (matter, facts) = Act(Verifying(), "conclude", Handler, D("2025-10-09"), Conclusion());

        var acted = Single<MatterActed>(facts);
        Assert.Equal("属实", acted.Changes["outcome"]!.GetValue<string>());
        Assert.Equal([HandlerId, InChargeId], acted.Signers);
        var stopped = Single<MatterClockStopped>(facts);
        Assert.Equal(("matter.clock-stopped", "verification", D("2025-10-09"), D("2025-10-11"), false),
            (stopped.Type, stopped.Clock, stopped.Date, stopped.Due, stopped.Late));
        Assert.True(matter.ClockOf("verification")!.Clock.IsStopped);
        Assert.Equal("concluded", matter.State);
    }

    [Fact]
    public void Act_ConcludeAfterDue_StopsLate() =>
        Assert.True(Single<MatterClockStopped>(Act(Verifying(), "conclude", Handler, D("2025-10-13"), Conclusion()).Facts).Late);

    [Fact]
    public void Act_UnchangedValues_AreLeftOutOfChanges()
    {
        var concluded = Concluded();
        var pack = Builder().Kind("report", "换届纪律举报", k => k
            .Action("amend", ["concluded"], "concluded", [PartySpec("handler")], sets: ["outcome", "conclusion"])).Build();

        var acted = Single<MatterActed>(MatterEngine.Act(pack, concluded, "amend",
            new ActInput(Fields: new Dictionary<string, JsonNode?> { ["outcome"] = "属实", ["conclusion"] = "补充：经查属实" }), Handler, D("2025-10-10"), Cal));

        Assert.Equal(["conclusion"], acted.Changes.Keys);
    }

    [Fact]
    public void Act_ClearingAField_RecordsNullAndRemovesIt()
    {
        var pack = Builder().Kind("report", "换届纪律举报", k => k
            .Action("amend", ["concluded"], "concluded", [PartySpec("handler")], sets: ["conclusion"])).Build();

        var (matter, facts) = Act(Concluded(pack: pack), "amend", Handler, D("2025-10-10"),
            new ActInput(Fields: new Dictionary<string, JsonNode?> { ["conclusion"] = null }), pack);

        Assert.Null(Single<MatterActed>(facts).Changes["conclusion"]);
        Assert.False(matter.HasField("conclusion"));
    }

    [Fact]
    public void Act_ConfidentialChange_ValueOnlyInSecretChanges()
    {
        var pack = Builder().Kind("report", "换届纪律举报", k => k
            .Action("correct-reporter", ["registered"], "registered", [RoleSpec("intake")], sets: ["reporter"])).Build();

        var acted = Single<MatterActed>(MatterEngine.Act(pack, Registered(pack), "correct-reporter",
            new ActInput(Fields: new Dictionary<string, JsonNode?> { ["reporter"] = StrangerId.ToString() }), Intake, OpenedOn, Cal));

        Assert.True(Confidential.IsMarker(acted.Changes["reporter"]));
        Assert.Equal(StrangerId.ToString(), acted.SecretChanges["reporter"]!.GetValue<string>());
        Assert.DoesNotContain(StrangerId.ToString(), Changxiao.Kernel.Journal.CanonicalJson.SerializeFact(acted), StringComparison.Ordinal);
    }

    // ---- the checklist, one rule at a time ----

    [Fact]
    public void Act_SubjectHoldingTheRole_BreaksRecused() =>
        AssertBroken(MatterRuleCodes.Recused, () => Act(Registered(), "assign", Subject, OpenedOn, new ActInput(Parties: Assignment)));

    [Fact]
    public void Act_RecusedSubjectOnClosedMatter_BreaksRecusedFirst()
    {
        var closed = Act(Concluded(), "close", InCharge, D("2025-10-10")).Matter;

        AssertBroken(MatterRuleCodes.Recused, () => Act(closed, "close", Subject, D("2025-10-10")));
    }

    [Fact]
    public void Act_UnknownAction_NotFound() =>
        Assert.Throws<NotFoundException>(() => Act(Registered(), "burn", Supervisor, OpenedOn));

    [Fact]
    public void Act_FromFinalState_BreaksFinal()
    {
        var closed = Act(Concluded(), "close", InCharge, D("2025-10-10")).Matter;

        AssertBroken(MatterRuleCodes.Final, () => Act(closed, "close", InCharge, D("2025-10-11")));
    }

    [Fact]
    public void Act_SuspendedMatter_BreaksSuspended()
    {
        var suspended = Replay(Registered(), MatterEngine.Suspend(ElectionPack, Registered(), "等待巡察结论", null, OpenedOn));

        AssertBroken(MatterRuleCodes.Suspended, () => Act(suspended, "assign", Supervisor, OpenedOn, new ActInput(Parties: Assignment)));
    }

    [Fact]
    public void Act_ActionNotFromCurrentState_BreaksActionNotFromState() =>
        AssertBroken(MatterRuleCodes.ActionNotFromState, () => Act(Registered(), "verify", Handler, OpenedOn));

    [Fact]
    public void Act_OfficerNamedNowhere_BreaksNotAuthorised() =>
        AssertBroken(MatterRuleCodes.NotAuthorised, () => Act(Registered(), "assign", Stranger, OpenedOn, new ActInput(Parties: Assignment)));

    [Fact]
    public void Act_PartyActionByAnotherParty_BreaksNotAuthorised() =>
        AssertBroken(MatterRuleCodes.NotAuthorised, () => Act(Assigned(), "verify", InCharge, OpenedOn));

    [Fact]
    public void Act_CitizenFilerWhereActionAllowsCitizen_Acts()
    {
        var pack = Builder().Kind("report", "换届纪律举报", k => k
            .Field("rating", FieldType.Choice, options: ["满意", "基本满意", "不满意"])
            .Action("rate", ["concluded", "closed"], "concluded", [CitizenSpec], sets: ["rating"])).Build();
        var filer = ActingAs.Citizen("李四");
        var other = ActingAs.Citizen("王五") with { IsCitizenFiler = false };

        var acted = Single<MatterActed>(MatterEngine.Act(pack, Concluded(pack: pack), "rate",
            new ActInput(Fields: new Dictionary<string, JsonNode?> { ["rating"] = "满意" }), filer, D("2025-10-10"), Cal));

        Assert.Equal("满意", acted.Changes["rating"]!.GetValue<string>());
        AssertBroken(MatterRuleCodes.NotAuthorised, () => MatterEngine.Act(pack, Concluded(pack: pack), "rate", new ActInput(), other, D("2025-10-10"), Cal));
    }

    [Fact]
    public void Act_SanctionWhenFoundUntrue_BreaksConditionFalse() =>
        AssertBroken(MatterRuleCodes.ConditionFalse, () => Act(Concluded("不属实"), "sanction", Discipline, D("2025-10-10")));

    [Fact]
    public void Act_ConcludeWithoutOutcomeAndConclusion_FieldErrorsNameBoth() =>
        AssertFieldErrors(() => Act(Verifying(), "conclude", Handler, D("2025-10-09"), Conclusion() with { Fields = null }), "outcome", "conclusion");

    [Fact]
    public void Act_AssignWithoutInCharge_FieldErrorNamesTheParty() =>
        AssertFieldErrors(() => Act(Registered(), "assign", Supervisor, OpenedOn,
            new ActInput(Parties: new Dictionary<string, IReadOnlyList<Guid>> { ["handler"] = [HandlerId] })), "in_charge");

    [Fact]
    public void Act_RequiredPartyGivenBadly_ReportsTheBadValueOnly()
    {
        var input = new ActInput(Parties: new Dictionary<string, IReadOnlyList<Guid>> { ["handler"] = [HandlerId, StrangerId], ["in_charge"] = [InChargeId] });

        var errors = Assert.Throws<FieldErrorsException>(() => Act(Registered(), "assign", Supervisor, OpenedOn, input)).Errors;

        Assert.Equal(["handler"], errors.Keys);
        Assert.Single(errors["handler"]);
    }

    [Fact]
    public void Act_FieldOrPartyOutsideSets_FieldErrors()
    {
        var input = Conclusion() with
        {
            Fields = new Dictionary<string, JsonNode?> { ["outcome"] = "属实", ["conclusion"] = "经查属实", ["content"] = "改写举报内容" },
            Parties = new Dictionary<string, IReadOnlyList<Guid>> { ["subject"] = [StrangerId] },
        };

        AssertFieldErrors(() => Act(Verifying(), "conclude", Handler, D("2025-10-09"), input), "content", "subject");
    }

    [Fact]
    public void Act_BadValueAndMissingRequired_ReportedTogether()
    {
        var input = Conclusion() with { Fields = new Dictionary<string, JsonNode?> { ["outcome"] = "大概属实" } };

        AssertFieldErrors(() => Act(Verifying(), "conclude", Handler, D("2025-10-09"), input), "outcome", "conclusion");
    }

    [Fact]
    public void Act_CommentTooLong_FieldError() =>
        AssertFieldErrors(() => Act(Assigned(), "verify", Handler, OpenedOn, new ActInput(Comment: new string('字', 2001))), "comment");

    [Fact]
    public void Act_ConcludeNotConfirmed_BreaksConfirmRequired() =>
        AssertBroken(MatterRuleCodes.ConfirmRequired, () => Act(Verifying(), "conclude", Handler, D("2025-10-09"), Conclusion() with { Confirmed = false }));

    [Fact]
    public void Act_ConcludeSignedByHandlerOnly_BreaksSignoffMissing() =>
        AssertBroken(MatterRuleCodes.SignoffMissing, () => Act(Verifying(), "conclude", Handler, D("2025-10-09"), Conclusion(signers: [HandlerId])));

    [Fact]
    public void Act_ConcludeSignedByStranger_BreaksSignoffMissing() =>
        AssertBroken(MatterRuleCodes.SignoffMissing, () => Act(Verifying(), "conclude", Handler, D("2025-10-09"), Conclusion(signers: [HandlerId, StrangerId])));

    [Fact]
    public void Act_SamePersonSignsTwice_BreaksSignoffSamePerson() =>
        AssertBroken(MatterRuleCodes.SignoffSamePerson, () => Act(Verifying(inCharge: HandlerId), "conclude", Handler, D("2025-10-09"), Conclusion(signers: [HandlerId, HandlerId])));

    [Fact]
    public void Act_HandlerAlsoInChargeSignsOnce_BreaksSignoffSamePerson() =>
        AssertBroken(MatterRuleCodes.SignoffSamePerson, () => Act(Verifying(inCharge: HandlerId), "conclude", Handler, D("2025-10-09"), Conclusion(signers: [HandlerId])));

    [Fact]
    public void Act_RepeatedSignerBesidesTheTwo_BreaksSignoffSamePerson() =>
        AssertBroken(MatterRuleCodes.SignoffSamePerson, () => Act(Verifying(), "conclude", Handler, D("2025-10-09"), Conclusion(signers: [HandlerId, InChargeId, HandlerId])));

    [Fact]
    public void Act_SignoffByRole_UsesTheStoresRoleLookup()
    {
        var pack = Builder().Kind("report", "换届纪律举报", k => k
            .Action("conclude", ["verifying"], "concluded", [PartySpec("handler")], sets: ["outcome", "conclusion"],
                signoff: [PartySpec("handler"), RoleSpec("discipline")])).Build();
        var matter = Verifying(pack);
        var input = Conclusion(signers: [HandlerId, DisciplineId]);

        AssertBroken(MatterRuleCodes.SignoffMissing, () => MatterEngine.Act(pack, matter, "conclude", input, Handler, D("2025-10-09"), Cal));
        var lookups = new MatterLookups(RolesOf: p => p == DisciplineId ? new HashSet<string> { "discipline" } : new HashSet<string>());
        Assert.Single(MatterEngine.Act(pack, matter, "conclude", input, Handler, D("2025-10-09"), Cal, lookups).OfType<MatterActed>());
    }

    // ---- clocks ----

    [Fact]
    public void Act_AwaitMaterial_PausesClockAndResumeMovesDue()
    {
        var (paused, pauseFacts) = Act(Verifying(), "await-material", Handler, D("2025-10-09"), new ActInput(Comment: "等待补充材料"));
        var (resumed, resumeFacts) = Act(paused, "material-received", Handler, D("2025-10-13"));

        var p = Single<MatterClockPaused>(pauseFacts);
        Assert.Equal(("matter.clock-paused", "verification", D("2025-10-09"), "等待补充材料"), (p.Type, p.Clock, p.Date, p.Reason));
        Assert.True(paused.ClockOf("verification")!.Clock.IsPaused);
        Assert.Equal("matter.clock-resumed", Single<MatterClockResumed>(resumeFacts).Type);
        Assert.Equal(D("2025-10-15"), resumed.ClockOf("verification")!.Clock.Due(Cal)); // 4 days later
    }

    [Fact]
    public void Act_PauseTriggerOnPausedClock_DoesNothingMore()
    {
        var paused = Act(Verifying(), "await-material", Handler, D("2025-10-09")).Matter;

        var facts = Act(paused, "await-material", Handler, D("2025-10-10")).Facts;

        Assert.Empty(facts.OfType<MatterClockPaused>());
    }

    [Fact]
    public void Act_EnteringFinalState_StopsEveryRunningClock()
    {
        var pack = Builder().Kind("report", "换届纪律举报", k => k
            .Clock("follow-up", starts: ["concluded"], limit: "3 working days")).Build();
        var concluded = Concluded(pack: pack);
        Assert.False(concluded.ClockOf("follow-up")!.Clock.IsStopped);

        var (closed, facts) = Act(concluded, "close", InCharge, D("2025-10-10"), pack: pack);

        Assert.Equal("follow-up", Single<MatterClockStopped>(facts).Clock);
        Assert.All(closed.Clocks, c => Assert.True(c.Clock.IsStopped));
    }

    [Fact]
    public void Act_StartTriggerOnStoppedClock_StartsItAgain()
    {
        var pack = Builder().Kind("report", "换届纪律举报", k => k
            .Action("reopen", ["concluded"], "registered", [RoleSpec("cadre-supervision")])).Build();

        var (matter, facts) = Act(Concluded(pack: pack), "reopen", Supervisor, D("2025-10-10"), pack: pack);

        var started = Single<MatterClockStarted>(facts);
        Assert.Equal((D("2025-10-10"), D("2025-10-27")), (started.Date, started.Due)); // 10-25 is a Saturday: rolls to Monday
        Assert.False(matter.ClockOf("verification")!.Clock.IsStopped);
    }

    [Fact]
    public void Act_PeriodicClockOnItsAction_Restarts()
    {
        // A long-term rectification item: each progress report starts a new period.
        var pack = Builder().Kind("report", "换届纪律举报", k => k
            .Action("report-progress", ["verifying"], "verifying", [PartySpec("handler")])
            .Clock("progress", starts: ["verifying", "action:report-progress"], limit: "1 month", periodic: true)).Build();
        var verifying = Verifying(pack);
        Assert.Equal(D("2025-10-29"), verifying.ClockOf("progress")!.Clock.Due(Cal));

        var (matter, facts) = Act(verifying, "report-progress", Handler, D("2025-10-20"), pack: pack);

        Assert.Equal("progress", Single<MatterClockStopped>(facts).Clock);
        Assert.Equal(D("2025-11-20"), Single<MatterClockStarted>(facts).Due);
        var progress = matter.ClockOf("progress")!;
        Assert.Equal((D("2025-10-20"), 0), (progress.Clock.StartDate, progress.StepsDone));
    }

    [Fact]
    public void Act_StayingInSameState_DoesNotCountAsEnteringIt()
    {
        var pack = Builder().Kind("report", "换届纪律举报", k => k
            .Clock("verify-step", starts: ["verifying"], limit: "5 days")).Build();
        var verifying = Verifying(pack);

        var facts = Act(verifying, "await-material", Handler, D("2025-10-01"), pack: pack).Facts;

        Assert.Empty(facts.OfType<MatterClockStarted>());
        Assert.Empty(facts.OfType<MatterClockStopped>());
    }

    // ---- effects ----

    [Fact]
    public void Act_Sanction_PublishesTypicalCaseAndEmitsEventWithoutSecrets()
    {
        var facts = Act(Concluded(), "sanction", Discipline, D("2025-10-10")).Facts;

        var published = Single<MatterPublished>(facts);
        Assert.Equal(("matter.published", "typical-cases"), (published.Type, published.Publication));
        var emitted = Single<EventEmitted>(facts);
        Assert.Equal(("matter.event", "report.verified", "report", "sanction", "sanctioned"), (emitted.Type, emitted.Name, emitted.Kind, emitted.Action, emitted.State));
        Assert.Equal("属实", emitted.Fields["outcome"]!.GetValue<string>());
        Assert.False(emitted.Fields.ContainsKey("reporter"));
        Assert.Equal([SubjectId], emitted.Parties["subject"]);
    }

    [Fact]
    public void Act_OpenEffect_RequestsLinkedMatterAboutParty()
    {
        var pack = Builder().Kind("report", "换届纪律举报", k => k
            .Action("refer", ["concluded"], "concluded", [RoleSpec("discipline")],
                effects: [OpenEffect(OpenKind("talk", "party:subject", ("type", "诫勉谈话")))])).Build();

        var requested = Single<LinkedMatterRequested>(Act(Concluded(pack: pack), "refer", Discipline, D("2025-10-10"), pack: pack).Facts);

        Assert.Equal(("matter.linked-requested", "talk", SubjectId, "led-to", "action:refer"),
            (requested.Type, requested.Kind, requested.About, requested.Relation, requested.Source));
        Assert.Equal("诫勉谈话", requested.Fields["type"]!.GetValue<string>());
    }

    [Fact]
    public void Act_SuspendAndResumeLinked_NameTheLinkedMatters()
    {
        var inspection = Guid.Parse("0197b000-0000-7000-8000-0000000000f1");
        var pack = Builder().Kind("report", "换届纪律举报", k => k
            .Action("hold-inspection", ["verifying"], "verifying", [PartySpec("handler")], effects: [SuspendLinked("inspection")])
            .Action("release-inspection", ["verifying"], "verifying", [PartySpec("handler")], effects: [ResumeLinked("inspection")])
            .Action("link", ["verifying"], "verifying", [PartySpec("handler")], sets: ["inspection"])).Build();
        var linked = Act(Verifying(pack), "link", Handler, D("2025-10-01"),
            new ActInput(Fields: new Dictionary<string, JsonNode?> { ["inspection"] = inspection.ToString() }), pack).Matter;

        var suspended = Single<LinkedSuspended>(Act(linked, "hold-inspection", Handler, D("2025-10-02"), pack: pack).Facts);
        var resumed = Single<LinkedResumed>(Act(linked, "release-inspection", Handler, D("2025-10-02"), pack: pack).Facts);

        Assert.Equal(("matter.linked-suspended", "inspection", inspection), (suspended.Type, suspended.Link, Assert.Single(suspended.Targets)));
        Assert.Equal(("matter.linked-resumed", inspection), (resumed.Type, Assert.Single(resumed.Targets)));
    }

    [Fact]
    public void Act_ChangingMatterField_UnlinksOldAndLinksNew()
    {
        var first = Guid.Parse("0197b000-0000-7000-8000-0000000000f1");
        var second = Guid.Parse("0197b000-0000-7000-8000-0000000000f2");
        var pack = Builder().Kind("report", "换届纪律举报", k => k
            .Action("link", ["verifying"], "verifying", [PartySpec("handler")], sets: ["inspection"])).Build();
        ActInput Link(Guid g) => new(Fields: new Dictionary<string, JsonNode?> { ["inspection"] = g.ToString() });
        var once = Act(Verifying(pack), "link", Handler, D("2025-10-01"), Link(first), pack).Matter;

        var (twice, facts) = Act(once, "link", Handler, D("2025-10-01"), Link(second), pack);

        Assert.Equal(new MatterUnlinked(MatterId, "inspection", first), Single<MatterUnlinked>(facts));
        Assert.Equal(second, Single<MatterLinked>(facts).OtherId);
        Assert.Equal(second, Assert.Single(twice.Links).OtherId);
    }

    // ---- suspension ----

    [Fact]
    public void Suspend_RunningMatter_PausesClocksAndResumeResumesThem()
    {
        var verifying = Verifying();
        var suspendFacts = MatterEngine.Suspend(ElectionPack, verifying, "等待巡察结论", MatterId, D("2025-10-01"));
        var suspended = Replay(verifying, suspendFacts);

        var resumed = Replay(suspended, MatterEngine.Resume(ElectionPack, suspended, MatterId, D("2025-10-03")));

        Assert.Equal("matter.suspended", Single<MatterSuspended>(suspendFacts).Type);
        Assert.True(suspended.Suspended);
        Assert.True(suspended.ClockOf("verification")!.Clock.IsPaused);
        Assert.False(resumed.Suspended);
        Assert.False(resumed.ClockOf("verification")!.Clock.IsPaused);
        Assert.Equal(D("2025-10-13"), resumed.ClockOf("verification")!.Clock.Due(Cal)); // paused two days: 10-11 + 2 = Monday 10-13
    }

    [Fact]
    public void Resume_ClockPausedByThePackItself_StaysPaused()
    {
        var paused = Act(Verifying(), "await-material", Handler, D("2025-10-01")).Matter;
        var suspended = Replay(paused, MatterEngine.Suspend(ElectionPack, paused, "等待巡察结论", null, D("2025-10-02")));

        var resumeFacts = MatterEngine.Resume(ElectionPack, suspended, null, D("2025-10-03"));

        Assert.Empty(resumeFacts.OfType<MatterClockResumed>());
    }

    [Fact]
    public void Suspend_AlreadySuspended_BreaksAlreadySuspended()
    {
        var suspended = Replay(Registered(), MatterEngine.Suspend(ElectionPack, Registered(), "一", null, OpenedOn));

        AssertBroken(MatterRuleCodes.AlreadySuspended, () => MatterEngine.Suspend(ElectionPack, suspended, "二", null, OpenedOn));
        AssertBroken(MatterRuleCodes.NotSuspended, () => MatterEngine.Resume(ElectionPack, Registered(), null, OpenedOn));
    }

    [Fact]
    public void Suspend_WithoutReason_FieldError() =>
        AssertFieldErrors(() => MatterEngine.Suspend(ElectionPack, Registered(), " ", null, OpenedOn), "reason");
}
