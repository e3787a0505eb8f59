using System.Linq.Expressions;
using Changxiao.Kernel.Access;
using Changxiao.Kernel.Rules;
using Changxiao.Store.Model;
using Microsoft.EntityFrameworkCore;

namespace Changxiao.Store;

/// <summary>
/// The one place where org scope becomes SQL. Every read of units, people, posts, role
/// assignments and accounts goes through these; an entity outside the caller's scope is
/// "not found", so ids of other townships cannot even be probed.
/// </summary>
public sealed class Scoped(ChangxiaoDb db, Actor actor)
{
    public Actor Actor => actor;

    public ChangxiaoDb Db => db;

    public IQueryable<UnitRow> Units(string permission = Permissions.OrgRead) =>
        db.Units.AsNoTracking().Where(UnitFilter(AccessPolicy.ScopeOf(actor, permission)));

    public IQueryable<PersonRow> People(string permission = Permissions.OrgRead)
    {
        var units = Units(permission).Select(u => u.Id);
        return db.People.AsNoTracking().Where(p => units.Contains(p.UnitId));
    }

    public IQueryable<PostRow> Posts(string permission = Permissions.OrgRead)
    {
        var units = Units(permission).Select(u => u.Id);
        return db.Posts.AsNoTracking().Where(p => units.Contains(p.UnitId));
    }

    /// <summary>Role assignments are visible and changeable where their unit is.</summary>
    public IQueryable<RoleAssignmentRow> RoleAssignments(string permission = Permissions.OrgRead)
    {
        var units = Units(permission).Select(u => u.Id);
        return db.RoleAssignments.AsNoTracking().Where(r => units.Contains(r.UnitId));
    }

    /// <summary>An account is reachable where its person's unit is.</summary>
    public IQueryable<AccountRow> Accounts(string permission = Permissions.AccountRead)
    {
        var people = People(permission).Select(p => p.Id);
        return db.Accounts.AsNoTracking().Where(a => people.Contains(a.PersonId));
    }

    public async Task<UnitRow> UnitAsync(Guid id, string permission = Permissions.OrgRead, CancellationToken ct = default) =>
        await Units(permission).FirstOrDefaultAsync(u => u.Id == id, ct) ?? throw NotFoundOrForbidden("unit", id, permission);

    public async Task<PersonRow> PersonAsync(Guid id, string permission = Permissions.OrgRead, CancellationToken ct = default) =>
        await People(permission).FirstOrDefaultAsync(p => p.Id == id, ct) ?? throw NotFoundOrForbidden("person", id, permission);

    public async Task<PostRow> PostAsync(Guid id, string permission = Permissions.OrgRead, CancellationToken ct = default) =>
        await Posts(permission).FirstOrDefaultAsync(p => p.Id == id, ct) ?? throw NotFoundOrForbidden("post", id, permission);

    public async Task<AccountRow> AccountAsync(Guid id, string permission = Permissions.AccountRead, CancellationToken ct = default) =>
        await Accounts(permission).FirstOrDefaultAsync(a => a.Id == id, ct) ?? throw NotFoundOrForbidden("account", id, permission);

    /// <summary>Callers that may read but not write get 403 rather than 404 — they already know it exists.</summary>
    private Exception NotFoundOrForbidden(string entity, Guid id, string permission)
    {
        if (permission is Permissions.OrgWrite or Permissions.AccountWrite or Permissions.RoleAssign)
        {
            var read = permission == Permissions.AccountWrite ? Permissions.AccountRead : Permissions.OrgRead;
            var visible = entity switch
            {
                "unit" => Units(read).Any(u => u.Id == id),
                "person" => People(read).Any(p => p.Id == id),
                "post" => Posts(read).Any(p => p.Id == id),
                "account" => Accounts(read).Any(a => a.Id == id),
                _ => false,
            };
            if (visible) return new ForbiddenException(permission);
        }
        return new NotFoundException(entity, id.ToString("N"));
    }

    public void Require(string permission)
    {
        if (!actor.PermissionNames.Contains(permission)) throw new ForbiddenException(permission);
    }

    public void RequireGlobal(string permission)
    {
        if (!AccessPolicy.HasGlobal(actor, permission)) throw new ForbiddenException(permission);
    }

    private static Expression<Func<UnitRow, bool>> UnitFilter(UnitScope scope)
    {
        if (scope.All) return _ => true;
        if (scope.IsEmpty) return _ => false;
        var u = Expression.Parameter(typeof(UnitRow), "u");
        Expression? body = null;
        if (scope.Units.Count > 0)
        {
            var ids = scope.Units.ToList();
            Expression<Func<UnitRow, bool>> inIds = x => ids.Contains(x.Id);
            body = Expression.Invoke(inIds, u);
        }
        foreach (var prefix in scope.SubtreePaths)
        {
            Expression<Func<UnitRow, bool>> under = x => x.Path.StartsWith(prefix);
            var call = Expression.Invoke(under, u);
            body = body is null ? call : Expression.OrElse(body, call);
        }
        return Expression.Lambda<Func<UnitRow, bool>>(body!, u);
    }
}
