using Changxiao.Kernel.Calendar;
using static Changxiao.Kernel.Tests.Calendar.Shipped;

namespace Changxiao.Kernel.Tests.Calendar;

public class ClockTests
{
    // 2025-03-03 is a Monday; + 15 days = Tuesday 2025-03-18.
    private static Clock Natural() => Clock.Start(D("2025-03-03"), TimeLimit.Parse("15日"));

    [Fact]
    public void Due_JustStarted_IsTheLimitsDueDate()
    {
        var clock = Natural();
        Assert.Equal(D("2025-03-18"), clock.Due(Cal));
        Assert.Equal(D("2025-09-30"), Clock.Start(D("2025-09-26"), TimeLimit.Parse("3 working days")).Due(Cal));
    }

    [Fact]
    public void Due_PausedAndResumedNaturalDays_MovesByDaysFromPauseExclusiveToResumeInclusive()
    {
        var clock = Natural().Pause(D("2025-03-05"), "补正材料").Resume(D("2025-03-08"));
        Assert.Equal(D("2025-03-21"), clock.Due(Cal)); // 3 days later
    }

    [Fact]
    public void Due_PauseAndResumeSameDay_DoesNotMove()
    {
        var clock = Natural().Pause(D("2025-03-05"), "x").Resume(D("2025-03-05"));
        Assert.Equal(D("2025-03-18"), clock.Due(Cal));
    }

    [Fact]
    public void Due_ShiftLandingOnHoliday_RollsToNextWorkingDay()
    {
        // 2025-09-01 + 15 = Tue 09-16; paused 15 days → 10-01 (国庆节) → 10-09.
        var clock = Clock.Start(D("2025-09-01"), TimeLimit.Days(15)).Pause(D("2025-09-10"), "x").Resume(D("2025-09-25"));
        Assert.Equal(D("2025-10-09"), clock.Due(Cal));

        var strict = Clock.Start(D("2025-09-01"), TimeLimit.Days(15, strict: true)).Pause(D("2025-09-10"), "x").Resume(D("2025-09-25"));
        Assert.Equal(D("2025-10-01"), strict.Due(Cal));
    }

    [Fact]
    public void Due_PausedAndResumedWorkingDays_MovesByWorkingDaysPaused()
    {
        // due 09-30; paused Mon 09-29 → Thu 10-09: working days in (09-29, 10-09] = 09-30, 10-09 = 2 → 10-10.
        var clock = Clock.Start(D("2025-09-26"), TimeLimit.WorkingDays(3)).Pause(D("2025-09-29"), "x").Resume(D("2025-10-09"));
        Assert.Equal(D("2025-10-10"), clock.Due(Cal));
    }

    [Fact]
    public void Due_WhilePaused_IsTheDueDateAsItStoodAtThePause()
    {
        var clock = Natural().Pause(D("2025-03-10"), "x");
        Assert.Equal(D("2025-03-18"), clock.Due(Cal));
        Assert.True(clock.IsPaused);
        Assert.Equal(D("2025-03-10"), clock.PausedOn);
    }

    [Fact]
    public void Due_ExtendedByLimit_CountsFromCurrentDue()
    {
        var clock = Natural().Extend(TimeLimit.Parse("10日"), "情况复杂");
        Assert.Equal(D("2025-03-28"), clock.Due(Cal));

        var working = Clock.Start(D("2025-09-26"), TimeLimit.WorkingDays(3)).Extend(TimeLimit.WorkingDays(2), "延长");
        Assert.Equal(D("2025-10-10"), working.Due(Cal)); // 09-30 + 2 working days: 10-09, 10-10
    }

    [Fact]
    public void Due_ExtendedToExplicitDate_IsThatDate()
    {
        var clock = Natural().Extend(D("2025-04-30"), "批准延期");
        Assert.Equal(D("2025-04-30"), clock.Due(Cal));
        Assert.Equal(D("2025-04-30"), Natural().ExtendTo(D("2025-04-30"), "批准延期", D("2025-03-10"), Cal).Due(Cal));
    }

    [Fact]
    public void Due_PauseThenExtendThenResume_AppliesBoth()
    {
        var clock = Natural()
            .Pause(D("2025-03-05"), "x")
            .Extend(TimeLimit.Days(10), "y", D("2025-03-06"))
            .Resume(D("2025-03-08"));
        Assert.Equal(D("2025-03-31"), clock.Due(Cal)); // 03-18 + 10 = 03-28, + 3 paused = 03-31
    }

