using System.Globalization;
using System.Text.Json.Nodes;
using Changxiao.Kernel.Calendar;
using Changxiao.Kernel.Journal;
using Changxiao.Kernel.Matters;
using Changxiao.Kernel.Packs;
using Changxiao.Kernel.Rules;
using Changxiao.Packs.Calendars;
using Changxiao.Packs.Mechanisms;

namespace Changxiao.Kernel.Tests.Scenarios;

/// <summary>
/// The shipped packs (packs/mechanisms/&lt;id&gt;, each read by <see cref="PackLoader.LoadFolder"/>) and the shipped
/// working-day calendar (packs/calendars, <see cref="CalendarLoader.LoadFolder"/>), found by walking up from the test
/// binaries.
/// </summary>
internal static class ShippedPacks
{
    private static readonly Lazy<string> MechanismsFolder = new(() =>
        PackLoader.FindFolder(AppContext.BaseDirectory) ?? throw new InvalidOperationException($"No packs/mechanisms above {AppContext.BaseDirectory}."));

    private static readonly Lazy<WorkCalendar> LazyCalendar = new(() => CalendarLoader.LoadFolder(
        CalendarLoader.FindFolder(AppContext.BaseDirectory) ?? throw new InvalidOperationException($"No packs/calendars above {AppContext.BaseDirectory}.")));

    private static readonly Dictionary<string, Pack> Loaded = new(StringComparer.Ordinal);

    public static string Mechanisms => MechanismsFolder.Value;

    public static WorkCalendar Cal => LazyCalendar.Value;

    /// <summary>The shipped pack <paramref name="id"/>, loaded once from its own folder.</summary>
    public static Pack Pack(string id)
    {
        lock (Loaded)
        {
            if (!Loaded.TryGetValue(id, out var pack))
            {
                Loaded[id] = pack = PackLoader.LoadFolder(Path.Combine(Mechanisms, id));
            }

            return pack;
        }
    }

    public static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>
/// A small in-memory stand-in for the store (MatterService): it opens matters, takes actions and sweeps through the
/// real <see cref="MatterEngine"/>, folds every fact into snapshots with <see cref="MatterProjection.Apply"/>, and
/// carries out the facts that ask for more the way the store does — <see cref="LinkedMatterRequested"/> opens the
/// matter as the system in the source matter's unit with <c>about</c> as its <c>subject</c> and links both ways;
/// <see cref="LinkedSuspended"/>/<see cref="LinkedResumed"/> run <see cref="MatterEngine.Suspend"/>/<see cref="MatterEngine.Resume"/>
/// on each target. Every fact lands in <see cref="Journal"/> with the date it happened.
/// </summary>
internal sealed class Desk
{
    public static readonly Guid County = Guid.Parse("0197c000-0000-7000-8000-0000000000c1");
    public static readonly Guid Township = Guid.Parse("0197c000-0000-7000-8000-0000000000c2");
    public static readonly Guid Bureau = Guid.Parse("0197c000-0000-7000-8000-0000000000c3");

    private static readonly Dictionary<Guid, string> Paths = new()
    {
        [County] = "/" + County.ToString("N") + "/",
        [Township] = "/" + County.ToString("N") + "/" + Township.ToString("N") + "/",
        [Bureau] = "/" + County.ToString("N") + "/" + Bureau.ToString("N") + "/",
    };

    private readonly Dictionary<Guid, MatterSnapshot> _matters = new();
    private readonly Dictionary<string, int> _sequences = new(StringComparer.Ordinal);
    private int _ids;

    public WorkCalendar Cal => ShippedPacks.Cal;

    public List<(DateOnly On, IFact Fact)> Journal { get; } = [];

    public MatterLookups Lookups => new(
        UnitPath: id => Paths.GetValueOrDefault(id),
        LinkedDue: (id, clock) => _matters.TryGetValue(id, out var m)
            ? (clock is null ? m.Clocks.FirstOrDefault() : m.ClockOf(clock))?.Clock.Due(Cal)
            : null);

    public MatterSnapshot this[Guid id] => _matters[id];

    public IEnumerable<MatterSnapshot> Matters => _matters.Values;

    public static Pack PackOf(MatterSnapshot m) => ShippedPacks.Pack(m.PackId);

    /// <summary>Opens a matter of <paramref name="packId"/>/<paramref name="kind"/> in <paramref name="unit"/> (the county by default).</summary>
    public MatterSnapshot Open(
        string packId, string kind, ActingAs actor, DateOnly on, Dictionary<string, JsonNode?> fields,
        Dictionary<string, IReadOnlyList<Guid>>? parties = null, Guid? unit = null)
    {
        var pack = ShippedPacks.Pack(packId);
        var id = NextId();
        var facts = MatterEngine.Open(pack, kind, id, Number(pack, kind, on), new OpenInput(fields, parties, unit ?? County),
            actor, on, Cal, _ => null, Lookups);
        Record(facts, on);
        return _matters[id];
    }

    /// <summary>Takes an action and carries out its follow-ups; returns the action's own facts.</summary>
    public IReadOnlyList<IFact> Act(Guid id, string action, ActingAs actor, DateOnly on, ActInput? input = null)
    {
        var matter = _matters[id];
        var facts = MatterEngine.Act(PackOf(matter), matter, action, input ?? new ActInput(), actor, on, Cal, Lookups);
        Record(facts, on);
        return facts;
    }

