using Changxiao.Kernel.Access;
using Changxiao.Kernel.Org;
using Changxiao.Kernel.Rules;
using Changxiao.Store.Model;
using Microsoft.EntityFrameworkCore;

namespace Changxiao.Store.Services;

/// <summary>
/// Org commands: authorise (<see cref="OrgAccess"/>, on the object's current and new place — the same decision an
/// import row gets), decide (kernel), record (Writer).
/// </summary>
public sealed class OrgService(ChangxiaoDb db, Writer writer, UnitKinds kinds, Matters.PackCatalog? packs = null)
{
    public async Task<UnitRow> CreateUnitAsync(Actor actor, UnitInput input, CancellationToken ct = default)
    {
        var id = Guid.CreateVersion7();
        await writer.RunAsync(actor, async w =>
        {
            var access = AccessPolicy.ForOrg(actor);
            var parent = await UnitAsync(w.Db, input.ParentId, ct);
            Allow(access.Change(null, input.ParentId is null ? Place.Top : PlaceOf(parent)), "unit", id, input.ParentId, null);
            var parentView = parent is null ? null : View(parent);
            if (input.ParentId is { } pid && parentView is null) throw new NotFoundException("unit", pid.ToString("N"));
            var code = access.UseOfCode(await UnitHoldingAsync(w.Db, input.Code, except: null, ct));
            w.Record(OrgDecisions.CreateUnit(id, input, kinds, parentView, code));
        }, ct);
        return await db.Units.AsNoTracking().SingleAsync(u => u.Id == id, ct);
    }

    public async Task<UnitRow> UpdateUnitAsync(Actor actor, Guid id, UnitInput input, CancellationToken ct = default)
    {
        await writer.RunAsync(actor, async w =>
        {
            var access = AccessPolicy.ForOrg(actor);
            var current = await UnitAsync(w.Db, id, ct) ?? throw new NotFoundException("unit", id.ToString("N"));
            var parent = await UnitAsync(w.Db, input.ParentId, ct);
            Allow(access.Change(PlaceOf(current), input.ParentId is null ? Place.Top : PlaceOf(parent)), "unit", id, input.ParentId, null);
            if (input.ParentId is { } pid && parent is null) throw new NotFoundException("unit", pid.ToString("N"));
            var code = access.UseOfCode(await UnitHoldingAsync(w.Db, input.Code, except: id, ct));
            w.Record(OrgDecisions.UpdateUnit(View(current), input, kinds, parent is null ? null : View(parent), code));
        }, ct);
        return await db.Units.AsNoTracking().SingleAsync(u => u.Id == id, ct);
    }

    public async Task<PersonRow> CreatePersonAsync(Actor actor, PersonInput input, CancellationToken ct = default)
    {
        var id = Guid.CreateVersion7();
        await writer.RunAsync(actor, async w =>
        {
            var access = AccessPolicy.ForOrg(actor);
            var unit = await UnitAsync(w.Db, input.UnitId, ct);
            Allow(access.Change(null, PlaceOf(unit)), "person", id, input.UnitId, null);
            if (input.UnitId is { } uid && unit is null) throw new NotFoundException("unit", uid.ToString("N"));
            var code = access.UseOfCode(await PersonHoldingAsync(w.Db, input.Code, except: null, ct));
            w.Record(OrgDecisions.CreatePerson(id, input, code));
        }, ct);
        return await db.People.AsNoTracking().SingleAsync(p => p.Id == id, ct);
    }

    public async Task<PersonRow> UpdatePersonAsync(Actor actor, Guid id, PersonInput input, CancellationToken ct = default)
    {
        await writer.RunAsync(actor, async w =>
        {
            var access = AccessPolicy.ForOrg(actor);
            var current = await (from p in w.Db.People.AsNoTracking()
                                 join u in w.Db.Units.AsNoTracking() on p.UnitId equals u.Id
                                 where p.Id == id
                                 select new PersonView(p.Id, p.Code, p.Name, p.UnitId, u.Path)).FirstOrDefaultAsync(ct)
                          ?? throw new NotFoundException("person", id.ToString("N"));
            var unit = await UnitAsync(w.Db, input.UnitId, ct);
            Allow(access.Change(new Place(current.UnitId, current.UnitPath), PlaceOf(unit)), "person", id, input.UnitId, null);
            if (input.UnitId is { } uid && unit is null) throw new NotFoundException("unit", uid.ToString("N"));
            var code = access.UseOfCode(await PersonHoldingAsync(w.Db, input.Code, except: id, ct));
            w.Record(OrgDecisions.UpdatePerson(current, input, code));
        }, ct);
        return await db.People.AsNoTracking().SingleAsync(p => p.Id == id, ct);
    }