    [Fact]
    public void Due_StoppedWhilePaused_EndsThePauseOnTheStopDate()
    {
        // 03-18 + 5 days paused = Sun 03-23 → Mon 03-24.
        var clock = Natural().Pause(D("2025-03-10"), "x").Stop(D("2025-03-15"));
        Assert.Equal(D("2025-03-24"), clock.Due(Cal));
        Assert.Equal(ClockState.Stopped, clock.Status(D("2025-04-01"), Cal).State);
    }

    [Theory]
    [InlineData("2025-03-10", ClockState.Running, 8)]
    [InlineData("2025-03-18", ClockState.Running, 0)]
    [InlineData("2025-03-19", ClockState.Overdue, -1)]
    [InlineData("2025-04-01", ClockState.Overdue, -14)]
    public void Status_RunningNaturalDays_GivesStateAndDaysLeft(string today, ClockState state, int daysLeft)
    {
        var status = Natural().Status(D(today), Cal);
        Assert.Equal(state, status.State);
        Assert.Equal(daysLeft, status.DaysLeft);
        Assert.Equal(daysLeft, Natural().DaysLeft(D(today), Cal));
        Assert.Equal(D("2025-03-18"), status.Due);
        Assert.False(status.InWorkingDays);
        Assert.False(status.StoppedLate);
    }

    [Theory]
    [InlineData("2025-09-26", ClockState.Running, 3)]
    [InlineData("2025-09-29", ClockState.Running, 1)]
    [InlineData("2025-09-30", ClockState.Running, 0)]
    [InlineData("2025-10-09", ClockState.Overdue, -1)] // the holiday days do not count
    [InlineData("2025-10-11", ClockState.Overdue, -3)] // 10-09, 10-10, make-up 10-11
    public void Status_RunningWorkingDays_CountsDaysLeftInWorkingDays(string today, ClockState state, int daysLeft)
    {
        var status = Clock.Start(D("2025-09-26"), TimeLimit.WorkingDays(3)).Status(D(today), Cal);
        Assert.Equal(state, status.State);
        Assert.Equal(daysLeft, status.DaysLeft);
        Assert.True(status.InWorkingDays);
    }

    [Fact]
    public void Status_Paused_IsPausedWithDaysLeftFrozenAtThePause()
    {
        var status = Natural().Pause(D("2025-03-10"), "x").Status(D("2025-06-01"), Cal);
        Assert.Equal(ClockState.Paused, status.State);
        Assert.Equal(8, status.DaysLeft);
        Assert.Equal(D("2025-03-10"), status.PausedOn);
    }

    [Fact]
    public void Status_StoppedAfterDue_IsStoppedLate()
    {
        var status = Natural().Stop(D("2025-03-20")).Status(D("2025-06-01"), Cal);
        Assert.Equal(ClockState.Stopped, status.State);
        Assert.True(status.StoppedLate);
        Assert.Equal(-2, status.DaysLeft);
        Assert.Equal(D("2025-03-20"), status.StoppedOn);
    }

    [Theory]
    [InlineData("2025-03-17")]
    [InlineData("2025-03-18")] // on the due date is in time
    public void Status_StoppedOnOrBeforeDue_IsNotLate(string stop)
    {
        var status = Natural().Stop(D(stop)).Status(D("2025-06-01"), Cal);
        Assert.Equal(ClockState.Stopped, status.State);
        Assert.False(status.StoppedLate);
    }

    [Fact]
    public void Transitions_ReturnNewClocks_OriginalUnchanged()
    {
        var started = Natural();
        var paused = started.Pause(D("2025-03-05"), "x");
        Assert.False(started.IsPaused);
        Assert.Single(started.Events);
        Assert.Equal(2, paused.Events.Count);
        Assert.IsType<ClockPaused>(paused.Events[1]);
    }

