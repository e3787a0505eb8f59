using Changxiao.Kernel.Journal;
using Changxiao.Kernel.Matters;
using static Changxiao.Kernel.Tests.Matters.Election;
using static Changxiao.Kernel.Tests.Matters.PackBuilder;

namespace Changxiao.Kernel.Tests.Matters;

/// <summary>
/// The three-step ladder on the verification clock of a report opened Friday 2025-09-26, due Saturday 2025-10-11
/// (a make-up working day): yellow on 2025-10-08 (3 natural days before, inside the National Day holiday), red on
/// 2025-10-11, a talk about the person in charge on 2025-10-16.
/// </summary>
public class MatterSweepTests
{
    private static IReadOnlyList<IFact> Sweep(MatterSnapshot matter, string on) => MatterEngine.Sweep(ElectionPack, matter, D(on), Cal);

    private static MatterSnapshot SweptThrough(MatterSnapshot matter, string on) => Replay(matter, Sweep(matter, on));

    [Fact]
    public void Sweep_DayBeforeYellow_YieldsNothing() =>
        Assert.Empty(Sweep(Assigned(), "2025-10-07"));

    [Fact]
    public void Sweep_OnYellowDate_ReachesStepZeroAndNotifiesHandler()
    {
        var facts = Sweep(Assigned(), "2025-10-08");

        Assert.Equal(2, facts.Count);
        var step = Assert.IsType<ClockStepReached>(facts[0]);
        Assert.Equal(("matter.clock-step", "verification", 0, "yellow", D("2025-10-08"), D("2025-10-11")),
            (step.Type, step.Clock, step.Step, step.Level, step.Date, step.Due));
        var notify = Assert.IsType<NotificationRequested>(facts[1]);
        Assert.Equal(("matter.notification", 0, "yellow"), (notify.Type, notify.Step, notify.Level));
        Assert.Equal([HandlerId], notify.People);
        Assert.Empty(notify.Roles);
    }

    [Fact]
    public void Sweep_OnDueDate_RedNotifiesHandlerAndPersonInCharge()
    {
        var yellow = SweptThrough(Assigned(), "2025-10-08");

        var facts = Sweep(yellow, "2025-10-11");

        var step = Single<ClockStepReached>(facts);
        Assert.Equal((1, "red"), (step.Step, step.Level));
        Assert.Equal([HandlerId, InChargeId], Single<NotificationRequested>(facts).People);
    }

    [Fact]
    public void Sweep_FiveDaysAfterDue_RequestsTalkAboutPersonInCharge()
    {
        var red = SweptThrough(SweptThrough(Assigned(), "2025-10-08"), "2025-10-11");

        var facts = Sweep(red, "2025-10-16");

        var step = Single<ClockStepReached>(facts);
        Assert.Equal((2, (string?)null, D("2025-10-16")), (step.Step, step.Level, step.Date));
        var talk = Single<LinkedMatterRequested>(facts);
        Assert.Equal(("talk", InChargeId, MatterRelations.LedTo, "clock:verification#2"), (talk.Kind, talk.About, talk.Relation, talk.Source));
        Assert.Equal("压案不查", talk.Fields["type"]!.GetValue<string>());
        Assert.Empty(facts.OfType<NotificationRequested>());
    }

    [Fact]
    public void Sweep_AfterMissedDays_FiresEveryDueStepInOrder()
    {
        var facts = Sweep(Assigned(), "2025-10-20");

        Assert.Equal([0, 1, 2], facts.OfType<ClockStepReached>().Select(s => s.Step));
        Assert.Equal(
            [typeof(ClockStepReached), typeof(NotificationRequested), typeof(ClockStepReached), typeof(NotificationRequested), typeof(ClockStepReached), typeof(LinkedMatterRequested)],
            facts.Select(f => f.GetType()));
    }

    [Fact]
    public void Sweep_SameDayAgainAfterApplying_YieldsNothing()
    {
        var swept = SweptThrough(Assigned(), "2025-10-11");

        Assert.Empty(Sweep(swept, "2025-10-11"));
        var clock = swept.ClockOf("verification")!;
        Assert.Equal((2, "red"), (clock.StepsDone, clock.Level));
    }

    [Fact]
    public void Sweep_LevellessStep_KeepsTheLevelReached()
    {
        var swept = SweptThrough(Assigned(), "2025-10-16");

        Assert.Equal((3, "red"), (swept.ClockOf("verification")!.StepsDone, swept.ClockOf("verification")!.Level));
        Assert.Empty(Sweep(swept, "2025-12-31"));
    }

