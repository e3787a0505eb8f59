using Changxiao.Kernel.Calendar;

namespace Changxiao.Kernel.Packs;

// The parsed, validated mechanism pack. A pack is data: the loader (Changxiao.Packs) builds these
// records from YAML and the validator guarantees every name resolves, so the matter engine can
// trust them. Every record keeps the place it came from, for error messages.

/// <summary>Where a definition came from: file, 1-based line and column.</summary>
public sealed record SourceSpan(string File, int Line, int Column)
{
    public static readonly SourceSpan None = new("", 0, 0);
    public override string ToString() => $"{File}:{Line}:{Column}";
}

/// <summary>A display text: zh-CN first, English optional.</summary>
public sealed record Text(string Zh, string? En = null)
{
    public string In(string lang) => lang.StartsWith("en", StringComparison.OrdinalIgnoreCase) && En is not null ? En : Zh;
    public override string ToString() => Zh;
}

/// <summary>One mechanism pack at one version.</summary>
public sealed record Pack(
    string Id,
    int Version,
    Text Title,
    string Source,                               // the seed document and lines the rules come from
    IReadOnlyDictionary<string, PackRole> Roles,
    IReadOnlyDictionary<string, MatterKind> Kinds,
    IReadOnlyDictionary<string, Ladder> Ladders,
    IReadOnlyList<Publication> Publications,
    string ContentHash,                          // SHA-256 of the pack's files: a version's identity
    SourceSpan Where);

/// <summary>A role the pack defines (受理人员, 承办科室 …); held over org scope like the system roles.</summary>
public sealed record PackRole(string Code, Text Title, IReadOnlyList<string> Permissions, SourceSpan Where);

/// <summary>A kind of tracked matter (事项): complaint, report, supervision item, rectification item …</summary>
public sealed record MatterKind(
    string Code,
    Text Title,
    string? NumberFormat,                        // e.g. "XF-{yyyy}-{seq:5}"
    IReadOnlyDictionary<string, FieldDef> Fields,
    IReadOnlyDictionary<string, PartyDef> Parties,
    string InitialState,
    IReadOnlyDictionary<string, StateDef> States,
    IReadOnlyDictionary<string, ActionDef> Actions,
    IReadOnlyDictionary<string, ClockDef> Clocks,
    IReadOnlyList<Route> Routing,                // category → responsible unit
    OpenRule Open,                               // who may open one, and whether citizens may (portal)
    SourceSpan Where);

public enum FieldType { Text, Number, Money, Date, Choice, Person, Unit, Attachment, List, Matter, Bool }

public sealed record FieldDef(
    string Code,
    Text Title,
    FieldType Type,
    bool Required,                               // required when the matter is opened
    int? MaxLength,
    IReadOnlyList<string> Options,               // choice: the allowed values
    FieldType? ItemType,                         // list: the type of each item
    string? MatterKind,                          // matter: the kind it refers to (may be "pack-id/kind")
    IReadOnlyList<string> ConfidentialTo,        // roles that may read it; non-empty = encrypted at rest, reads journaled
    bool Public,                                 // shown on the citizen portal
    SourceSpan Where);

public enum PartyType { Person, Unit, Citizen }

/// <summary>A role a person or unit plays in one matter: subject, reporter, handler, person in charge, lead leader, responsible unit.</summary>
public sealed record PartyDef(string Code, Text Title, PartyType Type, bool Recused, bool Many, SourceSpan Where);

public sealed record StateDef(string Code, Text Title, bool Final, SourceSpan Where);

/// <summary>Who may act: a role over the matter's unit, a party of the matter, or the citizen who filed it.</summary>
public sealed record ActorSpec(ActorSpecKind Kind, string Code, SourceSpan Where)
{
    public override string ToString() => Kind switch
    {
        ActorSpecKind.Role => "role:" + Code,
        ActorSpecKind.Party => "party:" + Code,
        _ => "citizen",
    };
}

public enum ActorSpecKind { Role, Party, Citizen }