    public static TheoryData<string, Func<Clock>> IllegalTransitions() => new()
    {
        { ClockErrorCodes.AlreadyPaused, () => Natural().Pause(D("2025-03-05"), "x").Pause(D("2025-03-06"), "y") },
        { ClockErrorCodes.NotPaused, () => Natural().Resume(D("2025-03-05")) },
        { ClockErrorCodes.NotPaused, () => Natural().Pause(D("2025-03-05"), "x").Resume(D("2025-03-06")).Resume(D("2025-03-07")) },
        { ClockErrorCodes.AlreadyStopped, () => Natural().Stop(D("2025-03-10")).Pause(D("2025-03-11"), "x") },
        { ClockErrorCodes.AlreadyStopped, () => Natural().Pause(D("2025-03-05"), "x").Stop(D("2025-03-10")).Resume(D("2025-03-11")) },
        { ClockErrorCodes.AlreadyStopped, () => Natural().Stop(D("2025-03-10")).Stop(D("2025-03-11")) },
        { ClockErrorCodes.AlreadyStopped, () => Natural().Stop(D("2025-03-10")).Extend(TimeLimit.Days(5), "x") },
        { ClockErrorCodes.AlreadyStopped, () => Natural().Stop(D("2025-03-10")).Extend(D("2025-05-01"), "x") },
        { ClockErrorCodes.DateOutOfOrder, () => Natural().Pause(D("2025-03-01"), "before start") },
        { ClockErrorCodes.DateOutOfOrder, () => Natural().Pause(D("2025-03-05"), "x").Resume(D("2025-03-04")) },
        { ClockErrorCodes.DateOutOfOrder, () => Natural().Pause(D("2025-03-05"), "x").Resume(D("2025-03-06")).Stop(D("2025-03-05")) },
        { ClockErrorCodes.ReasonRequired, () => Natural().Pause(D("2025-03-05"), " ") },
        { ClockErrorCodes.ReasonRequired, () => Natural().Extend(TimeLimit.Days(5), "") },
        { ClockErrorCodes.ExtensionNotLater, () => Natural().Extend(D("2025-03-03"), "x") },
        { ClockErrorCodes.ExtensionNotLater, () => Natural().ExtendTo(D("2025-03-15"), "x", calendar: Cal) },
    };

    [Theory]
    [MemberData(nameof(IllegalTransitions))]
    public void Transition_Illegal_ThrowsWithStableCode(string code, Func<Clock> act)
    {
        var ex = Assert.Throws<ClockException>(act);
        Assert.Equal(code, ex.Code);
        Assert.Contains(code, ex.Message);
    }

    [Fact]
    public void FromEvents_StoredHistory_RebuildsTheSameClock()
    {
        var clock = Natural()
            .Pause(D("2025-03-05"), "x")
            .Resume(D("2025-03-08"))
            .Extend(TimeLimit.Days(10), "y")
            .Extend(D("2025-05-06"), "z")
            .Stop(D("2025-05-01"));

        var copy = Clock.FromEvents(clock.Events.ToArray());
        Assert.Equal(clock.Events, copy.Events);
        Assert.Equal(clock.Due(Cal), copy.Due(Cal));
        Assert.Equal(D("2025-05-06"), copy.Due(Cal));
        Assert.True(copy.IsStopped);
    }

    [Fact]
    public void FromEvents_BadHistory_ThrowsWithCode()
    {
        Assert.Equal(ClockErrorCodes.BadHistory, Assert.Throws<ClockException>(() => Clock.FromEvents([])).Code);
        Assert.Equal(
            ClockErrorCodes.BadHistory,
            Assert.Throws<ClockException>(() => Clock.FromEvents([new ClockResumed(D("2025-03-03"))])).Code);
        Assert.Equal(
            ClockErrorCodes.BadHistory,
            Assert.Throws<ClockException>(() => Clock.FromEvents(
                [new ClockStarted(D("2025-03-03"), TimeLimit.Days(1)), new ClockExtended(null, null, "x")])).Code);
        Assert.Equal(
            ClockErrorCodes.NotPaused,
            Assert.Throws<ClockException>(() => Clock.FromEvents(
                [new ClockStarted(D("2025-03-03"), TimeLimit.Days(1)), new ClockResumed(D("2025-03-04"))])).Code);
    }

    [Fact]
    public void Due_ExplicitExtensionEarlierThanComputedDue_NeverShortens()
    {
        // Accepted without a calendar (cannot be checked then), but never moves the due date earlier.
        var clock = Natural().Extend(TimeLimit.Days(30), "x").Extend(D("2025-03-20"), "y");
        Assert.Equal(TimeLimit.Days(30).Due(D("2025-03-18"), Cal), clock.Due(Cal));
    }
}
