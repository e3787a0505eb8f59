using System.Collections.Frozen;
using System.Text.Json.Nodes;
using Changxiao.Kernel.Calendar;

namespace Changxiao.Kernel.Matters;

// The values the matter engine decides on. The store loads a MatterSnapshot and computes ActingAs;
// the engine returns facts; MatterProjection.Apply folds those facts back into the snapshot.

/// <summary>
/// One clock of a matter: the <see cref="Calendar.Clock"/> (its events), the highest warning level reached so far,
/// and how many ladder steps have fired (the next step to fire is the one at index <see cref="StepsDone"/>).
/// </summary>
public sealed record MatterClock(string Code, Clock Clock, string? Level, int StepsDone);

/// <summary>
/// A link to another matter. <see cref="Relation"/> is <see cref="MatterRelations.DerivedFrom"/>,
/// <see cref="MatterRelations.LedTo"/>, or the code of a matter-type field that names the other matter.
/// </summary>
public sealed record MatterLink(string Relation, Guid OtherId, string OtherKind);

/// <summary>The two relations the kernel itself makes; any other relation is a matter field's code.</summary>
public static class MatterRelations
{
    /// <summary>This matter was opened because of the other one (a talk opened by an overdue report).</summary>
    public const string DerivedFrom = "derived-from";

    /// <summary>This matter caused the other one to be opened.</summary>
    public const string LedTo = "led-to";
}

/// <summary>
/// What the store loads for one decision about a matter.
/// <para>
/// <see cref="Fields"/> holds public field values as normalised JSON (text and choice as strings, number and money
/// as numbers, date as a <c>yyyy-MM-dd</c> string, person/unit/matter as a Guid string, bool, list as an array).
/// A confidential field that has a value appears only as the marker <c>{"confidential":true}</c>
/// (<see cref="Confidential.Marker"/>): the kernel knows that it is set, never what it is. A field without a value is
/// absent. <see cref="Parties"/> holds person or unit ids per party code; a party with nobody is absent.
/// </para>
/// </summary>
public sealed record MatterSnapshot(
    Guid Id,
    string PackId,
    int PackVersion,
    string Kind,
    string Number,
    string State,
    Guid UnitId,
    string UnitPath,
    DateOnly OpenedOn,
    IReadOnlyDictionary<string, JsonNode?> Fields,
    IReadOnlyDictionary<string, IReadOnlyList<Guid>> Parties,
    IReadOnlyList<MatterClock> Clocks,
    IReadOnlyList<MatterLink> Links,
    bool Suspended = false,
    string? SuspendedReason = null)
{
    /// <summary>The clock with this code, or null when it never started.</summary>
    public MatterClock? ClockOf(string code) => Clocks.FirstOrDefault(c => c.Code == code);

    /// <summary>The ids in a party (empty when nobody).</summary>
    public IReadOnlyList<Guid> PartyOf(string code) => Parties.TryGetValue(code, out var ids) ? ids : [];

    /// <summary>True when the field has a value (a confidential field's marker counts).</summary>
    public bool HasField(string code) => Fields.TryGetValue(code, out var v) && v is not null;
}

/// <summary>
/// Who acts, as computed by the store for this matter. <see cref="RolesHere"/> are the role codes (pack roles and
/// system roles) the person holds over the matter's unit — for <see cref="MatterEngine.Open"/>, over the unit
/// <see cref="MatterEngine.RouteUnit"/> chose. <see cref="IsCitizenFiler"/> is true for the citizen who filed the
/// matter (proved by the tracking code), and for a citizen filing one on the portal. <see cref="IsSystem"/> is the
/// sweeper or the CLI: it passes every "who may" check, never the state checks.
/// </summary>
public sealed record ActingAs(Guid? PersonId, string Name, IReadOnlySet<string> RolesHere, bool IsCitizenFiler = false, bool IsSystem = false)
{
    private static readonly IReadOnlySet<string> NoRoles = FrozenSet<string>.Empty;

