using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Changxiao.Kernel.Journal;

namespace Changxiao.Kernel.Matters;

// The facts about matters. Type strings are stable: they are part of the hash chain. Every fact's entity is the
// matter it happened to (Id). Secrets — confidential field values — ride on [JsonIgnore] properties: the store
// encrypts them and journals a digest; the journal itself only sees the "has a value" marker (Confidential.Marker).
// Dates are Asia/Shanghai local dates. Clock facts are named MatterClock… so that they never clash with the
// calendar's own ClockStarted/ClockPaused events (Changxiao.Kernel.Calendar) in a file that uses both.

/// <summary>Base of every matter fact: entity type <c>matter</c>, entity id = the matter.</summary>
public abstract record MatterFact(Guid Id) : IFact
{
    public abstract string Type { get; }

    public string EntityType => "matter";

    public Guid EntityId => Id;
}

/// <summary>
/// A matter was opened. <see cref="Fields"/> are the public values (a confidential field that has a value appears as the
/// marker); <see cref="Secrets"/> are the confidential values, never journaled.
/// </summary>
public sealed record MatterOpened(
    Guid Id,
    string Pack,
    int PackVersion,
    string Kind,
    string Number,
    string State,
    Guid UnitId,
    string UnitPath,
    DateOnly OpenedOn,
    IReadOnlyDictionary<string, JsonNode?> Fields,
    IReadOnlyDictionary<string, IReadOnlyList<Guid>> Parties,
    [property: JsonIgnore] IReadOnlyDictionary<string, JsonNode?> Secrets) : MatterFact(Id)
{
    public override string Type => "matter.opened";
}

/// <summary>
/// An action was taken: state <see cref="From"/> → <see cref="To"/> (they may be equal). <see cref="Changes"/> maps a
/// field to its new public value (null = cleared; a confidential field shows the marker), <see cref="SecretChanges"/>
/// holds the new confidential values. <see cref="PartyChanges"/> maps a party to its new members (empty = cleared).
/// </summary>
public sealed record MatterActed(
    Guid Id,
    string Action,
    string From,
    string To,
    IReadOnlyDictionary<string, JsonNode?> Changes,
    IReadOnlyDictionary<string, IReadOnlyList<Guid>> PartyChanges,
    IReadOnlyList<Guid> Signers,
    string? Comment,
    [property: JsonIgnore] IReadOnlyDictionary<string, JsonNode?> SecretChanges) : MatterFact(Id)
{
    public override string Type => "matter.acted";
}

/// <summary>
/// A clock started on <see cref="Date"/> (not counted) with <see cref="Limit"/> in the canonical English form that
/// <see cref="Calendar.TimeLimit.Parse"/> reads back. <see cref="Due"/> is the due date at the start, for readers.
/// A start for a clock code that already exists replaces it (a restart).
/// </summary>
public sealed record MatterClockStarted(Guid Id, string Clock, DateOnly Date, string Limit, DateOnly Due) : MatterFact(Id)
{
    public override string Type => "matter.clock-started";
}

/// <summary>A clock stopped on <see cref="Date"/>; <see cref="Late"/> when that is after <see cref="Due"/>.</summary>
public sealed record MatterClockStopped(Guid Id, string Clock, DateOnly Date, DateOnly Due, bool Late) : MatterFact(Id)
{
    public override string Type => "matter.clock-stopped";
}

public sealed record MatterClockPaused(Guid Id, string Clock, DateOnly Date, string Reason) : MatterFact(Id)
{
    public override string Type => "matter.clock-paused";
}

public sealed record MatterClockResumed(Guid Id, string Clock, DateOnly Date) : MatterFact(Id)
{
    public override string Type => "matter.clock-resumed";
}

/// <summary>Ladder step <see cref="Step"/> (0-based) of a clock came due on <see cref="Date"/>; <see cref="Level"/> is the step's level, if any.</summary>
public sealed record ClockStepReached(Guid Id, string Clock, int Step, string? Level, DateOnly Date, DateOnly Due) : MatterFact(Id)
{
    public override string Type => "matter.clock-step";
}

