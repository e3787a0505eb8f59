using System.Text.Json.Nodes;
using Changxiao.Kernel.Calendar;
using Changxiao.Kernel.Journal;

namespace Changxiao.Kernel.Matters;

/// <summary>
/// The one projection of a matter's state from its facts, shared by the store and the tests. Pure: a new snapshot
/// comes out, the old one is untouched. Works the same on facts straight from the engine and on facts read back
/// from the journal (secrets absent): confidential fields are tracked by their marker, never by their value.
/// </summary>
public static class MatterProjection
{
    /// <summary>
    /// Applies one fact. <paramref name="matter"/> is null only for <see cref="MatterOpened"/>. Facts that only ask the
    /// store for something (notifications, requests, events, publication) leave the snapshot as it is.
    /// </summary>
    /// <exception cref="ArgumentException">The fact is not a matter fact, belongs to another matter, or comes before the matter was opened.</exception>
    /// <exception cref="ClockException">A clock fact that does not fit the clock's history.</exception>
    public static MatterSnapshot Apply(MatterSnapshot? matter, IFact fact)
    {
        ArgumentNullException.ThrowIfNull(fact);
        if (fact is MatterOpened o)
        {
            if (matter is not null)
            {
                throw new ArgumentException($"Matter {o.Id} is already open.", nameof(fact));
            }

            return new MatterSnapshot(
                o.Id, o.Pack, o.PackVersion, o.Kind, o.Number, o.State, o.UnitId, o.UnitPath, o.OpenedOn,
                MatterEngine.Merge(new Dictionary<string, JsonNode?>(), Clone(o.Fields)),
                MatterEngine.MergeParties(new Dictionary<string, IReadOnlyList<Guid>>(), o.Parties),
                [],
                []);
        }

        if (fact is not MatterFact f)
        {
            throw new ArgumentException($"{fact.Type} is not a matter fact.", nameof(fact));
        }

        if (matter is null)
        {
            throw new ArgumentException($"{fact.Type} for matter {f.Id} comes before matter.opened.", nameof(matter));
        }

        if (f.Id != matter.Id)
        {
            throw new ArgumentException($"{fact.Type} is about matter {f.Id}, not {matter.Id}.", nameof(fact));
        }

        return fact switch
        {
            MatterActed a => matter with
            {
                State = a.To,
                Fields = MatterEngine.Merge(matter.Fields, Clone(a.Changes)),
                Parties = MatterEngine.MergeParties(matter.Parties, a.PartyChanges),
            },
            MatterClockStarted s => matter with { Clocks = Replace(matter.Clocks, new MatterClock(s.Clock, Clock.Start(s.Date, TimeLimit.Parse(s.Limit)), null, 0)) },
            MatterClockStopped s => WithClock(matter, s.Clock, c => c with { Clock = c.Clock.Stop(s.Date) }),
            MatterClockPaused p => WithClock(matter, p.Clock, c => c with { Clock = c.Clock.Pause(p.Date, p.Reason) }),
            MatterClockResumed r => WithClock(matter, r.Clock, c => c with { Clock = c.Clock.Resume(r.Date) }),
            ClockStepReached s => WithClock(matter, s.Clock, c => c with { StepsDone = Math.Max(c.StepsDone, s.Step + 1), Level = s.Level ?? c.Level }),
            MatterLinked l => matter.Links.Any(x => x.Relation == l.Relation && x.OtherId == l.OtherId)
                ? matter
                : matter with { Links = [.. matter.Links, new MatterLink(l.Relation, l.OtherId, l.OtherKind)] },
            MatterUnlinked u => matter with { Links = matter.Links.Where(x => !(x.Relation == u.Relation && x.OtherId == u.OtherId)).ToArray() },
            MatterSuspended s => matter with { Suspended = true, SuspendedReason = s.Reason },
            MatterResumed => matter with { Suspended = false, SuspendedReason = null },
            _ => matter,
        };
    }

    /// <summary>Applies facts in order; facts about other entities must not be in the list.</summary>
    public static MatterSnapshot? ApplyAll(MatterSnapshot? matter, IEnumerable<IFact> facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        foreach (var fact in facts)
        {
            matter = Apply(matter, fact);
        }

        return matter;
    }

    private static Dictionary<string, JsonNode?> Clone(IReadOnlyDictionary<string, JsonNode?> values) =>
        values.ToDictionary(v => v.Key, v => v.Value?.DeepClone(), StringComparer.Ordinal);

    private static IReadOnlyList<MatterClock> Replace(IReadOnlyList<MatterClock> clocks, MatterClock clock)
    {
        var list = clocks.ToList();
        var i = list.FindIndex(c => c.Code == clock.Code);
        if (i < 0)
        {
            list.Add(clock);
        }
        else
        {
            list[i] = clock;
        }

        return list;
    }

    private static MatterSnapshot WithClock(MatterSnapshot matter, string code, Func<MatterClock, MatterClock> change)
    {
        var clock = matter.ClockOf(code) ?? throw new ArgumentException($"Matter {matter.Number} has no clock {code}.");
        return matter with { Clocks = Replace(matter.Clocks, change(clock)) };
    }
}
