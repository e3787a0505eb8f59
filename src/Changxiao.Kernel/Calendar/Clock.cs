namespace Changxiao.Kernel.Calendar;

/// <summary>One event in a <see cref="Clock"/>'s history. Dates are Asia/Shanghai local dates.</summary>
public abstract record ClockEvent
{
    private protected ClockEvent()
    {
    }

    /// <summary>The day the event happened, when it has one (an extension may be undated).</summary>
    public abstract DateOnly? On { get; }
}

/// <summary>The clock started on <paramref name="Date"/> (not counted) with <paramref name="Limit"/>.</summary>
public sealed record ClockStarted(DateOnly Date, TimeLimit Limit) : ClockEvent
{
    public override DateOnly? On => Date;
}

/// <summary>The clock was paused (中止/暂停) on <paramref name="Date"/>.</summary>
public sealed record ClockPaused(DateOnly Date, string Reason) : ClockEvent
{
    public override DateOnly? On => Date;
}

/// <summary>The clock was resumed on <paramref name="Date"/>.</summary>
public sealed record ClockResumed(DateOnly Date) : ClockEvent
{
    public override DateOnly? On => Date;
}

/// <summary>
/// The time limit was extended (延长), either by <paramref name="Extra"/> counted from the current due date, or to
/// the explicit <paramref name="NewDue"/>; exactly one of the two is set. <paramref name="Date"/> is the day the
/// extension was decided, when known.
/// </summary>
public sealed record ClockExtended(TimeLimit? Extra, DateOnly? NewDue, string Reason, DateOnly? Date = null) : ClockEvent
{
    public override DateOnly? On => Date;
}

/// <summary>The clock was stopped (the act was done, or the matter closed) on <paramref name="Date"/>.</summary>
public sealed record ClockStopped(DateOnly Date) : ClockEvent
{
    public override DateOnly? On => Date;
}

/// <summary>A clock's state as seen on a given day.</summary>
public enum ClockState
{
    /// <summary>Counting, due date not yet passed (today ≤ due).</summary>
    Running,

    /// <summary>Paused: the count is frozen until resumed.</summary>
    Paused,

    /// <summary>Stopped; see <see cref="ClockStatus.StoppedLate"/>.</summary>
    Stopped,

    /// <summary>Running and the due date has passed (today &gt; due).</summary>
    Overdue,
}

/// <summary>
/// A clock's status on a day. <see cref="DaysLeft"/> is in the limit's unit (working days for a working-day
/// limit, natural days otherwise) and negative when late. For a paused clock it is frozen at the pause date; for a
/// stopped clock it is taken at the stop date (negative when <see cref="StoppedLate"/>).
/// </summary>
public sealed record ClockStatus(
    ClockState State,
    DateOnly Due,
    int DaysLeft,
    bool InWorkingDays,
    bool StoppedLate,
    DateOnly? PausedOn,
    DateOnly? StoppedOn);

/// <summary>Stable error codes of <see cref="ClockException"/>.</summary>
public static class ClockErrorCodes
{
    /// <summary>Pause of a clock that is already paused.</summary>
    public const string AlreadyPaused = "clock.already-paused";

    /// <summary>Resume of a clock that is not paused.</summary>
    public const string NotPaused = "clock.not-paused";

    /// <summary>Any change to a stopped clock.</summary>
    public const string AlreadyStopped = "clock.already-stopped";

    /// <summary>An event dated before the start or before the previous event.</summary>
    public const string DateOutOfOrder = "clock.date-out-of-order";

    /// <summary>A pause or extension without a reason.</summary>
    public const string ReasonRequired = "clock.reason-required";

    /// <summary>An explicit new due date that is not later than the current due date (or not after the start).</summary>
    public const string ExtensionNotLater = "clock.extension-not-later";

    /// <summary>A history that does not begin with exactly one <see cref="ClockStarted"/>, or a malformed event.</summary>
    public const string BadHistory = "clock.bad-history";
}

/// <summary>An illegal clock transition; <see cref="Code"/> is one of <see cref="ClockErrorCodes"/>.</summary>
public sealed class ClockException : InvalidOperationException
{
    public ClockException(string code, string message)
        : base($"{message} [{code}]")
    {
        Code = code;
    }

    /// <summary>A stable code such as <c>clock.already-paused</c>.</summary>
    public string Code { get; }
}

