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
}