    public async Task<PostRow> CreatePostAsync(Actor actor, PostInput input, CancellationToken ct = default)
    {
        var id = Guid.CreateVersion7();
        await writer.RunAsync(actor, async w =>
        {
            await AuthorisePostAsync(w.Db, actor, null, id, input, ct);
            w.Record(OrgDecisions.CreatePost(id, input));
        }, ct);
        return await db.Posts.AsNoTracking().SingleAsync(p => p.Id == id, ct);
    }

    public async Task<PostRow> UpdatePostAsync(Actor actor, Guid id, PostInput input, CancellationToken ct = default)
    {
        await writer.RunAsync(actor, async w =>
        {
            var now = await (from p in w.Db.Posts.AsNoTracking()
                             join u in w.Db.Units.AsNoTracking() on p.UnitId equals u.Id
                             where p.Id == id
                             select new Place(u.Id, u.Path)).FirstOrDefaultAsync(ct)
                      ?? throw new NotFoundException("post", id.ToString("N"));
            await AuthorisePostAsync(w.Db, actor, now, id, input, ct);
            w.Record(OrgDecisions.UpdatePost(id, input));
        }, ct);
        return await db.Posts.AsNoTracking().SingleAsync(p => p.Id == id, ct);
    }

    /// <summary>A post is changed where its unit is, and may name as holder only someone the actor can see.</summary>
    private static async Task AuthorisePostAsync(ChangxiaoDb db, Actor actor, Place? now, Guid id, PostInput input, CancellationToken ct)
    {
        var unit = await UnitAsync(db, input.UnitId, ct);
        var holder = input.HolderId is { } hid
            ? await (from p in db.People.AsNoTracking()
                     join u in db.Units.AsNoTracking() on p.UnitId equals u.Id
                     where p.Id == hid
                     select new Place(u.Id, u.Path)).FirstOrDefaultAsync(ct)
            : null;
        Allow(AccessPolicy.ForOrg(actor).Change(now, PlaceOf(unit), holder), "post", id, input.UnitId, input.HolderId);
        if (input.UnitId is { } uid && unit is null) throw new NotFoundException("unit", uid.ToString("N"));
        if (input.HolderId is { } h && holder is null) throw new NotFoundException("person", h.ToString("N"));
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
            var unit = await s.UnitAsync(unitId!.Value, Permissions.OrgRead, ct);
            if (!AccessPolicy.MayGrant(actor, personId.Value, role!, new Place(unit.Id, unit.Path), subtree))
                throw new ForbiddenException(Permissions.RoleAssign);
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

    /// <summary>
    /// A refused command: 403 for what the actor can see, 404 for what it cannot — it learns nothing of that, the
    /// same answer as for an id that names nothing.
    /// </summary>
    private static void Allow(OrgRefusal? refusal, string entity, Guid id, Guid? placeId, Guid? holderId)
    {
        if (refusal is null) return;
        if (refusal.Visible) throw new ForbiddenException(Permissions.OrgWrite);
        var (what, which) = refusal.Part switch
        {
            OrgPart.Object => (entity, id),
            OrgPart.Place => ("unit", placeId ?? Guid.Empty),
            _ => ("person", holderId ?? Guid.Empty),
        };
        throw new NotFoundException(what, which.ToString("N"));
    }

    private static Place? PlaceOf(UnitRow? u) => u is null ? null : new Place(u.Id, u.Path);

    /// <summary>A unit looked up for an access decision (not through <see cref="Scoped"/>: access decides on it), or null.</summary>
    private static async Task<UnitRow?> UnitAsync(ChangxiaoDb db, Guid? id, CancellationToken ct) =>
        id is { } x ? await db.Units.AsNoTracking().FirstOrDefaultAsync(u => u.Id == x, ct) : null;

    /// <summary>Where the unit holding a code is (other than <paramref name="except"/>), or null when the code is free.</summary>
    private static async Task<Place?> UnitHoldingAsync(ChangxiaoDb db, string? code, Guid? except, CancellationToken ct)
    {
        var c = (code ?? "").Trim();
        return await db.Units.AsNoTracking().Where(u => u.Code == c && (except == null || u.Id != except.Value))
            .Select(u => new Place(u.Id, u.Path)).FirstOrDefaultAsync(ct);
    }

    /// <summary>Where the person holding a code is (other than <paramref name="except"/>), or null when the code is free.</summary>
    private static async Task<Place?> PersonHoldingAsync(ChangxiaoDb db, string? code, Guid? except, CancellationToken ct)
    {
        var c = (code ?? "").Trim();
        return await (from p in db.People.AsNoTracking()
                      join u in db.Units.AsNoTracking() on p.UnitId equals u.Id
                      where p.Code == c && (except == null || p.Id != except.Value)
                      select new Place(u.Id, u.Path)).FirstOrDefaultAsync(ct);
    }
}