/// <summary>
/// An immutable, event-driven time-limit clock: <see cref="Start"/> → <see cref="Pause"/> → <see cref="Resume"/>
/// → <see cref="Extend(TimeLimit, string, DateOnly?)"/> → <see cref="Stop"/>. Each transition returns a new clock;
/// illegal ones throw <see cref="ClockException"/> with a stable <see cref="ClockException.Code"/>.
/// The clock stores only events, not dates computed from a calendar, so it can be re-evaluated with a newer calendar.
/// <para>Due date semantics (<see cref="Due"/>), replaying the events in order:</para>
/// <list type="number">
/// <item>Base: <see cref="TimeLimit.Due"/> of the limit from the start date (start day not counted).</item>
/// <item>A pause freezes the clock. On resume the due date moves later by the number of days paused, counted from
/// the pause date (exclusive) to the resume date (inclusive), in the limit's unit: working days for a working-day
/// limit (<see cref="WorkCalendar.WorkingDaysBetween"/>, then <see cref="WorkCalendar.AddWorkingDays"/>), natural
/// days otherwise (then, for a limit that rolls over, a rest day moves to the next working day). Pausing and
/// resuming on the same day moves nothing. Stopping a paused clock ends the pause on the stop date.</item>
/// <item>An extension by a time limit counts that limit from the current due date (its own unit and roll-over);
/// an extension to an explicit date sets the due date to it. An explicit date never shortens the limit: if it is not
/// later than the computed due date (say, after a calendar update) the computed date stands.</item>
/// </list>
/// <para>While paused, <see cref="Due"/> is the due date as it stood at the pause (it moves on resume).</para>
/// </summary>
public sealed class Clock
{
    private readonly ClockEvent[] _events;

    private Clock(ClockEvent[] events, DateOnly start, TimeLimit limit, DateOnly lastDate, DateOnly? pausedOn, DateOnly? stoppedOn)
    {
        _events = events;
        StartDate = start;
        Limit = limit;
        LastEventDate = lastDate;
        PausedOn = pausedOn;
        StoppedOn = stoppedOn;
    }

    /// <summary>The start date (not counted in the limit).</summary>
    public DateOnly StartDate { get; }

    /// <summary>The original time limit; its unit is the unit of pauses and of <see cref="ClockStatus.DaysLeft"/>.</summary>
    public TimeLimit Limit { get; }

    /// <summary>The history, oldest first; the first event is always <see cref="ClockStarted"/>.</summary>
    public IReadOnlyList<ClockEvent> Events => _events;

    /// <summary>The date of the latest dated event; later events may not be dated earlier.</summary>
    public DateOnly LastEventDate { get; }

    /// <summary>The date of the open pause, when paused.</summary>
    public DateOnly? PausedOn { get; }

    /// <summary>The stop date, when stopped.</summary>
    public DateOnly? StoppedOn { get; }

    /// <summary>True while paused.</summary>
    public bool IsPaused => PausedOn is not null;

    /// <summary>True once stopped.</summary>
    public bool IsStopped => StoppedOn is not null;

    /// <summary>Starts a clock on <paramref name="start"/> (not counted) with <paramref name="limit"/>.</summary>
    public static Clock Start(DateOnly start, TimeLimit limit)
    {
        ArgumentNullException.ThrowIfNull(limit);
        return new Clock([new ClockStarted(start, limit)], start, limit, start, null, null);
    }

    /// <summary>
    /// Rebuilds a clock from a stored history, applying the same checks as the transition methods.
    /// Throws <see cref="ClockException"/> (<see cref="ClockErrorCodes.BadHistory"/> or the transition's code).
    /// </summary>
    public static Clock FromEvents(IEnumerable<ClockEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        Clock? clock = null;
        foreach (var e in events)
        {
            if (clock is null)
            {
                clock = e is ClockStarted s
                    ? Start(s.Date, s.Limit ?? throw Error(ClockErrorCodes.BadHistory, "The start event has no time limit."))
                    : throw Error(ClockErrorCodes.BadHistory, $"A clock history must begin with a start event, not {e.GetType().Name}.");
                continue;
            }

            clock = e switch
            {
                ClockStarted => throw Error(ClockErrorCodes.BadHistory, "A clock history has only one start event."),
                ClockPaused p => clock.Pause(p.Date, p.Reason),
                ClockResumed r => clock.Resume(r.Date),
                ClockExtended { Extra: not null, NewDue: null } x => clock.Extend(x.Extra, x.Reason, x.Date),
                ClockExtended { Extra: null, NewDue: not null } x => clock.ExtendTo(x.NewDue.Value, x.Reason, x.Date),
                ClockExtended => throw Error(ClockErrorCodes.BadHistory, "An extension needs exactly one of a time limit or a new due date."),
                ClockStopped st => clock.Stop(st.Date),
                _ => throw Error(ClockErrorCodes.BadHistory, $"Unknown clock event {e.GetType().Name}."),
            };
        }

        return clock ?? throw Error(ClockErrorCodes.BadHistory, "A clock history cannot be empty.");
    }

