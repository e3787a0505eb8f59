using System.Text.Json.Nodes;
using Changxiao.Kernel.Calendar;
using Changxiao.Kernel.Journal;
using Changxiao.Kernel.Packs;

namespace Changxiao.Kernel.Matters;

// Clocks of a matter: started, stopped, paused and resumed by the states the matter enters and the actions taken on
// it; swept every day for the warning ladder's steps.
public static partial class MatterEngine
{
    /// <summary>
    /// The clock facts for one step of a matter, given its triggers: the state entered (only when the state changes)
    /// and <c>action:&lt;code&gt;</c>. Per clock, in the pack's order:
    /// <list type="bullet">
    /// <item>a running or paused clock stops on a stop trigger, and on entering a final state (a closed matter has no
    /// deadlines); a periodic clock hit by a start trigger restarts (stop, then start again);</item>
    /// <item>otherwise it pauses on a pause trigger (when running) or resumes on a resume trigger (when paused);</item>
    /// <item>a clock that has not started, or has stopped, starts on a start trigger when its <c>when</c> holds and its
    /// due date can be found.</item>
    /// </list>
    /// </summary>
    private static IEnumerable<IFact> ClockTransitions(
        MatterKind kind,
        Guid id,
        IReadOnlyList<MatterClock> clocks,
        IReadOnlySet<string> triggers,
        bool enteringFinal,
        Func<string, object?> values,
        IReadOnlyDictionary<string, JsonNode?> fields,
        IReadOnlyList<MatterLink> links,
        string pauseReason,
        DateOnly today,
        WorkCalendar calendar,
        MatterLookups lookups)
    {
        var facts = new List<IFact>();
        foreach (var def in kind.Clocks.Values)
        {
            bool Hit(IReadOnlyList<string> on) => on.Any(triggers.Contains);
            var existing = clocks.FirstOrDefault(c => c.Code == def.Code);
            var startHit = !enteringFinal && Hit(def.StartOn);
            if (existing is { Clock.IsStopped: false } current)
            {
                var stop = enteringFinal || Hit(def.StopOn);
                var restart = def.Periodic && startHit;
                if (stop || restart)
                {
                    facts.Add(Stopped(id, current, today, calendar));
                    if (restart && Start(def, id, values, fields, links, today, calendar, lookups, restart: true) is { } again)
                    {
                        facts.Add(again);
                    }
                }
                else if (!current.Clock.IsPaused && Hit(def.PauseOn))
                {
                    facts.Add(new MatterClockPaused(id, def.Code, today, pauseReason));
                }
                else if (current.Clock.IsPaused && Hit(def.ResumeOn))
                {
                    facts.Add(new MatterClockResumed(id, def.Code, today));
                }
            }
            else if (startHit && Start(def, id, values, fields, links, today, calendar, lookups) is { } started)
            {
                facts.Add(started);
            }
        }

        return facts;
    }

    private static MatterClockStopped Stopped(Guid id, MatterClock clock, DateOnly today, WorkCalendar calendar)
    {
        var due = clock.Clock.Stop(today).Due(calendar);
        return new MatterClockStopped(id, clock.Code, today, due, today > due);
    }

    /// <summary>
    /// Starts a clock today when its <c>when</c> holds. Its start date (not counted) is today, or — for a clock with
    /// <c>start: {field: …}</c> — that date field's value (today when the field is empty or the date is later than
    /// today): a matter registered late keeps the legal dates. A periodic clock's restart is always dated today. The limit is the pack's, or — for a clock due on a date taken
    /// from a date field or a linked matter's clock — that many natural days, not moved off rest days; a due date
    /// already reached gives a clock due today. Null when the condition fails or the due date is not known (the field
    /// is empty, or the linked matter has no such clock).
    /// </summary>
    private static MatterClockStarted? Start(
        ClockDef def,
        Guid id,
        Func<string, object?> values,
        IReadOnlyDictionary<string, JsonNode?> fields,
        IReadOnlyList<MatterLink> links,
        DateOnly today,
        WorkCalendar calendar,
        MatterLookups lookups,
        bool restart = false)
    {
        if (def.When is { } when && !when.Holds(values))
        {
            return null;
        }

        var start = today;
        if (!restart && def.StartField is { } startField && MatterValues.DateOf(fields, startField) is { } from && from < today)
        {
            start = from;
        }

        TimeLimit limit;
        if (def.Limit is { } l)
        {
            limit = l;
        }
        else if (def.Due is { } rule && DueFrom(rule, fields, links, lookups) is { } due)
        {
            var days = due.DayNumber - start.DayNumber;
            limit = days <= 0 ? TimeLimit.SameDay : TimeLimit.Days(Math.Min(days, TimeLimit.MaxCount), strict: true);
        }
        else
        {
            return null;
        }

        return new MatterClockStarted(id, def.Code, start, limit.ToString(), Clock.Start(start, limit).Due(calendar));
    }

    private static DateOnly? DueFrom(DueRule rule, IReadOnlyDictionary<string, JsonNode?> fields, IReadOnlyList<MatterLink> links, MatterLookups lookups)
    {
        if (MatterValues.DateOf(fields, rule.FieldOrLink) is { } date)
        {
            return date;
        }

        var other = MatterValues.IdsOf(fields.GetValueOrDefault(rule.FieldOrLink))
            .Concat(links.Where(l => l.Relation == rule.FieldOrLink).Select(l => l.OtherId))
            .Cast<Guid?>()
            .FirstOrDefault();
        if (other is null)
        {
            return null;
        }

        var linkedDue = lookups.LinkedDue
                        ?? throw new InvalidOperationException($"MatterLookups.LinkedDue is needed: the clock due at {rule.Where} takes its date from a linked matter.");
        return linkedDue(other.Value, rule.Clock);
    }

