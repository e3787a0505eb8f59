using System.Text.Json.Nodes;
using Changxiao.Kernel.Calendar;
using Changxiao.Kernel.Journal;
using Changxiao.Kernel.Packs;
using Changxiao.Kernel.Rules;

namespace Changxiao.Kernel.Matters;

/// <summary>
/// Runs a mechanism pack's matter kinds. Pure functions: the current state goes in (a <see cref="MatterSnapshot"/>,
/// who acts, today's date and the calendar), facts come out, or an exception says why not —
/// <see cref="FieldErrorsException"/> (400), <see cref="BusinessRuleException"/> with a <see cref="MatterRuleCodes"/>
/// code (409; <c>matter.recused</c> is shown as 404), <see cref="NotFoundException"/> for an unknown kind or action.
/// The store applies the facts with <see cref="MatterProjection.Apply"/>.
/// </summary>
public static partial class MatterEngine
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<Guid>> NoParties = new Dictionary<string, IReadOnlyList<Guid>>();

    // ---- open ------------------------------------------------------------------------------------------------

    /// <summary>
    /// Opens a matter of <paramref name="kindCode"/>: checks who may open it, reads and checks the fields and parties,
    /// routes it to its responsible unit (<see cref="RouteUnit"/>) and starts the clocks that start on the initial
    /// state. Returns <see cref="MatterOpened"/>, a <see cref="MatterLinked"/> per matter named by a matter field, and a
    /// <see cref="MatterClockStarted"/> per clock started.
    /// </summary>
    public static IReadOnlyList<IFact> Open(
        Pack pack,
        string kindCode,
        Guid id,
        string number,
        OpenInput input,
        ActingAs actor,
        DateOnly today,
        WorkCalendar calendar,
        Func<string, (Guid Id, string Path)?> unitByCode,
        MatterLookups? lookups = null)
    {
        ArgumentNullException.ThrowIfNull(pack);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(unitByCode);
        ArgumentException.ThrowIfNullOrWhiteSpace(number);
        lookups ??= MatterLookups.None;
        var kind = KindOf(pack, kindCode);
        var rawParties = input.Parties ?? NoParties;

        Check.Rule(new ActorIsRecusedRule(kind, rawParties, actor));
        Check.Rule(new ActorMustBeNamedRule(kind.Open.By, rawParties, actor, $"登记“{kind.Title.Zh}”", kind.Open.Citizens));
        Check.Rule(new AnonymousFilingNeedsPermissionRule(kind, actor));

        var errors = new Check.Fields();
        var read = MatterValues.Read(kind, input.Fields, errors, allowed: null);
        var parties = MatterValues.ReadParties(kind, input.Parties, errors, allowed: null);
        if (input.Recused.Count > 0)
        {
            parties[MatterParties.Recused] = input.Recused.Distinct().ToArray();
        }

        var fields = WithoutNulls(read.Public);
        foreach (var def in kind.Fields.Values.Where(f => f.Required && !fields.ContainsKey(f.Code) && !Refused(f.Code, input.Fields, read.Public)))
        {
            errors.Add(def.Code, "必填");
        }

        var unit = Route(kind, fields, parties, input.UnitId, unitByCode, lookups, errors);
        errors.ThrowIfAny();

        var facts = new List<IFact>
        {
            new MatterOpened(
                id, pack.Id, pack.Version, kind.Code, number.Trim(), kind.InitialState, unit!.Value.Id, unit.Value.Path, today,
                fields, parties, WithoutNulls(read.Secret)),
        };
        facts.AddRange(LinkChanges(kind, id, new Dictionary<string, JsonNode?>(), fields));

        var values = MatterValues.ConditionReader(kind.InitialState, fields, parties);
        var links = LinksAfter([], facts);
        facts.AddRange(ClockTransitions(kind, id, [], new HashSet<string>(StringComparer.Ordinal) { kind.InitialState }, enteringFinal: false, values, fields, links, kind.Title.Zh, today, calendar, lookups));
        return facts;
    }

    /// <summary>
    /// The unit a new matter goes to: the first route whose condition holds on the form's fields (its unit code resolved
    /// by <paramref name="unitByCode"/>), else the form's unit (its path from <see cref="MatterLookups.UnitPath"/>), else
    /// null. The store calls this before <see cref="Open"/> to compute <see cref="ActingAs.RolesHere"/> over that unit.
    /// Fields that do not read are ignored here (<see cref="Open"/> reports them).
    /// </summary>
    /// <exception cref="BusinessRuleException"><c>matter.route-unit-unknown</c> when a route names a unit code that does not exist.</exception>
    public static (Guid Id, string Path)? RouteUnit(
        Pack pack, string kindCode, OpenInput input, Func<string, (Guid Id, string Path)?> unitByCode, MatterLookups? lookups = null)
    {
        ArgumentNullException.ThrowIfNull(pack);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(unitByCode);
        var kind = KindOf(pack, kindCode);
        var ignored = new Check.Fields();
        var fields = WithoutNulls(MatterValues.Read(kind, input.Fields, ignored, allowed: null).Public);
        var parties = MatterValues.ReadParties(kind, input.Parties, ignored, allowed: null);
        return Route(kind, fields, parties, input.UnitId, unitByCode, lookups ?? MatterLookups.None, ignored);
    }

    private static (Guid Id, string Path)? Route(
        MatterKind kind,
        IReadOnlyDictionary<string, JsonNode?> fields,
        IReadOnlyDictionary<string, IReadOnlyList<Guid>> parties,
        Guid? inputUnit,
        Func<string, (Guid Id, string Path)?> unitByCode,
        MatterLookups lookups,
        Check.Fields errors)
    {
        var values = MatterValues.ConditionReader(kind.InitialState, fields, parties);
        var route = kind.Routing.FirstOrDefault(r => r.When.Holds(values));
        if (route is not null)
        {
            var found = unitByCode(route.UnitCode);
            Check.Rule(Rule.Of(MatterRuleCodes.RouteUnitUnknown, $"分办规则指向的单位编码不存在：{route.UnitCode}（{route.Where}）", () => found is null));
            return found;
        }

        if (inputUnit is { } unitId)
        {
            var path = (lookups.UnitPath ?? throw new InvalidOperationException("MatterLookups.UnitPath is needed to open a matter in a unit given by id."))(unitId);
            if (path is null)
            {
                errors.Add("unitId", $"单位不存在：{unitId}");
                return null;
            }

            return (unitId, path);
        }

        errors.Add("unitId", "必填（没有适用的分办规则，请选择责任单位）");
        return null;
    }

    // ---- act -------------------------------------------------------------------------------------------------

    /// <summary>
    /// Takes action <paramref name="actionCode"/> on <paramref name="matter"/>. The checklist, in order:
    /// recusal, final state, suspension, the action's from-states, who may act, its condition, the form (only fields
    /// and parties the action sets, each of its type; the action's required fields present afterwards), the
    /// confirmation, the sign-offs (each one given, by different people). Returns <see cref="MatterActed"/>, link
    /// changes, clock facts and the action's effects, in that order.
    /// </summary>
    public static IReadOnlyList<IFact> Act(
        Pack pack,
        MatterSnapshot matter,
        string actionCode,
        ActInput input,
        ActingAs actor,
        DateOnly today,
        WorkCalendar calendar,
        MatterLookups? lookups = null)
    {
        ArgumentNullException.ThrowIfNull(pack);
        ArgumentNullException.ThrowIfNull(matter);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(calendar);
        lookups ??= MatterLookups.None;
        var kind = KindOf(pack, matter);

        Check.Rule(new ActorIsRecusedRule(kind, matter.Parties, actor));
        var action = kind.Actions.TryGetValue(actionCode ?? "", out var a) ? a : throw new NotFoundException("action", actionCode ?? "");
        Check.Rule(new NoActionFromFinalStateRule(kind, matter.State));
        Check.Rule(new SuspendedMatterTakesNoActionRule(matter));
        Check.Rule(new ActionMustStartFromItsStatesRule(action, matter.State));
        Check.Rule(new ActorMustBeNamedRule(action.By, matter.Parties, actor, $"“{action.Title.Zh}”"));
        Check.Rule(new ActionConditionMustHoldRule(action, Values(matter)));

        var errors = new Check.Fields();
        var read = MatterValues.Read(kind, input.Fields, errors, action.Sets);
        var partyInput = MatterValues.ReadParties(kind, input.Parties, errors, action.Sets);
        var comment = string.IsNullOrWhiteSpace(input.Comment) ? null : input.Comment.Trim();
        errors.When(comment is { Length: > MatterValues.CommentMax }, "comment", $"不能超过 {MatterValues.CommentMax} 个字符");

        var changes = FieldChanges(kind, matter.Fields, read.Public);
        var partyChanges = partyInput
            .Where(p => !p.Value.SequenceEqual(matter.PartyOf(p.Key)))
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var fieldsAfter = Merge(matter.Fields, changes);
        var partiesAfter = MergeParties(matter.Parties, partyChanges);
        // to: same stays where the matter is; a conditional to reads the matter with the form's values.
        var to = action.ToFrom(matter.State, MatterValues.ConditionReader(matter.State, fieldsAfter, partiesAfter));
        var valuesAfter = MatterValues.ConditionReader(to, fieldsAfter, partiesAfter);
        foreach (var required in action.Requires.Where(r => !Refused(r, input.Fields, read.Public) && !Refused(r, input.Parties, partyInput)))
        {
            // A conditional requirement reads the matter as the action leaves it (the form's own values included).
            if (action.RequiredWhen.TryGetValue(required, out var condition) && !condition.Holds(valuesAfter))
            {
                continue;
            }

            var has = fieldsAfter.ContainsKey(required) || (partiesAfter.TryGetValue(required, out var ids) && ids.Count > 0);
            errors.When(!has, required, $"“{action.Title.Zh}”时必填");
        }

        errors.ThrowIfAny();

        Check.Rule(new ConfirmationRequiredRule(action, input.Confirmed));
        var signers = input.Signers ?? [];
        var signoff = SignoffCheck.Of(action.Signoff, signers, (spec, person) => Fits(spec, person, partiesAfter, actor, lookups));
        Check.Rule(new EverySignoffNeedsASignerRule(action, signoff));
        Check.Rule(new SignersMustBeDifferentPeopleRule(action, signoff));

        var secretChanges = read.Secret
            .Where(s => s.Value is not null || matter.HasField(s.Key))
            .ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
        var facts = new List<IFact>
        {
            new MatterActed(matter.Id, action.Code, matter.State, to, changes, partyChanges, signers.ToArray(), comment, secretChanges),
        };
        facts.AddRange(LinkChanges(kind, matter.Id, matter.Fields, changes));

        // Staying in the same state (to: same, or to equal to from) enters no state: only action:<code> triggers clocks.
        var enteringFinal = to != matter.State && kind.States.TryGetValue(to, out var toState) && toState.Final;
        var triggers = new HashSet<string>(StringComparer.Ordinal) { "action:" + action.Code };
        if (to != matter.State)
        {
            triggers.Add(to);
        }

        var linksAfter = LinksAfter(matter.Links, facts);
        facts.AddRange(ClockTransitions(
            kind, matter.Id, matter.Clocks, triggers, enteringFinal, valuesAfter, fieldsAfter, linksAfter, comment ?? action.Title.Zh, today, calendar, lookups));
        facts.AddRange(Effects(pack, kind, action, to, matter.Id, valuesAfter, fieldsAfter, partiesAfter, linksAfter));
        return facts;
    }

    private static bool Fits(ActorSpec spec, Guid person, IReadOnlyDictionary<string, IReadOnlyList<Guid>> parties, ActingAs actor, MatterLookups lookups) =>
        spec.Kind switch
        {
            ActorSpecKind.Party => parties.TryGetValue(spec.Code, out var ids) && ids.Contains(person),
            ActorSpecKind.Role => lookups.RolesOf?.Invoke(person).Contains(spec.Code) == true
                                  || (actor.PersonId == person && actor.RolesHere.Contains(spec.Code)),
            _ => false, // citizens do not sign off
        };

    /// <summary>The form's values that differ from the matter's; a confidential value is always a change (its old value is unknown here).</summary>
    private static Dictionary<string, JsonNode?> FieldChanges(MatterKind kind, IReadOnlyDictionary<string, JsonNode?> current, Dictionary<string, JsonNode?> input)
    {
        var changes = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (code, value) in input)
        {
            current.TryGetValue(code, out var old);
            var confidential = kind.Fields[code].ConfidentialTo.Count > 0;
            var same = confidential ? value is null && old is null : JsonNode.DeepEquals(old, value);
            if (!same)
            {
                changes[code] = value;
            }
        }

        return changes;
    }

    private static IEnumerable<IFact> Effects(
        Pack pack,
        MatterKind kind,
        ActionDef action,
        string to,
        Guid id,
        Func<string, object?> values,
        IReadOnlyDictionary<string, JsonNode?> fields,
        IReadOnlyDictionary<string, IReadOnlyList<Guid>> parties,
        IReadOnlyList<MatterLink> links)
    {
        foreach (var effect in action.Effects)
        {
            if (effect.When is { } when && !when.Holds(values))
            {
                continue; // e.g. the talk is opened only for the unit that came last
            }

            switch (effect.Kind)
            {
                case EffectKind.Open when effect.Open is { } open:
                    yield return Requested(id, open, parties, fields, "action:" + action.Code);
                    break;
                case EffectKind.SuspendLinked or EffectKind.ResumeLinked when effect.Link is { } link:
                    var targets = links.Where(l => l.Relation == link).Select(l => l.OtherId).Distinct().ToArray();
                    if (targets.Length > 0)
                    {
                        yield return effect.Kind == EffectKind.SuspendLinked
                            ? new LinkedSuspended(id, link, targets)
                            : new LinkedResumed(id, link, targets);
                    }

                    break;
                case EffectKind.Publish:
                    // The publication's code sits in the effect's name slot; without one, every publication of this kind.
                    var code = effect.Event ?? effect.Link;
                    foreach (var p in pack.Publications.Where(p => p.Kind == kind.Code && (code is null || p.Code == code)))
                    {
                        if (p.When is null || p.When.Holds(values))
                        {
                            yield return new MatterPublished(id, p.Code);
                        }
                    }

                    break;
                case EffectKind.Emit when effect.Event is { } name:
                    var publicFields = fields.Where(f => !Confidential.IsMarker(f.Value))
                        .ToDictionary(f => f.Key, f => f.Value?.DeepClone(), StringComparer.Ordinal);
                    yield return new EventEmitted(id, name, kind.Code, action.Code, to, publicFields, parties);
                    break;
                default:
                    throw new InvalidOperationException($"The effect at {effect.Where} ({effect.Kind}) lacks what it needs; the pack validator should have refused it.");
            }
        }
    }

    /// <summary>
    /// A request to open a linked matter; <c>about</c> names a party (<c>party:x</c> or <c>x</c>) or a person field.
    /// A field value <c>$field.&lt;code&gt;</c> is replaced by a copy of that field's value in <paramref name="fields"/>
    /// (left out when the field is empty, or confidential: the kernel never sees a confidential value); any other
    /// value is given as a JSON string.
    /// </summary>
    private static LinkedMatterRequested Requested(
        Guid id, OpenMatter open, IReadOnlyDictionary<string, IReadOnlyList<Guid>> parties, IReadOnlyDictionary<string, JsonNode?> fields, string source)
    {
        Guid? about = null;
        if (open.About is { } a)
        {
            var name = a.StartsWith("party:", StringComparison.Ordinal) ? a["party:".Length..] : a;
            about = parties.TryGetValue(name, out var ids) && ids.Count > 0
                ? ids[0]
                : MatterValues.IdsOf(fields.GetValueOrDefault(name)).Cast<Guid?>().FirstOrDefault();
        }

        var values = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (code, value) in open.Fields)
        {
            if (OpenMatter.CopiedField(value) is not { } from)
            {
                values[code] = JsonValue.Create(value);
            }
            else if (fields.GetValueOrDefault(from) is { } copied && !Confidential.IsMarker(copied))
            {
                values[code] = copied.DeepClone();
            }
        }

        return new LinkedMatterRequested(id, open.Kind, about, values, MatterRelations.LedTo, source);
    }

    // ---- links from matter fields ------------------------------------------------------------------------------

    private static IEnumerable<IFact> LinkChanges(MatterKind kind, Guid id, IReadOnlyDictionary<string, JsonNode?> before, IReadOnlyDictionary<string, JsonNode?> changes)
    {
        foreach (var (code, value) in changes)
        {
            var def = kind.Fields[code];
            var isMatter = def.Type == FieldType.Matter || (def.Type == FieldType.List && def.ItemType == FieldType.Matter);
            if (!isMatter || def.ConfidentialTo.Count > 0)
            {
                continue;
            }

            var old = MatterValues.IdsOf(before.GetValueOrDefault(code)).ToHashSet();
            var now = MatterValues.IdsOf(value).ToHashSet();
            foreach (var gone in old.Where(o => !now.Contains(o)))
            {
                yield return new MatterUnlinked(id, code, gone);
            }

            foreach (var added in now.Where(n => !old.Contains(n)))
            {
                yield return new MatterLinked(id, code, added, def.MatterKind ?? "");
            }
        }
    }

    private static IReadOnlyList<MatterLink> LinksAfter(IReadOnlyList<MatterLink> links, IEnumerable<IFact> facts)
    {
        var list = links.ToList();
        foreach (var f in facts)
        {
            switch (f)
            {
                case MatterLinked l:
                    list.Add(new MatterLink(l.Relation, l.OtherId, l.OtherKind));
                    break;
                case MatterUnlinked u:
                    list.RemoveAll(l => l.Relation == u.Relation && l.OtherId == u.OtherId);
                    break;
            }
        }

        return list;
    }

    // ---- suspension ------------------------------------------------------------------------------------------

    /// <summary>The start of the pause reason of a clock paused by a suspension; <see cref="Resume"/> resumes only those.</summary>
    public const string SuspensionPausePrefix = "中止：";

    /// <summary>
    /// Suspends a matter (中止; e.g. land-use approvals while the case about the site runs — the store calls this for each
    /// target of <see cref="LinkedSuspended"/>): no actions until resumed, and every running clock paused.
    /// </summary>
    public static IReadOnlyList<IFact> Suspend(Pack pack, MatterSnapshot matter, string reason, Guid? byMatter, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(pack);
        ArgumentNullException.ThrowIfNull(matter);
        var why = reason?.Trim();
        new Check.Fields().Required("reason", why, 500).ThrowIfAny();
        var kind = KindOf(pack, matter);
        Check.Rule(Rule.Of(MatterRuleCodes.AlreadySuspended, $"事项已中止：{matter.SuspendedReason}", () => matter.Suspended));
        Check.Rule(new NoActionFromFinalStateRule(kind, matter.State));

        var facts = new List<IFact> { new MatterSuspended(matter.Id, why!, byMatter) };
        facts.AddRange(matter.Clocks
            .Where(c => c.Clock is { IsStopped: false, IsPaused: false })
            .Select(c => new MatterClockPaused(matter.Id, c.Code, today, SuspensionPausePrefix + why)));
        return facts;
    }

    /// <summary>Resumes a suspended matter and the clocks its suspension paused (a clock paused by the pack's own rules stays paused).</summary>
    public static IReadOnlyList<IFact> Resume(Pack pack, MatterSnapshot matter, Guid? byMatter, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(pack);
        ArgumentNullException.ThrowIfNull(matter);
        KindOf(pack, matter);
        Check.Rule(Rule.Of(MatterRuleCodes.NotSuspended, "事项未中止，无需恢复", () => !matter.Suspended));

        var facts = new List<IFact> { new MatterResumed(matter.Id, byMatter) };
        facts.AddRange(matter.Clocks
            .Where(c => c.Clock is { IsStopped: false, IsPaused: true }
                        && c.Clock.Events.LastOrDefault(e => e is Calendar.ClockPaused) is Calendar.ClockPaused p
                        && p.Reason.StartsWith(SuspensionPausePrefix, StringComparison.Ordinal))
            .Select(c => new MatterClockResumed(matter.Id, c.Code, today)));
        return facts;
    }

    // ---- what the console shows ----------------------------------------------------------------------------------

    /// <summary>
    /// The actions <paramref name="actor"/> may take now, in the pack's order: those that pass every check that does
    /// not depend on the form (recusal, final state, suspension, from-state, who, condition).
    /// </summary>
    public static IReadOnlyList<ActionDef> Available(Pack pack, MatterSnapshot matter, ActingAs actor)
    {
        ArgumentNullException.ThrowIfNull(pack);
        ArgumentNullException.ThrowIfNull(matter);
        ArgumentNullException.ThrowIfNull(actor);
        var kind = KindOf(pack, matter);
        if (new ActorIsRecusedRule(kind, matter.Parties, actor).IsBroken()
            || new NoActionFromFinalStateRule(kind, matter.State).IsBroken()
            || new SuspendedMatterTakesNoActionRule(matter).IsBroken())
        {
            return [];
        }

        var values = Values(matter);
        return kind.Actions.Values
            .Where(a => !new ActionMustStartFromItsStatesRule(a, matter.State).IsBroken()
                        && !new ActorMustBeNamedRule(a.By, matter.Parties, actor, a.Code).IsBroken()
                        && !new ActionConditionMustHoldRule(a, values).IsBroken())
            .ToArray();
    }

    /// <summary>
    /// False when <paramref name="actor"/> is a recused party of the matter (the store answers 404). Org scope is the
    /// store's business, not this.
    /// </summary>
    public static bool CanSee(MatterSnapshot matter, Pack pack, ActingAs actor)
    {
        ArgumentNullException.ThrowIfNull(matter);
        ArgumentNullException.ThrowIfNull(actor);
        return !new ActorIsRecusedRule(KindOf(pack, matter), matter.Parties, actor).IsBroken();
    }

    /// <summary>
    /// Everyone recused from the matter — the members of its kind's recused parties (people and units) and the recusal
    /// it carries from the matter it was derived from — for a matter derived from it to carry in turn.
    /// </summary>
    public static IReadOnlyList<Guid> RecusedMembers(Pack pack, MatterSnapshot matter)
    {
        ArgumentNullException.ThrowIfNull(matter);
        return RecusedOf(KindOf(pack, matter), matter.Parties).ToArray();
    }

    private static HashSet<Guid> RecusedOf(MatterKind kind, IReadOnlyDictionary<string, IReadOnlyList<Guid>> parties)
    {
        var recused = kind.Parties.Values.Where(p => p.Recused).SelectMany(p => parties.GetValueOrDefault(p.Code) ?? []).ToHashSet();
        recused.UnionWith(parties.GetValueOrDefault(MatterParties.Recused) ?? []);
        return recused;
    }

    /// <summary>True when <paramref name="actor"/> may read the confidential field <paramref name="fieldCode"/> (the store journals every reading).</summary>
    public static bool CanReadConfidential(Pack pack, MatterSnapshot matter, string fieldCode, ActingAs actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var kind = KindOf(pack, matter);
        return CanSee(matter, pack, actor)
               && kind.Fields.TryGetValue(fieldCode, out var def)
               && (def.ConfidentialTo.Count == 0 || actor.IsSystem || def.ConfidentialTo.Any(actor.RolesHere.Contains));
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static MatterKind KindOf(Pack pack, string kindCode)
    {
        ArgumentNullException.ThrowIfNull(pack);
        return pack.Kinds.TryGetValue(kindCode ?? "", out var kind) ? kind : throw new NotFoundException("matter kind", $"{pack.Id}/{kindCode}");
    }

    private static MatterKind KindOf(Pack pack, MatterSnapshot matter)
    {
        ArgumentNullException.ThrowIfNull(pack);
        if (pack.Id != matter.PackId)
        {
            throw new ArgumentException($"Matter {matter.Number} belongs to pack {matter.PackId}, not {pack.Id}.", nameof(pack));
        }

        return pack.Kinds.TryGetValue(matter.Kind, out var kind)
            ? kind
            : throw new ArgumentException($"Pack {pack.Id} v{pack.Version} has no matter kind {matter.Kind} (matter {matter.Number}).", nameof(pack));
    }

    /// <summary>True when the form gave the field and it was refused (so "required" would only repeat the error).</summary>
    private static bool Refused<TIn, TOut>(string code, IReadOnlyDictionary<string, TIn>? input, IReadOnlyDictionary<string, TOut> accepted) =>
        input is not null && input.ContainsKey(code) && !accepted.ContainsKey(code);

    private static Func<string, object?> Values(MatterSnapshot matter) => MatterValues.ConditionReader(matter.State, matter.Fields, matter.Parties);

    private static Dictionary<string, JsonNode?> WithoutNulls(IReadOnlyDictionary<string, JsonNode?> values) =>
        values.Where(v => v.Value is not null).ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);

    internal static Dictionary<string, JsonNode?> Merge(IReadOnlyDictionary<string, JsonNode?> fields, IReadOnlyDictionary<string, JsonNode?> changes)
    {
        var result = fields.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        foreach (var (code, value) in changes)
        {
            if (value is null)
            {
                result.Remove(code);
            }
            else
            {
                result[code] = value;
            }
        }

        return result;
    }

    internal static Dictionary<string, IReadOnlyList<Guid>> MergeParties(
        IReadOnlyDictionary<string, IReadOnlyList<Guid>> parties, IReadOnlyDictionary<string, IReadOnlyList<Guid>> changes)
    {
        var result = parties.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        foreach (var (code, ids) in changes)
        {
            if (ids.Count == 0)
            {
                result.Remove(code);
            }
            else
            {
                result[code] = ids;
            }
        }

        return result;
    }
}