    /// <summary>Pauses a running clock on <paramref name="date"/> (≥ the last event's date).</summary>
    /// <exception cref="ClockException"><c>clock.already-paused</c>, <c>clock.already-stopped</c>, <c>clock.date-out-of-order</c>, <c>clock.reason-required</c>.</exception>
    public Clock Pause(DateOnly date, string reason)
    {
        EnsureNotStopped("pause");
        if (PausedOn is { } p)
        {
            throw Error(ClockErrorCodes.AlreadyPaused, $"The clock is already paused (since {ChinaDate.Format(p)}).");
        }

        EnsureDate(date, "pause");
        var why = RequireReason(reason, "pause");
        return With(new ClockPaused(date, why), date, pausedOn: date, stoppedOn: null);
    }

    /// <summary>Resumes a paused clock on <paramref name="date"/> (≥ the pause date).</summary>
    /// <exception cref="ClockException"><c>clock.not-paused</c>, <c>clock.already-stopped</c>, <c>clock.date-out-of-order</c>.</exception>
    public Clock Resume(DateOnly date)
    {
        EnsureNotStopped("resume");
        if (PausedOn is null)
        {
            throw Error(ClockErrorCodes.NotPaused, "The clock is running, not paused: there is nothing to resume.");
        }

        EnsureDate(date, "resume");
        return With(new ClockResumed(date), date, pausedOn: null, stoppedOn: null);
    }

    /// <summary>
    /// Extends the limit by <paramref name="extra"/>, counted from the current due date. Allowed while running or
    /// paused. <paramref name="decidedOn"/>, when given, must not be before the last event.
    /// </summary>
    /// <exception cref="ClockException"><c>clock.already-stopped</c>, <c>clock.reason-required</c>, <c>clock.date-out-of-order</c>.</exception>
    public Clock Extend(TimeLimit extra, string reason, DateOnly? decidedOn = null)
    {
        ArgumentNullException.ThrowIfNull(extra);
        EnsureNotStopped("extend");
        var why = RequireReason(reason, "extension");
        if (decidedOn is { } d)
        {
            EnsureDate(d, "extension");
        }

        return With(new ClockExtended(extra, null, why, decidedOn), decidedOn ?? LastEventDate, PausedOn, null);
    }

    /// <summary>
    /// Extends the limit to the explicit date <paramref name="newDue"/>, which must be after the start date, not
    /// before the last event, and — when <paramref name="calendar"/> is given — later than the current due date.
    /// </summary>
    /// <exception cref="ClockException"><c>clock.already-stopped</c>, <c>clock.reason-required</c>, <c>clock.extension-not-later</c>, <c>clock.date-out-of-order</c>.</exception>
    public Clock ExtendTo(DateOnly newDue, string reason, DateOnly? decidedOn = null, WorkCalendar? calendar = null)
    {
        EnsureNotStopped("extend");
        var why = RequireReason(reason, "extension");
        if (decidedOn is { } d)
        {
            EnsureDate(d, "extension");
        }

        if (newDue <= StartDate || newDue < LastEventDate)
        {
            throw Error(
                ClockErrorCodes.ExtensionNotLater,
                $"The new due date {ChinaDate.Format(newDue)} must be after the start {ChinaDate.Format(StartDate)} and not before {ChinaDate.Format(LastEventDate)}.");
        }

        if (calendar is not null && Due(calendar) is var current && newDue <= current)
        {
            throw Error(
                ClockErrorCodes.ExtensionNotLater,
                $"The new due date {ChinaDate.Format(newDue)} is not later than the current due date {ChinaDate.Format(current)}.");
        }

        return With(new ClockExtended(null, newDue, why, decidedOn), decidedOn ?? LastEventDate, PausedOn, null);
    }

    /// <summary>Same as <see cref="ExtendTo"/> (the brief's <c>Extend(new due date, reason)</c>).</summary>
    public Clock Extend(DateOnly newDue, string reason, DateOnly? decidedOn = null, WorkCalendar? calendar = null) =>
        ExtendTo(newDue, reason, decidedOn, calendar);

    /// <summary>Stops the clock on <paramref name="date"/>; a paused clock may be stopped (the pause ends on that date).</summary>
    /// <exception cref="ClockException"><c>clock.already-stopped</c>, <c>clock.date-out-of-order</c>.</exception>
    public Clock Stop(DateOnly date)
    {
        EnsureNotStopped("stop");
        EnsureDate(date, "stop");
        return With(new ClockStopped(date), date, PausedOn, date);
    }