/// <summary>
/// Somebody must be told that a ladder step came due: <see cref="People"/> (resolved from parties),
/// <see cref="Roles"/> (role codes: the store notifies their holders over the matter's unit) and, when
/// <see cref="Citizen"/>, the citizen who filed it.
/// </summary>
public sealed record NotificationRequested(
    Guid Id, string Clock, int Step, string? Level, IReadOnlyList<Guid> People, IReadOnlyList<string> Roles, bool Citizen) : MatterFact(Id)
{
    public override string Type => "matter.notification";
}

/// <summary>
/// Another matter must be opened because of this one (a talk about the person in charge). The store opens it as the
/// system, then links both ways (<see cref="MatterLinked"/> with <see cref="MatterRelations.LedTo"/> here and
/// <see cref="MatterRelations.DerivedFrom"/> there). <see cref="Kind"/> may be <c>pack-id/kind</c>;
/// <see cref="Source"/> is <c>action:&lt;code&gt;</c> or <c>clock:&lt;code&gt;#&lt;step&gt;</c>. <see cref="Fields"/> are the
/// new matter's field values as JSON: the pack's literal texts as strings, values copied from this matter
/// (<c>$field.&lt;code&gt;</c>) as they are here.
/// </summary>
public sealed record LinkedMatterRequested(
    Guid Id, string Kind, Guid? About, IReadOnlyDictionary<string, JsonNode?> Fields, string Relation, string Source) : MatterFact(Id)
{
    public override string Type => "matter.linked-requested";
}

/// <summary>A ladder step lists the matter in the monthly bulletin (通报).</summary>
public sealed record BulletinListed(Guid Id, string Clock, int Step, string? Level, DateOnly Date) : MatterFact(Id)
{
    public override string Type => "matter.bulletin";
}

/// <summary>The matters linked by <see cref="Link"/> must be suspended (the store runs <see cref="MatterEngine.Suspend"/> on each).</summary>
public sealed record LinkedSuspended(Guid Id, string Link, IReadOnlyList<Guid> Targets) : MatterFact(Id)
{
    public override string Type => "matter.linked-suspended";
}

/// <summary>The matters linked by <see cref="Link"/> must be resumed (the store runs <see cref="MatterEngine.Resume"/> on each).</summary>
public sealed record LinkedResumed(Guid Id, string Link, IReadOnlyList<Guid> Targets) : MatterFact(Id)
{
    public override string Type => "matter.linked-resumed";
}

/// <summary>The matter is to appear in the publication <see cref="Publication"/> on the portal.</summary>
public sealed record MatterPublished(Guid Id, string Publication) : MatterFact(Id)
{
    public override string Type => "matter.published";
}

/// <summary>
/// A named event for rules elsewhere (records, credit levels): the action, the state after it, the public fields and
/// the parties after it. Confidential fields are left out.
/// </summary>
public sealed record EventEmitted(
    Guid Id,
    string Name,
    string Kind,
    string Action,
    string State,
    IReadOnlyDictionary<string, JsonNode?> Fields,
    IReadOnlyDictionary<string, IReadOnlyList<Guid>> Parties) : MatterFact(Id)
{
    public override string Type => "matter.event";
}

/// <summary>This matter now links to another (a matter field was set, or a linked matter was opened).</summary>
public sealed record MatterLinked(Guid Id, string Relation, Guid OtherId, string OtherKind) : MatterFact(Id)
{
    public override string Type => "matter.linked";
}

/// <summary>A link ended (the matter field that made it was changed or cleared).</summary>
public sealed record MatterUnlinked(Guid Id, string Relation, Guid OtherId) : MatterFact(Id)
{
    public override string Type => "matter.unlinked";
}

/// <summary>The matter was suspended (no actions, clocks paused) — by a linked matter when <see cref="ByMatter"/> is set.</summary>
public sealed record MatterSuspended(Guid Id, string Reason, Guid? ByMatter) : MatterFact(Id)
{
    public override string Type => "matter.suspended";
}

public sealed record MatterResumed(Guid Id, Guid? ByMatter) : MatterFact(Id)
{
    public override string Type => "matter.resumed";
}
