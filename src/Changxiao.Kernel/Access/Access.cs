using Changxiao.Kernel.Org;

namespace Changxiao.Kernel.Access;

/// <summary>What a role lets its holder do. Names are stable: the console checks them.</summary>
public static class Permissions
{
    public const string OrgRead = "org.read";
    public const string OrgWrite = "org.write";
    public const string AccountRead = "account.read";
    public const string AccountWrite = "account.write";
    public const string RoleAssign = "role.assign";
    public const string JournalRead = "journal.read";
    public const string MatterRead = "matter.read";
}

public sealed record Role(string Code, string TitleZh, string TitleEn, IReadOnlyList<string> Permissions);

/// <summary>The kernel's own roles. Mechanism packs add roles of their own.</summary>
public static class SystemRoles
{
    public static readonly Role Sysadmin = new("sysadmin", "系统管理员", "System administrator",
        [Permissions.OrgRead, Permissions.OrgWrite, Permissions.AccountRead, Permissions.AccountWrite, Permissions.RoleAssign, Permissions.JournalRead, Permissions.MatterRead]);

    public static readonly Role OrgAdmin = new("org-admin", "组织管理员", "Organisation administrator",
        [Permissions.OrgRead, Permissions.OrgWrite, Permissions.AccountRead, Permissions.AccountWrite, Permissions.RoleAssign]);

    public static readonly Role Officer = new("officer", "工作人员", "Officer", [Permissions.OrgRead, Permissions.MatterRead]);

    public static readonly Role Auditor = new("auditor", "审计员", "Auditor", [Permissions.OrgRead, Permissions.JournalRead, Permissions.MatterRead]);

    public static readonly IReadOnlyList<Role> All = [Sysadmin, OrgAdmin, Officer, Auditor];

    public static Role? Find(string code) => All.FirstOrDefault(r => r.Code == code);
}

/// <summary>One role held over one unit, alone or with its whole subtree.</summary>
public sealed record Grant(string Role, Guid UnitId, string UnitPath, bool Subtree)
{
    /// <summary>Whether this grant reaches a unit: the unit itself, or anything under it for a subtree grant.</summary>
    public bool Covers(Guid unitId, string unitPath) =>
        UnitId == unitId || (Subtree && Org.UnitPath.IsWithin(unitPath, UnitPath));
}

/// <summary>Who is acting. The system actor (CLI, sweeper, demo seeding) may do anything.</summary>
public sealed record Actor(Guid? AccountId, Guid? PersonId, string Name, IReadOnlyList<Grant> Grants, bool IsSystem = false)
{
    public static Actor System(string name = "system") => new(null, null, name, [], true);

    /// <summary>The path of the unit the person works in (null when unknown): a matter about that unit, or one above it, is one they are recused from.</summary>
    public string? HomePath { get; init; }

    public IEnumerable<string> PermissionNames =>
        IsSystem
            ? SystemRoles.Sysadmin.Permissions
            : Grants.SelectMany(g => SystemRoles.Find(g.Role)?.Permissions ?? []).Distinct();
}

/// <summary>
/// The units a permission reaches: everything, or a set of subtrees (by path prefix) and single units.
/// Store queries apply it in one place; nothing else filters by org.
/// </summary>
public sealed record UnitScope(bool All, IReadOnlyList<string> SubtreePaths, IReadOnlyList<Guid> Units)
{
    public static readonly UnitScope Nothing = new(false, [], []);
    public static readonly UnitScope Everything = new(true, [], []);

    public bool IsEmpty => !All && SubtreePaths.Count == 0 && Units.Count == 0;

    public bool Contains(Guid unitId, string unitPath) =>
        All || Units.Contains(unitId) || SubtreePaths.Any(p => UnitPath.IsWithin(unitPath, p));
}

/// <summary>The one place that decides role × org scope.</summary>
public static class AccessPolicy
{
    public static UnitScope ScopeOf(Actor actor, string permission)
    {
        if (actor.IsSystem) return UnitScope.Everything;
        var grants = actor.Grants.Where(g => Grants(g.Role, permission)).ToList();
        if (grants.Count == 0) return UnitScope.Nothing;
        // A grant on a root unit's subtree is "everything" only in effect; keep it as a prefix so
        // a second county in the same database stays out of reach.
        var subtrees = grants.Where(g => g.Subtree).Select(g => g.UnitPath).Distinct().ToList();
        var singles = grants.Where(g => !g.Subtree).Select(g => g.UnitId).Distinct().ToList();
        return new UnitScope(false, subtrees, singles);
    }

    /// <summary>
    /// Whether a role carries a permission. A mechanism pack's role ("pack-id/role") also lets its
    /// holder read the org where they hold it — a handler must be able to pick colleagues and units.
    /// </summary>
    public static bool Grants(string role, string permission) =>
        SystemRoles.Find(role)?.Permissions.Contains(permission) == true
        || (permission == Permissions.OrgRead && role.Contains('/'));

