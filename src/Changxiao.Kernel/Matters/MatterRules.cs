using Changxiao.Kernel.Packs;
using Changxiao.Kernel.Rules;

namespace Changxiao.Kernel.Matters;

/// <summary>The stable codes of the matter rules: they appear in API errors (409; <see cref="Recused"/> becomes 404) and the journal.</summary>
public static class MatterRuleCodes
{
    public const string Recused = "matter.recused";
    public const string Final = "matter.final";
    public const string Suspended = "matter.suspended";
    public const string ActionNotFromState = "matter.action-not-from-state";
    public const string NotAuthorised = "matter.not-authorised";
    public const string ConditionFalse = "matter.condition-false";
    public const string ConfirmRequired = "matter.confirm-required";
    public const string SignoffMissing = "matter.signoff-missing";
    public const string SignoffSamePerson = "matter.signoff-same-person";
    public const string AnonymousNotAllowed = "matter.anonymous-not-allowed";
    public const string RouteUnitUnknown = "matter.route-unit-unknown";
    public const string AlreadySuspended = "matter.already-suspended";
    public const string NotSuspended = "matter.not-suspended";
}

/// <summary>A recused party (the subject of a report) never sees the matter nor acts on it.</summary>
public sealed class ActorIsRecusedRule(MatterKind kind, IReadOnlyDictionary<string, IReadOnlyList<Guid>> parties, ActingAs actor) : IBusinessRule
{
    public string Code => MatterRuleCodes.Recused;

    public string Message => $"{actor.Name} 是本事项的回避对象";

    /// <summary>
    /// A person in a recused person party; or, for a recused unit party (a report about a department), anyone who
    /// works in that unit or under it. The recusal a derived matter carries (<see cref="MatterParties.Recused"/>) holds
    /// both people and units.
    /// </summary>
    public bool IsBroken() =>
        actor.PersonId is { } me
        && (kind.Parties.Values.Any(p => p.Recused && parties.TryGetValue(p.Code, out var ids)
                                         && (p.Type == PartyType.Unit ? ids.Any(actor.HomeUnits.Contains) : ids.Contains(me)))
            || (parties.TryGetValue(MatterParties.Recused, out var carried) && (carried.Contains(me) || carried.Any(actor.HomeUnits.Contains))));
}

/// <summary>A matter in a final state takes no more actions.</summary>
public sealed class NoActionFromFinalStateRule(MatterKind kind, string state) : IBusinessRule
{
    public string Code => MatterRuleCodes.Final;

    public string Message => $"事项已{Title}，不能再办理";

    private string Title => kind.States.TryGetValue(state, out var s) ? s.Title.Zh : state;

    public bool IsBroken() => kind.States.TryGetValue(state, out var s) && s.Final;
}

/// <summary>A suspended matter takes no actions until it is resumed.</summary>
public sealed class SuspendedMatterTakesNoActionRule(MatterSnapshot matter) : IBusinessRule
{
    public string Code => MatterRuleCodes.Suspended;

    public string Message => $"事项已中止：{matter.SuspendedReason}";

    public bool IsBroken() => matter.Suspended;
}

/// <summary>An action starts only from the states it names.</summary>
public sealed class ActionMustStartFromItsStatesRule(ActionDef action, string state) : IBusinessRule
{
    public string Code => MatterRuleCodes.ActionNotFromState;

    public string Message => $"当前状态 {state} 不能“{action.Title.Zh}”（只能从 {string.Join("、", action.From)}）";

    public bool IsBroken() => !action.From.Contains(state);
}

/// <summary>
/// Only those the pack names may act: a role held over the matter's unit, a party of the matter, or the citizen who
/// filed it (<paramref name="citizens"/> also lets any citizen in, for opening on the portal). The system always may.
/// </summary>
public sealed class ActorMustBeNamedRule(
    IReadOnlyList<ActorSpec> by, IReadOnlyDictionary<string, IReadOnlyList<Guid>> parties, ActingAs actor, string what, bool citizens = false) : IBusinessRule
{
    public string Code => MatterRuleCodes.NotAuthorised;

    public string Message => $"{actor.Name} 不能{what}（限 {string.Join("、", by)}{(citizens ? "、群众" : "")}）";

    public bool IsBroken() => !(actor.IsSystem || (citizens && actor.IsCitizenFiler) || by.Any(s => Matches(s, actor, parties)));

    internal static bool Matches(ActorSpec spec, ActingAs actor, IReadOnlyDictionary<string, IReadOnlyList<Guid>> parties) => spec.Kind switch
    {
        ActorSpecKind.Role => actor.RolesHere.Contains(spec.Code),
        ActorSpecKind.Party => actor.PersonId is { } me && parties.TryGetValue(spec.Code, out var ids) && ids.Contains(me),
        _ => actor.IsCitizenFiler,
    };
}