    [Fact]
    public void Sweep_PausedClock_YieldsNothing()
    {
        var paused = Act(Verifying(), "await-material", Handler, D("2025-10-01")).Matter;

        Assert.Empty(Sweep(paused, "2025-10-20"));
    }

    [Fact]
    public void Sweep_StoppedClock_YieldsNothing() =>
        Assert.Empty(Sweep(Concluded(), "2025-10-20"));

    [Fact]
    public void Sweep_AfterPauseAndResume_StepsMoveWithTheDueDate()
    {
        var paused = Act(Verifying(), "await-material", Handler, D("2025-10-01")).Matter;
        var resumed = Act(paused, "material-received", Handler, D("2025-10-06")).Matter; // 5 days: due 10-16

        Assert.Empty(Sweep(resumed, "2025-10-12"));
        Assert.Equal(D("2025-10-13"), Single<ClockStepReached>(Sweep(resumed, "2025-10-13")).Date);
    }

    [Fact]
    public void Sweep_BeforeAssignment_NotifiesNobodyButStillRecordsStep()
    {
        var facts = Sweep(Registered(), "2025-10-08");

        Assert.Single(facts.OfType<ClockStepReached>());
        Assert.Empty(facts.OfType<NotificationRequested>());
    }

    [Fact]
    public void Sweep_WorkingDayOffsetAcrossHoliday_CountsWorkingDaysBack()
    {
        // 3 working days before Saturday 10-11 (调休): 10-10, 10-09, then over the holiday 10-01..08 to Tuesday 09-30.
        var pack = Builder().Ladder("three-step", Step(-3, "yellow", notify: [RoleSpec("cadre-supervision")], workingDays: true, bulletin: true)).Build();
        var matter = Registered(pack);

        Assert.Empty(MatterEngine.Sweep(pack, matter, D("2025-09-29"), Cal));
        var facts = MatterEngine.Sweep(pack, matter, D("2025-09-30"), Cal);

        Assert.Equal(D("2025-09-30"), Single<ClockStepReached>(facts).Date);
        Assert.Equal(["cadre-supervision"], Single<NotificationRequested>(facts).Roles);
        Assert.Equal("matter.bulletin", Single<BulletinListed>(facts).Type);
    }

    [Fact]
    public void Sweep_NotifyNamesRecusedParty_SubjectIsNotTold()
    {
        var pack = Builder().Ladder("three-step", Step(0, "red", notify: [PartySpec("subject"), PartySpec("handler")])).Build();

        var notify = Single<NotificationRequested>(MatterEngine.Sweep(pack, Assigned(pack), D("2025-10-11"), Cal));

        Assert.Equal([HandlerId], notify.People);
    }

    // ---- NextCheck ----

    [Fact]
    public void NextCheck_NewMatter_IsTheYellowDate() =>
        Assert.Equal(D("2025-10-08"), MatterEngine.NextCheck(ElectionPack, Assigned(), Cal));

    [Fact]
    public void NextCheck_AfterYellow_IsTheDueDateThenTheTalkDate()
    {
        var yellow = SweptThrough(Assigned(), "2025-10-08");
        var red = SweptThrough(yellow, "2025-10-11");

        Assert.Equal(D("2025-10-11"), MatterEngine.NextCheck(ElectionPack, yellow, Cal));
        Assert.Equal(D("2025-10-16"), MatterEngine.NextCheck(ElectionPack, red, Cal));
    }

    [Fact]
    public void NextCheck_AllStepsFired_IsNull() =>
        Assert.Null(MatterEngine.NextCheck(ElectionPack, SweptThrough(Assigned(), "2025-10-16"), Cal));

    [Fact]
    public void NextCheck_PausedOrStopped_IsNull()
    {
        Assert.Null(MatterEngine.NextCheck(ElectionPack, Act(Verifying(), "await-material", Handler, D("2025-10-01")).Matter, Cal));
        Assert.Null(MatterEngine.NextCheck(ElectionPack, Concluded(), Cal));
    }

    [Fact]
    public void StepDate_ZeroOffset_IsTheDueDate() =>
        Assert.Equal(D("2025-10-11"), MatterEngine.StepDate(D("2025-10-11"), Step(0, "red"), Cal));
}