    // ---- the sweep -------------------------------------------------------------------------------------------

    /// <summary>
    /// The date of a ladder step: the due date moved by the step's offset, in natural days or (when the step says so)
    /// working days of <paramref name="calendar"/>; negative offsets go before the due date. Not moved off rest days:
    /// a step may fall on a holiday, and the sweep fires it that day.
    /// </summary>
    public static DateOnly StepDate(DateOnly due, LadderStep step, WorkCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(calendar);
        return step.WorkingDays ? calendar.AddWorkingDays(due, step.Offset) : due.AddDays(step.Offset);
    }

    /// <summary>
    /// The ladder steps that have come due by <paramref name="today"/> (inclusive) and not fired yet, for every running
    /// clock, in clock order then step order: per step a <see cref="ClockStepReached"/>, then what it does —
    /// <see cref="NotificationRequested"/>, <see cref="LinkedMatterRequested"/>, <see cref="BulletinListed"/>.
    /// Steps fire in ladder order: a step waits for the steps before it. Paused and stopped clocks fire nothing; once
    /// the facts are applied, a second sweep the same day returns nothing.
    /// </summary>
    public static IReadOnlyList<IFact> Sweep(Pack pack, MatterSnapshot matter, DateOnly today, WorkCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(matter);
        ArgumentNullException.ThrowIfNull(calendar);
        var kind = KindOf(pack, matter);
        var facts = new List<IFact>();
        foreach (var (mc, def, ladder) in LadderClocks(pack, kind, matter))
        {
            var due = mc.Clock.Due(calendar);
            for (var i = mc.StepsDone; i < ladder.Steps.Count; i++)
            {
                var step = ladder.Steps[i];
                var date = StepDate(due, step, calendar);
                if (date > today)
                {
                    break;
                }

                facts.Add(new ClockStepReached(matter.Id, def.Code, i, step.Level, date, due));
                if (Notification(kind, matter, def.Code, i, step) is { } notify)
                {
                    facts.Add(notify);
                }

                if (step.Open is { } open)
                {
                    facts.Add(Requested(matter.Id, open, matter.Parties, matter.Fields, $"clock:{def.Code}#{i}"));
                }

                if (step.Bulletin)
                {
                    facts.Add(new BulletinListed(matter.Id, def.Code, i, step.Level, date));
                }
            }
        }

        return facts;
    }

    /// <summary>
    /// The next date on which <see cref="Sweep"/> could return something: the earliest date of the next step of any
    /// running clock with a ladder (it may be in the past when a sweep is owed). Null when nothing is pending — all
    /// steps fired, or every clock with a ladder is paused or stopped. Recompute after every fact applied.
    /// </summary>
    public static DateOnly? NextCheck(Pack pack, MatterSnapshot matter, WorkCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(matter);
        ArgumentNullException.ThrowIfNull(calendar);
        var kind = KindOf(pack, matter);
        DateOnly? next = null;
        foreach (var (mc, _, ladder) in LadderClocks(pack, kind, matter))
        {
            if (mc.StepsDone < ladder.Steps.Count)
            {
                var date = StepDate(mc.Clock.Due(calendar), ladder.Steps[mc.StepsDone], calendar);
                if (next is null || date < next)
                {
                    next = date;
                }
            }
        }

        return next;
    }

    private static IEnumerable<(MatterClock Clock, ClockDef Def, Ladder Ladder)> LadderClocks(Pack pack, MatterKind kind, MatterSnapshot matter)
    {
        foreach (var mc in matter.Clocks)
        {
            if (mc.Clock.IsStopped || mc.Clock.IsPaused
                || !kind.Clocks.TryGetValue(mc.Code, out var def)
                || def.Ladder is null
                || !pack.Ladders.TryGetValue(def.Ladder, out var ladder))
            {
                continue;
            }

            yield return (mc, def, ladder);
        }
    }

    /// <summary>Whom a step notifies: people and units from parties, role codes for the store to resolve, the citizen filer. Null when nobody.</summary>
    private static NotificationRequested? Notification(MatterKind kind, MatterSnapshot matter, string clock, int index, LadderStep step)
    {
        var people = new List<Guid>();
        var roles = new List<string>();
        var citizen = false;
        foreach (var spec in step.Notify)
        {
            switch (spec.Kind)
            {
                case ActorSpecKind.Party:
                    people.AddRange(matter.PartyOf(spec.Code));
                    break;
                case ActorSpecKind.Role:
                    roles.Add(spec.Code);
                    break;
                default:
                    citizen = true;
                    break;
            }
        }

        // A recused party (the subject) is never told about the matter, even if a ladder names them.
        var recused = RecusedOf(kind, matter.Parties);
        var to = people.Where(p => !recused.Contains(p)).Distinct().ToArray();
        return to.Length == 0 && roles.Count == 0 && !citizen
            ? null
            : new NotificationRequested(matter.Id, clock, index, step.Level, to, roles.Distinct().ToArray(), citizen);
    }
}