    public static ActingAs System(string name = "system") => new(null, name, NoRoles, IsSystem: true);

    /// <summary>A citizen on the portal; an empty name means anonymous.</summary>
    public static ActingAs Citizen(string name = "") => new(null, name, NoRoles, IsCitizenFiler: true);

    public static ActingAs Person(Guid id, string name, params string[] rolesHere) => new(id, name, rolesHere.ToFrozenSet(StringComparer.Ordinal));

    /// <summary>The unit the person works in and every unit above it: a recused unit party among them recuses the person.</summary>
    public IReadOnlyList<Guid> HomeUnits { get; init; } = [];
}

/// <summary>What a form sends to open a matter. Field values are raw JSON; the engine validates and normalises them.</summary>
public sealed record OpenInput(
    IReadOnlyDictionary<string, JsonNode?> Fields,
    IReadOnlyDictionary<string, IReadOnlyList<Guid>>? Parties = null,
    Guid? UnitId = null)
{
    /// <summary>
    /// People and units recused from the new matter whatever its kind says: a matter derived from another carries the
    /// source's (<see cref="MatterEngine.RecusedMembers"/>). Only the store sets it (never a form); it becomes the party
    /// <see cref="MatterParties.Recused"/>.
    /// </summary>
    public IReadOnlyList<Guid> Recused { get; init; } = [];
}

/// <summary>Party codes the kernel itself uses; a pack's codes are lower-case names, so these never clash.</summary>
public static class MatterParties
{
    /// <summary>
    /// The people and units recused from a matter derived from another (a talk opened by a late complaint copies the
    /// complaint's text: its subject must not read it). A recused party like a kind's own: a person in it, or anyone
    /// working in or under a unit in it, never sees the matter nor is told of it.
    /// </summary>
    public const string Recused = "$recused";
}

/// <summary>
/// What a form sends to take an action: field values and parties to set (null value or empty list = clear),
/// the people who signed off, whether the confirmation question was answered yes, and a comment.
/// </summary>
public sealed record ActInput(
    IReadOnlyDictionary<string, JsonNode?>? Fields = null,
    IReadOnlyDictionary<string, IReadOnlyList<Guid>>? Parties = null,
    IReadOnlyList<Guid>? Signers = null,
    bool Confirmed = false,
    string? Comment = null);

/// <summary>
/// Read-only questions the engine may need to ask the store, all optional.
/// <list type="bullet">
/// <item><see cref="UnitPath"/>: the path of a unit by id, for a unit given in <see cref="OpenInput.UnitId"/> (null = no such unit).</item>
/// <item><see cref="RolesOf"/>: the roles a signer holds over the matter's unit, for <c>role:</c> sign-offs.</item>
/// <item><see cref="LinkedDue"/>: the due date of another matter's clock (null clock code = its first clock), for a clock
/// whose due date comes from a linked matter (<c>due: end-of(inspection)</c>); null when it has no such clock.</item>
/// </list>
/// </summary>
public sealed record MatterLookups(
    Func<Guid, string?>? UnitPath = null,
    Func<Guid, IReadOnlySet<string>>? RolesOf = null,
    Func<Guid, string?, DateOnly?>? LinkedDue = null)
{
    public static readonly MatterLookups None = new();
}

/// <summary>
/// The "has a value" marker that stands for a confidential field's value everywhere outside the encrypted store:
/// in <see cref="MatterSnapshot.Fields"/>, in <see cref="MatterOpened.Fields"/> and in <see cref="MatterActed.Changes"/>.
/// No field type has JSON objects as values, so the marker cannot be mistaken for one.
/// </summary>
public static class Confidential
{
    /// <summary>A new marker node (a JSON node has one parent, so each use gets its own).</summary>
    public static JsonObject Marker() => new() { ["confidential"] = true };

    public static bool IsMarker(JsonNode? node) =>
        node is JsonObject { Count: 1 } o && o["confidential"] is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.True;
}