    /// <summary>
    /// The due date: the last day (inclusive) on which the act is in time. See the class remarks for how pauses
    /// and extensions move it. While paused, the open pause is not counted yet.
    /// </summary>
    public DateOnly Due(WorkCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var due = Limit.Due(StartDate, calendar);
        DateOnly? pausedFrom = null;
        foreach (var e in _events)
        {
            switch (e)
            {
                case ClockPaused p:
                    pausedFrom = p.Date;
                    break;
                case ClockResumed r when pausedFrom is { } from:
                    due = Shift(due, PausedDays(from, r.Date, calendar), calendar);
                    pausedFrom = null;
                    break;
                case ClockExtended { Extra: { } extra }:
                    due = extra.Due(due, calendar);
                    break;
                case ClockExtended { NewDue: { } newDue }:
                    if (newDue > due)
                    {
                        due = newDue;
                    }

                    break;
                case ClockStopped s when pausedFrom is { } from:
                    due = Shift(due, PausedDays(from, s.Date, calendar), calendar);
                    pausedFrom = null;
                    break;
            }
        }

        return due;
    }

    /// <summary>
    /// The status on <paramref name="today"/>: Stopped (with <see cref="ClockStatus.StoppedLate"/> when the stop date
    /// is after the due date), Paused, Overdue (running and today &gt; due), or Running.
    /// </summary>
    public ClockStatus Status(DateOnly today, WorkCalendar calendar)
    {
        var due = Due(calendar);
        if (StoppedOn is { } stopped)
        {
            return new ClockStatus(ClockState.Stopped, due, Left(stopped, due, calendar), Limit.CountsWorkingDays, stopped > due, null, stopped);
        }

        if (PausedOn is { } paused)
        {
            return new ClockStatus(ClockState.Paused, due, Left(paused, due, calendar), Limit.CountsWorkingDays, false, paused, null);
        }

        var state = today > due ? ClockState.Overdue : ClockState.Running;
        return new ClockStatus(state, due, Left(today, due, calendar), Limit.CountsWorkingDays, false, null, null);
    }

    /// <summary>
    /// Days left until the due date in the limit's unit (0 on the due date, negative when late): working days in
    /// (today, due] for a working-day limit, natural days otherwise. Frozen at the pause date while paused and at
    /// the stop date once stopped.
    /// </summary>
    public int DaysLeft(DateOnly today, WorkCalendar calendar) => Status(today, calendar).DaysLeft;

    private int Left(DateOnly asOf, DateOnly due, WorkCalendar calendar) =>
        Limit.CountsWorkingDays ? calendar.WorkingDaysBetween(asOf, due) : due.DayNumber - asOf.DayNumber;

    private int PausedDays(DateOnly from, DateOnly to, WorkCalendar calendar) =>
        Limit.CountsWorkingDays ? calendar.WorkingDaysBetween(from, to) : to.DayNumber - from.DayNumber;

    private DateOnly Shift(DateOnly due, int days, WorkCalendar calendar)
    {
        if (days == 0)
        {
            return due;
        }

        if (Limit.CountsWorkingDays)
        {
            return calendar.AddWorkingDays(due, days);
        }

        var d = due.AddDays(days);
        return Limit.RollsOverRestDays ? calendar.NextWorkingDayOrSame(d) : d;
    }

    private Clock With(ClockEvent e, DateOnly lastDate, DateOnly? pausedOn, DateOnly? stoppedOn) =>
        new([.. _events, e], StartDate, Limit, lastDate, pausedOn, stoppedOn);

    private void EnsureNotStopped(string what)
    {
        if (StoppedOn is { } s)
        {
            throw Error(ClockErrorCodes.AlreadyStopped, $"Cannot {what}: the clock was stopped on {ChinaDate.Format(s)}.");
        }
    }

    private void EnsureDate(DateOnly date, string what)
    {
        if (date < LastEventDate)
        {
            throw Error(
                ClockErrorCodes.DateOutOfOrder,
                $"The {what} date {ChinaDate.Format(date)} is before the previous event ({ChinaDate.Format(LastEventDate)}).");
        }
    }

    private static string RequireReason(string? reason, string what) =>
        string.IsNullOrWhiteSpace(reason)
            ? throw Error(ClockErrorCodes.ReasonRequired, $"A {what} needs a reason.")
            : reason.Trim();

    private static ClockException Error(string code, string message) => new(code, message);

    public override string ToString()
    {
        var state = IsStopped ? $"stopped {ChinaDate.Format(StoppedOn!.Value)}"
            : IsPaused ? $"paused {ChinaDate.Format(PausedOn!.Value)}"
            : "running";
        return $"Clock {ChinaDate.Format(StartDate)} + {Limit} ({state}, {_events.Length} events)";
    }
}