    /// <summary>Global permissions (the journal as a whole, system settings) need a grant on a root unit's subtree.</summary>
    public static bool HasGlobal(Actor actor, string permission) =>
        actor.IsSystem || actor.Grants.Any(g => g.Subtree && UnitPath.Depth(g.UnitPath) == 0
                                                && SystemRoles.Find(g.Role)?.Permissions.Contains(permission) == true);

    /// <summary>The org decision (<see cref="OrgAccess"/>) for one actor; an import makes it once and asks it for every row.</summary>
    public static OrgAccess ForOrg(Actor actor) => new(actor);

    /// <summary>
    /// No one hands out what they do not hold. A role over a unit — or over its whole subtree — is granted only by
    /// someone who holds role.assign over that unit and holds what the role gives over the same reach: every
    /// permission of a system role; for a pack role, that role itself, or sysadmin (who seeds pack roles, which
    /// nobody holds at first). Nobody grants a role to their own person. The system actor (CLI, demo) grants anything.
    /// </summary>
    public static bool MayGrant(Actor granter, Guid personId, string role, Place unit, bool subtree)
    {
        if (granter.IsSystem) return true;
        if (granter.PersonId == personId) return false;
        if (!granter.Grants.Any(g => g.Covers(unit.UnitId, unit.Path) && Grants(g.Role, Permissions.RoleAssign))) return false;
        // A subtree grant reaches everything under the unit, so the granter's hold must reach all of it too.
        var reaching = granter.Grants.Where(g => subtree
            ? g.Subtree && UnitPath.IsWithin(unit.Path, g.UnitPath)
            : g.Covers(unit.UnitId, unit.Path)).ToList();
        if (role.Contains('/'))
            return reaching.Any(g => g.Role == role || g.Role == SystemRoles.Sysadmin.Code);
        return SystemRoles.Find(role) is { } system && system.Permissions.All(p => reaching.Any(g => Grants(g.Role, p)));
    }
}

/// <summary>
/// A unit as access sees it: its id and materialised path. <see cref="Top"/> stands above every root unit: it is
/// where a new root unit (another county) goes.
/// </summary>
public sealed record Place(Guid UnitId, string Path)
{
    public static readonly Place Top = new(Guid.Empty, "");

    public bool IsTop => UnitId == Guid.Empty;

    public static Place Of(UnitView unit) => new(unit.Id, unit.Path);
}

/// <summary>The part of an org command that access refused.</summary>
public enum OrgPart
{
    /// <summary>The unit, person or post changed, where it is now.</summary>
    Object,

    /// <summary>Where the command puts it: a unit's parent, a person's or post's unit.</summary>
    Place,

    /// <summary>A person the command names: a post's holder.</summary>
    Holder,
}

/// <summary>
/// Why access refused an org command: the part, and whether the actor may read it (403: it knows the thing is
/// there) or not (404: it must learn nothing of it, not even that it exists).
/// </summary>
public sealed record OrgRefusal(OrgPart Part, bool Visible);

/// <summary>
/// The one decision on org commands — units, people, posts — whoever sends them: the API, an import row, the CLI.
/// The object must be writable where it is now and where the command puts it, and a person the command names (a
/// post's holder) readable. A new root unit needs org.write over a whole root unit's subtree.
/// </summary>
public sealed class OrgAccess
{
    private readonly bool _system;
    private readonly bool _top;
    private readonly UnitScope _write;
    private readonly UnitScope _read;

    internal OrgAccess(Actor actor)
    {
        _system = actor.IsSystem;
        _top = AccessPolicy.HasGlobal(actor, Permissions.OrgWrite);
        _write = AccessPolicy.ScopeOf(actor, Permissions.OrgWrite);
        _read = AccessPolicy.ScopeOf(actor, Permissions.OrgRead);
    }

    /// <param name="now">Where the object is: a unit is its own place, a person or post is at its unit; null for a new object.</param>
    /// <param name="next">
    /// Where the command puts it: a unit under its parent (<see cref="Place.Top"/> for a root), a person or post at
    /// its unit; null when the command names no place (the kernel refuses such a command for lack of one).
    /// </param>
    /// <param name="holder">Where a person the command names is (a post's holder), or null.</param>
    /// <returns>null when the command may run.</returns>
    public OrgRefusal? Change(Place? now, Place? next, Place? holder = null)
    {
        if (now is not null && !Writes(now)) return new(OrgPart.Object, Reads(now));
        if (next is not null && !Writes(next)) return new(OrgPart.Place, next.IsTop || Reads(next));
        if (holder is not null && !Reads(holder)) return new(OrgPart.Holder, false);
        return null;
    }

    /// <summary>
    /// How a code the actor asks for stands, given where the thing holding it is (null: nothing holds it). Codes
    /// are unique across the database, so a code held outside the actor's sight is refused without saying why.
    /// </summary>
    public CodeUse UseOfCode(Place? holder) =>
        holder is null ? CodeUse.Free : Reads(holder) ? CodeUse.Taken : CodeUse.Unavailable;

    private bool Writes(Place p) => _system || (p.IsTop ? _top : _write.Contains(p.UnitId, p.Path));

    private bool Reads(Place p) => _system || (!p.IsTop && _read.Contains(p.UnitId, p.Path));
}