    /// <summary>Sweeps one matter every day from <paramref name="from"/> to <paramref name="to"/> (inclusive), like the daily sweeper.</summary>
    public List<(DateOnly On, IFact Fact)> SweepDays(Guid id, DateOnly from, DateOnly to)
    {
        var all = new List<(DateOnly, IFact)>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            var matter = _matters[id];
            var facts = MatterEngine.Sweep(PackOf(matter), matter, day, Cal);
            Record(facts, day);
            all.AddRange(facts.Select(f => (day, f)));
        }

        return all;
    }

    /// <summary>The facts of type <typeparamref name="T"/> in the journal about <paramref name="id"/>.</summary>
    public IEnumerable<T> Facts<T>(Guid id) where T : MatterFact => Journal.Select(j => j.Fact).OfType<T>().Where(f => f.Id == id);

    /// <summary>The matters opened because of <paramref name="id"/> (its <see cref="MatterRelations.LedTo"/> links).</summary>
    public IReadOnlyList<MatterSnapshot> LedTo(Guid id) =>
        _matters[id].Links.Where(l => l.Relation == MatterRelations.LedTo).Select(l => _matters[l.OtherId]).ToArray();

    public static void AssertBroken(string code, Action act) =>
        Assert.Equal(code, Assert.Throws<BusinessRuleException>(act).Code);

    public static void AssertFieldErrors(Action act, params string[] fields) =>
        Assert.Equal(fields.Order(StringComparer.Ordinal), Assert.Throws<FieldErrorsException>(act).Errors.Keys.Order(StringComparer.Ordinal));

    public static Dictionary<string, JsonNode?> Fields(params (string Key, object? Value)[] values) =>
        values.ToDictionary(v => v.Key, v => v.Value switch
        {
            null => null,
            JsonNode n => n,
            string s => JsonValue.Create(s),
            bool b => JsonValue.Create(b),
            int i => JsonValue.Create(i),
            decimal d => JsonValue.Create(d),
            Guid g => JsonValue.Create(g.ToString()),
            string[] list => new JsonArray(list.Select(x => (JsonNode?)JsonValue.Create(x)).ToArray()),
            Guid[] ids => new JsonArray(ids.Select(x => (JsonNode?)JsonValue.Create(x.ToString())).ToArray()),
            var other => throw new ArgumentException($"no JSON for {other.GetType()}"),
        }, StringComparer.Ordinal);

    public static Dictionary<string, IReadOnlyList<Guid>> Parties(params (string Party, Guid[] Ids)[] parties) =>
        parties.ToDictionary(p => p.Party, p => (IReadOnlyList<Guid>)p.Ids, StringComparer.Ordinal);

    public static Guid Person(int n) => Guid.Parse($"0197c000-0000-7000-8000-{n:D12}");

    private Guid NextId() => Guid.Parse($"0197c000-0000-7000-9000-{++_ids:D12}");

    private string Number(Pack pack, string kind, DateOnly on)
    {
        var key = $"{pack.Id}/{kind}/{on.Year}";
        _sequences[key] = _sequences.GetValueOrDefault(key) + 1;
        return MatterNumber.Format(MatterNumber.FormatOf(pack.Id, pack.Kinds[kind]), on.Year, _sequences[key]);
    }

    private void Record(IReadOnlyList<IFact> facts, DateOnly on)
    {
        foreach (var fact in facts)
        {
            Apply(fact, on);
        }

        foreach (var fact in facts)
        {
            switch (fact)
            {
                case LinkedMatterRequested req:
                    OpenRequested(req, on);
                    break;
                case LinkedSuspended s:
                    foreach (var target in s.Targets.Where(t => !_matters[t].Suspended))
                    {
                        Record(MatterEngine.Suspend(PackOf(_matters[target]), _matters[target], "关联事项办理中", s.Id, on), on);
                    }

                    break;
                case LinkedResumed r:
                    foreach (var target in r.Targets.Where(t => _matters[t].Suspended))
                    {
                        Record(MatterEngine.Resume(PackOf(_matters[target]), _matters[target], r.Id, on), on);
                    }

                    break;
            }
        }
    }

    private void Apply(IFact fact, DateOnly on)
    {
        var id = ((MatterFact)fact).Id;
        _matters[id] = MatterProjection.Apply(fact is MatterOpened ? null : _matters[id], fact);
        Journal.Add((on, fact));
    }

    /// <summary>As MatterService.OpenLinkedAsync: kind may be <c>pack/kind</c>; <c>about</c> becomes the <c>subject</c>.</summary>
    private void OpenRequested(LinkedMatterRequested req, DateOnly on)
    {
        var source = _matters[req.Id];
        var slash = req.Kind.IndexOf('/');
        var (packId, kind) = slash >= 0 ? (req.Kind[..slash], req.Kind[(slash + 1)..]) : (source.PackId, req.Kind);
        var pack = ShippedPacks.Pack(packId);
        var fields = req.Fields.ToDictionary(f => f.Key, f => f.Value?.DeepClone(), StringComparer.Ordinal);
        var parties = new Dictionary<string, IReadOnlyList<Guid>>(StringComparer.Ordinal);
        if (req.About is { } about && pack.Kinds[kind].Parties.ContainsKey("subject"))
        {
            parties["subject"] = [about];
        }

        var id = NextId();
        Record(MatterEngine.Open(pack, kind, id, Number(pack, kind, on), new OpenInput(fields, parties, source.UnitId),
            ActingAs.System("rule:" + req.Source), on, Cal, _ => null, Lookups), on);
        Apply(new MatterLinked(req.Id, MatterRelations.LedTo, id, kind), on);
        Apply(new MatterLinked(id, MatterRelations.DerivedFrom, req.Id, source.Kind), on);
    }
}