/// <summary>An action with a <c>when</c> is available only while its condition holds on the matter as it is.</summary>
public sealed class ActionConditionMustHoldRule(ActionDef action, Func<string, object?> values) : IBusinessRule
{
    public string Code => MatterRuleCodes.ConditionFalse;

    public string Message => $"“{action.Title.Zh}”的条件不满足";

    public bool IsBroken() => action.When is { } when && !when.Holds(values);
}

/// <summary>An action with a confirmation question needs the answer yes.</summary>
public sealed class ConfirmationRequiredRule(ActionDef action, bool confirmed) : IBusinessRule
{
    public string Code => MatterRuleCodes.ConfirmRequired;

    public string Message => $"请确认：{action.Confirm?.Zh}";

    public bool IsBroken() => action.Confirm is not null && !confirmed;
}

/// <summary>Every sign-off the action names must be given by a signer who fits it.</summary>
public sealed class EverySignoffNeedsASignerRule(ActionDef action, SignoffCheck check) : IBusinessRule
{
    public string Code => MatterRuleCodes.SignoffMissing;

    public string Message => $"“{action.Title.Zh}”缺少签字：{string.Join("、", check.Unsigned)}";

    public bool IsBroken() => check.Unsigned.Count > 0;
}

/// <summary>
/// Sign-offs are given by different people: no one signs twice, and one person cannot fill two sign-offs (the
/// handler and the person in charge who sign a conclusion are two different people).
/// </summary>
public sealed class SignersMustBeDifferentPeopleRule(ActionDef action, SignoffCheck check) : IBusinessRule
{
    public string Code => MatterRuleCodes.SignoffSamePerson;

    public string Message => $"“{action.Title.Zh}”须由 {string.Join("、", action.Signoff)} 分别签字，不能由同一人兼签";

    public bool IsBroken() => check.Repeated || !check.DistinctAssignment;
}

/// <summary>A citizen files without a name only where the mechanism allows anonymous filing.</summary>
public sealed class AnonymousFilingNeedsPermissionRule(MatterKind kind, ActingAs actor) : IBusinessRule
{
    public string Code => MatterRuleCodes.AnonymousNotAllowed;

    public string Message => $"“{kind.Title.Zh}”不受理匿名提交，请留下姓名";

    public bool IsBroken() => actor is { IsCitizenFiler: true, IsSystem: false, PersonId: null } && string.IsNullOrWhiteSpace(actor.Name) && !kind.Open.Anonymous;
}

/// <summary>
/// Which sign-offs a list of signers covers. A signer fits <c>party:x</c> when in that party, <c>role:x</c> when
/// holding the role over the matter's unit (<see cref="MatterLookups.RolesOf"/>, or the actor's own roles);
/// citizens do not sign.
/// </summary>
public sealed record SignoffCheck(IReadOnlyList<string> Unsigned, bool Repeated, bool DistinctAssignment)
{
    public static SignoffCheck Of(IReadOnlyList<ActorSpec> specs, IReadOnlyList<Guid> signers, Func<ActorSpec, Guid, bool> fits)
    {
        var candidates = specs.Select(s => signers.Distinct().Where(p => fits(s, p)).ToArray()).ToArray();
        var unsigned = specs.Where((_, i) => candidates[i].Length == 0).Select(s => s.ToString()).ToArray();
        var repeated = signers.Distinct().Count() != signers.Count;
        return new SignoffCheck(unsigned, repeated, unsigned.Length > 0 || HasDistinctAssignment(candidates));
    }

    // Bipartite matching by augmenting paths: sign-off i takes a signer no other sign-off holds. Lists are tiny.
    private static bool HasDistinctAssignment(Guid[][] candidates)
    {
        var holder = new Dictionary<Guid, int>();
        for (var i = 0; i < candidates.Length; i++)
        {
            if (!Assign(i, candidates, holder, []))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Assign(int spec, Guid[][] candidates, Dictionary<Guid, int> holder, HashSet<Guid> seen)
    {
        foreach (var p in candidates[spec])
        {
            if (!seen.Add(p))
            {
                continue;
            }

            if (!holder.TryGetValue(p, out var other) || Assign(other, candidates, holder, seen))
            {
                holder[p] = spec;
                return true;
            }
        }

        return false;
    }
}
