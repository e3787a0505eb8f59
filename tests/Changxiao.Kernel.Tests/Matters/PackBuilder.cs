using Changxiao.Kernel.Calendar;
using Changxiao.Kernel.Packs;

namespace Changxiao.Kernel.Tests.Matters;

/// <summary>Builds test packs in C#, as the loader would from YAML. Adding a name twice replaces the first.</summary>
internal sealed class PackBuilder(string id = "election-discipline", int version = 1)
{
    private static readonly SourceSpan At = new("test.yaml", 1, 1);

    private readonly Dictionary<string, PackRole> _roles = new();
    private readonly Dictionary<string, KindBuilder> _kinds = new();
    private readonly Dictionary<string, Ladder> _ladders = new();
    private readonly List<Publication> _publications = [];

    public PackBuilder Role(string code, string zh)
    {
        _roles[code] = new PackRole(code, new Text(zh), [], At);
        return this;
    }

    public PackBuilder Kind(string code, string zh, Action<KindBuilder> build)
    {
        var kind = _kinds.TryGetValue(code, out var existing) ? existing : _kinds[code] = new KindBuilder(code, zh);
        build(kind);
        return this;
    }

    public PackBuilder Ladder(string code, params LadderStep[] steps)
    {
        _ladders[code] = new Ladder(code, steps, At);
        return this;
    }

    public PackBuilder Publication(string code, string kind, Condition? when, params string[] show)
    {
        _publications.Add(new Publication(code, new Text(code), kind, when, show, At));
        return this;
    }

    public Pack Build() => new(
        id, version, new Text("测试机制包"), "test", _roles,
        _kinds.ToDictionary(k => k.Key, k => k.Value.Build()), _ladders, _publications, "hash", At);

    // ---- small values ----

    public static ActorSpec RoleSpec(string code) => new(ActorSpecKind.Role, code, At);

    public static ActorSpec PartySpec(string code) => new(ActorSpecKind.Party, code, At);

    public static ActorSpec CitizenSpec { get; } = new(ActorSpecKind.Citizen, "", At);

    public static Condition Eq(string name, string value) => new Compare(name, CompareOp.Eq, [value]);

    public static Condition Ne(string name, string value) => new Compare(name, CompareOp.Ne, [value]);

    public static Condition Has(string name) => new Compare(name, CompareOp.Has, []);

    public static LadderStep Step(int offset, string? level, ActorSpec[]? notify = null, OpenMatter? open = null, bool bulletin = false, bool workingDays = false) =>
        new(offset, workingDays, level, notify ?? [], open, bulletin, At);

    public static OpenMatter OpenKind(string kind, string? about, params (string Key, string Value)[] fields) =>
        new(kind, about, fields.ToDictionary(f => f.Key, f => f.Value), At);

    public static Effect OpenEffect(OpenMatter open) => new(EffectKind.Open, open, null, null, At);

    public static Effect Publish(string? publication) => new(EffectKind.Publish, null, null, publication, At);

    public static Effect Emit(string name) => new(EffectKind.Emit, null, null, name, At);

    public static Effect SuspendLinked(string link) => new(EffectKind.SuspendLinked, null, link, null, At);

    public static Effect ResumeLinked(string link) => new(EffectKind.ResumeLinked, null, link, null, At);

    public static DueRule DueFrom(string fieldOrLink, string? clock = null) => new(fieldOrLink, clock, At);

    internal sealed class KindBuilder(string code, string zh)
    {
        private readonly Dictionary<string, FieldDef> _fields = new();
        private readonly Dictionary<string, PartyDef> _parties = new();
        private readonly Dictionary<string, StateDef> _states = new();
        private readonly Dictionary<string, ActionDef> _actions = new();
        private readonly Dictionary<string, ClockDef> _clocks = new();
        private readonly List<Route> _routes = [];
        private OpenRule _open = new([], false, false, At);
        private string? _numberFormat;

        public KindBuilder Number(string format)
        {
            _numberFormat = format;
            return this;
        }

        public KindBuilder Field(
            string field, FieldType type, bool required = false, int? max = null, string[]? options = null,
            FieldType? item = null, string? matterKind = null, string[]? confidentialTo = null)
        {
            _fields[field] = new FieldDef(field, new Text(field), type, required, max, options ?? [], item, matterKind, confidentialTo ?? [], false, At);
            return this;
        }

        public KindBuilder Party(string party, PartyType type = PartyType.Person, bool recused = false, bool many = false)
        {
            _parties[party] = new PartyDef(party, new Text(party), type, recused, many, At);
            return this;
        }

        /// <summary>States in order; the first is the initial state; a name ending in "!" is final.</summary>
        public KindBuilder States(params string[] states)
        {
            foreach (var s in states)
            {
                var final = s.EndsWith('!');
                var name = final ? s[..^1] : s;
                _states[name] = new StateDef(name, new Text(name), final, At);
            }

            return this;
        }

        public KindBuilder Action(
            string action, string[] from, string to, ActorSpec[] by, string[]? sets = null, string[]? requires = null,
            ActorSpec[]? signoff = null, string? confirm = null, Condition? when = null, Effect[]? effects = null)
        {
            _actions[action] = new ActionDef(
                action, new Text(action), from, to, by, requires ?? [], sets ?? [], signoff ?? [],
                confirm is null ? null : new Text(confirm), when, effects ?? [], At);
            return this;
        }

        public KindBuilder Clock(
            string clock, string[] starts, string[]? stops = null, string[]? pauses = null, string[]? resumes = null,
            string? limit = null, DueRule? due = null, string? ladder = null, Condition? when = null, bool periodic = false,
            string? startField = null)
        {
            _clocks[clock] = new ClockDef(
                clock, new Text(clock), starts, stops ?? [], pauses ?? [], resumes ?? [],
                limit is null ? null : TimeLimit.Parse(limit), due, ladder, when, periodic, At, startField);
            return this;
        }

        public KindBuilder Route(Condition when, string unitCode)
        {
            _routes.Add(new Route(when, unitCode, At));
            return this;
        }

        public KindBuilder OpenBy(ActorSpec[] by, bool citizens = false, bool anonymous = false)
        {
            _open = new OpenRule(by, citizens, anonymous, At);
            return this;
        }

        public MatterKind Build() => new(
            code, new Text(zh), _numberFormat, _fields, _parties, _states.Keys.First(), _states, _actions, _clocks, _routes, _open, At);
    }
}
