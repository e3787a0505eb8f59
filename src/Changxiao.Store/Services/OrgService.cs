using Changxiao.Kernel.Access;
using Changxiao.Kernel.Org;
using Changxiao.Kernel.Rules;
using Changxiao.Store.Model;
using Microsoft.EntityFrameworkCore;

namespace Changxiao.Store.Services;

/// <summary>Org commands: authorise (through <see cref="Scoped"/>), decide (kernel), record (Writer).</summary>
public sealed class OrgService(ChangxiaoDb db, Writer writer, UnitKinds kinds, Matters.PackCatalog? packs = null)
{
    public async Task<UnitRow> CreateUnitAsync(Actor actor, UnitInput input, CancellationToken ct = default)
    {
        var id = Guid.CreateVersion7();
        await writer.RunAsync(actor, async w =>
        {
            var s = new Scoped(w.Db, actor);
            UnitView? parent = null;
            if (input.ParentId is { } pid) parent = View(await s.UnitAsync(pid, Permissions.OrgWrite, ct));
            else s.RequireGlobal(Permissions.OrgWrite); // a new root unit (another county) is a system matter
            var taken = await w.Db.Units.AnyAsync(u => u.Code == (input.Code ?? "").Trim(), ct);
            w.Record(OrgDecisions.CreateUnit(id, input, kinds, parent, taken));
        }, ct);
        return await db.Units.AsNoTracking().SingleAsync(u => u.Id == id, ct);
    }

    public async Task<UnitRow> UpdateUnitAsync(Actor actor, Guid id, UnitInput input, CancellationToken ct = default)
    {
        await writer.RunAsync(actor, async w =>
        {
            var s = new Scoped(w.Db, actor);
            var current = View(await s.UnitAsync(id, Permissions.OrgWrite, ct));
            UnitView? parent = null;
            if (input.ParentId is { } pid) parent = View(await s.UnitAsync(pid, Permissions.OrgWrite, ct));
            var code = (input.Code ?? "").Trim();
            var taken = await w.Db.Units.AnyAsync(u => u.Code == code && u.Id != id, ct);
            w.Record(OrgDecisions.UpdateUnit(current, input, kinds, parent, taken));
        }, ct);
        return await db.Units.AsNoTracking().SingleAsync(u => u.Id == id, ct);
    }

    public async Task<PersonRow> CreatePersonAsync(Actor actor, PersonInput input, CancellationToken ct = default)
    {
        var id = Guid.CreateVersion7();
        await writer.RunAsync(actor, async w =>
        {
            var s = new Scoped(w.Db, actor);
            if (input.UnitId is { } uid) await s.UnitAsync(uid, Permissions.OrgWrite, ct);
            var code = (input.Code ?? "").Trim();
            var taken = await w.Db.People.AnyAsync(p => p.Code == code, ct);
            w.Record(OrgDecisions.CreatePerson(id, input, taken));
        }, ct);
        return await db.People.AsNoTracking().SingleAsync(p => p.Id == id, ct);
    }

    public async Task<PersonRow> UpdatePersonAsync(Actor actor, Guid id, PersonInput input, CancellationToken ct = default)
    {
        await writer.RunAsync(actor, async w =>
        {
            var s = new Scoped(w.Db, actor);
            var p = await s.PersonAsync(id, Permissions.OrgWrite, ct);
            if (input.UnitId is { } uid) await s.UnitAsync(uid, Permissions.OrgWrite, ct);
            var code = (input.Code ?? "").Trim();
            var taken = await w.Db.People.AnyAsync(x => x.Code == code && x.Id != id, ct);
            w.Record(OrgDecisions.UpdatePerson(new PersonView(p.Id, p.Code, p.Name, p.UnitId, ""), input, taken));
        }, ct);
        return await db.People.AsNoTracking().SingleAsync(p => p.Id == id, ct);
    }

    public async Task<PostRow> CreatePostAsync(Actor actor, PostInput input, CancellationToken ct = default)
    {
        var id = Guid.CreateVersion7();
        await writer.RunAsync(actor, async w =>
        {
            await CheckPostRefs(new Scoped(w.Db, actor), input, ct);
            w.Record(OrgDecisions.CreatePost(id, input));
        }, ct);
        return await db.Posts.AsNoTracking().SingleAsync(p => p.Id == id, ct);
    }

    public async Task<PostRow> UpdatePostAsync(Actor actor, Guid id, PostInput input, CancellationToken ct = default)
    {
        await writer.RunAsync(actor, async w =>
        {
            var s = new Scoped(w.Db, actor);
            await s.PostAsync(id, Permissions.OrgWrite, ct);
            await CheckPostRefs(s, input, ct);
            w.Record(OrgDecisions.UpdatePost(id, input));
        }, ct);
        return await db.Posts.AsNoTracking().SingleAsync(p => p.Id == id, ct);
    }

    private static async Task CheckPostRefs(Scoped s, PostInput input, CancellationToken ct)
    {
        if (input.UnitId is { } uid) await s.UnitAsync(uid, Permissions.OrgWrite, ct);
        if (input.HolderId is { } hid) await s.PersonAsync(hid, Permissions.OrgRead, ct);
    }

    public async Task<RoleAssignmentRow> AssignRoleAsync(Actor actor, Guid? personId, string? role, Guid? unitId, bool subtree, CancellationToken ct = default)
    {
        var id = Guid.CreateVersion7();
        await writer.RunAsync(actor, async w =>
        {
            var s = new Scoped(w.Db, actor);
            var f = new Check.Fields();
            f.When(personId is null, "personId", "必填");
            f.When(unitId is null, "unitId", "必填");
            f.When(string.IsNullOrWhiteSpace(role), "role", "必填");
            var packRole = role is not null && (packs ?? Matters.PackCatalog.Empty).FindRole(role) is not null;
            f.When(!string.IsNullOrWhiteSpace(role) && SystemRoles.Find(role) is null && !packRole, "role", $"未知的角色：{role}");
            f.ThrowIfAny();
            await s.PersonAsync(personId!.Value, Permissions.OrgRead, ct);
            await s.UnitAsync(unitId!.Value, Permissions.RoleAssign, ct);
            // No one hands out more than they hold: the granted role's permissions must all be the granter's.
            var missing = (SystemRoles.Find(role!)?.Permissions ?? []).Except(actor.PermissionNames).ToList();
            if (missing.Count > 0) throw new ForbiddenException(missing[0]);
            var exists = await w.Db.RoleAssignments.AnyAsync(r => r.PersonId == personId && r.Role == role && r.UnitId == unitId, ct);
            Check.Rule(Rule.Of("role.already-assigned", "该人员在该单位已有此角色", () => exists));
            w.Record(new RoleAssigned(id, personId.Value, role!, unitId.Value, subtree));
        }, ct);
        return await db.RoleAssignments.AsNoTracking().SingleAsync(r => r.Id == id, ct);
    }

    public async Task RevokeRoleAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        await writer.RunAsync(actor, async w =>
        {
            var s = new Scoped(w.Db, actor);
            var r = await s.RoleAssignments(Permissions.RoleAssign).FirstOrDefaultAsync(x => x.Id == id, ct)
                    ?? throw new NotFoundException("role-assignment", id.ToString("N"));
            w.Record(new RoleRevoked(r.Id, r.PersonId, r.Role, r.UnitId));
        }, ct);
    }

    internal static UnitView View(UnitRow u) => new(u.Id, u.Code, u.Name, u.Kind, u.ParentId, u.Path);
}