public sealed record ActionDef(
    string Code,
    Text Title,
    IReadOnlyList<string> From,                  // states it may start from
    string To,                                   // state it leads to (may equal a From), or Same: the action stays where the matter is
    IReadOnlyList<ActorSpec> By,                 // any one of these may act
    IReadOnlyList<string> Requires,              // fields that must have a value after the action
    IReadOnlyList<string> Sets,                  // fields and parties the action may set (the form)
    IReadOnlyList<ActorSpec> Signoff,            // each of these must sign, and all signers differ
    Text? Confirm,                               // a confirmation question shown before acting
    Condition? When,                             // the action is available only when this holds
    IReadOnlyList<Effect> Effects,               // what else happens (open a linked matter, suspend links, publish …)
    SourceSpan Where)
{
    /// <summary>The <see cref="To"/> of an action that leaves the matter in whatever state it is in (<c>to: same</c>); no state may be called this.</summary>
    public const string Same = "same";

    /// <summary>True for <c>to: same</c>.</summary>
    public bool Stays => To == Same;

    /// <summary>
    /// The state the matter is in after this action, taken from <paramref name="state"/>: the first of <see cref="ToWhen"/>
    /// whose condition holds on <paramref name="values"/> (the matter with the form's values), else <see cref="To"/>.
    /// </summary>
    public string ToFrom(string state, Func<string, object?>? values = null)
    {
        if (values is not null)
        {
            foreach (var (s, when) in ToWhen)
            {
                if (when.Holds(values))
                {
                    return s == Same ? state : s;
                }
            }
        }

        return Stays ? state : To;
    }

    /// <summary>Destinations chosen by condition, tried in order before <see cref="To"/> (<c>to: {reopened: rating == 不满意, closed: otherwise}</c>).</summary>
    public IReadOnlyList<(string State, Condition When)> ToWhen { get; init; } = [];

    /// <summary>Every state the action may lead to (<see cref="Same"/> left out).</summary>
    public IEnumerable<string> Destinations => ToWhen.Select(t => t.State).Append(To).Where(s => s != Same).Distinct(StringComparer.Ordinal);

    /// <summary>
    /// Those of <see cref="Requires"/> that are required only when a condition holds on the matter as the action leaves it
    /// (<c>requires: [measures, {deadline: term == 限期}]</c>: a deadline unless the item is long-term).
    /// </summary>
    public IReadOnlyDictionary<string, Condition> RequiredWhen { get; init; } = new Dictionary<string, Condition>(StringComparer.Ordinal);
}

/// <summary>
/// A clock on the working-day calendar. It starts when the matter enters a state (or is opened),
/// stops on entering any of the stop states, pauses and resumes on states or actions.
/// </summary>
public sealed record ClockDef(
    string Code,
    Text Title,
    IReadOnlyList<string> StartOn,               // states (entering) or "action:<code>"
    IReadOnlyList<string> StopOn,
    IReadOnlyList<string> PauseOn,
    IReadOnlyList<string> ResumeOn,
    TimeLimit? Limit,                            // null when Due is given
    DueRule? Due,                                // e.g. the end of a linked matter, or a field's date
    string? Ladder,
    Condition? When,                             // the clock exists only when this holds (e.g. the report is about a candidate)
    bool Periodic,                               // long-term items: restarts after each progress report
    SourceSpan Where,
    string? StartField = null);                  // a date field: the clock's start date (not counted) is its value, not the day it starts

/// <summary>A due date taken from elsewhere: a date field, or the due date of a linked matter's clock.</summary>
public sealed record DueRule(string FieldOrLink, string? Clock, SourceSpan Where);

/// <summary>A warning ladder: steps relative to the due date (negative = before).</summary>
public sealed record Ladder(string Code, IReadOnlyList<LadderStep> Steps, SourceSpan Where);

public sealed record LadderStep(
    int Offset,                                  // days relative to due; 0 = on the due date; negative = before
    bool WorkingDays,                            // Offset counts working days
    string? Level,                               // yellow | red | null
    IReadOnlyList<ActorSpec> Notify,
    OpenMatter? Open,                            // e.g. a talk (约谈) matter about the person in charge
    bool Bulletin,                               // list in the monthly bulletin (通报)
    SourceSpan Where);

/// <summary>
/// A matter to open. A field value written <c>$field.&lt;code&gt;</c> (<see cref="CopyPrefix"/>) copies that field's value
/// from the matter that opens it; any other value is given as written.
/// </summary>
public sealed record OpenMatter(string Kind, string? About, IReadOnlyDictionary<string, string> Fields, SourceSpan Where)
{
    public const string CopyPrefix = "$field.";

    /// <summary>The source field a value copies, or null when the value is a literal.</summary>
    public static string? CopiedField(string value) =>
        value.StartsWith(CopyPrefix, StringComparison.Ordinal) && value.Length > CopyPrefix.Length ? value[CopyPrefix.Length..] : null;
}

public enum EffectKind { Open, SuspendLinked, ResumeLinked, Publish, Emit }

/// <summary>Something an action does besides changing state. Emit raises a named event that rules elsewhere consume.</summary>
public sealed record Effect(EffectKind Kind, OpenMatter? Open, string? Link, string? Event, SourceSpan Where)
{
    /// <summary>The effect happens only when this holds on the matter as the action leaves it (null = always).</summary>
    public Condition? When { get; init; }
}

public sealed record Route(Condition When, string UnitCode, SourceSpan Where);

public sealed record OpenRule(IReadOnlyList<ActorSpec> By, bool Citizens, bool Anonymous, SourceSpan Where);

/// <summary>What is published to the portal: matters of a kind in some states, with chosen fields.</summary>
public sealed record Publication(string Code, Text Title, string Kind, Condition? When, IReadOnlyList<string> Show, SourceSpan Where);
