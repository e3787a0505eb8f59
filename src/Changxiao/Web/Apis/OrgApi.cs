using Changxiao.Kernel.Access;
using Changxiao.Kernel.Org;
using Changxiao.Store;
using Changxiao.Store.Services;
using Microsoft.EntityFrameworkCore;

namespace Changxiao.Web.Apis;

public static class OrgApi
{
    public sealed record UnitBody(string? Code, string? Name, string? Kind, Guid? ParentId);
    public sealed record PersonBody(string? Code, string? Name, Guid? UnitId, string? Phone, string? Email);
    public sealed record PostBody(Guid? UnitId, string? Title, string? Rank, Guid? HolderId);
    public sealed record RoleAssignmentBody(Guid? PersonId, string? Role, Guid? UnitId, bool Subtree = true);

    public static RouteGroupBuilder MapOrgApi(this RouteGroupBuilder api)
    {
        api.MapGet("/unit-kinds", (UnitKinds kinds) => kinds.All.Select(k => new UnitKindDto(k.Code, k.TitleZh, k.TitleEn)))
            .WithName("ListUnitKinds");

        api.MapGet("/units", async (HttpContext http, ChangxiaoDb db, UnitKinds kinds) =>
        {
            var s = new Scoped(db, await http.ActorAsync());
            var counts = await s.People().GroupBy(p => p.UnitId).Select(g => new { g.Key, N = g.Count() })
                .ToDictionaryAsync(x => x.Key, x => x.N, http.RequestAborted);
            var units = await s.Units().OrderBy(u => u.Depth).ThenBy(u => u.Code).ToListAsync(http.RequestAborted);
            return units.Select(u => ToDto(u, kinds, counts.GetValueOrDefault(u.Id)));
        }).WithName("ListUnits");

        api.MapGet("/units/{id:guid}", async (Guid id, HttpContext http, ChangxiaoDb db, UnitKinds kinds) =>
        {
            var s = new Scoped(db, await http.ActorAsync());
            var u = await s.UnitAsync(id, ct: http.RequestAborted);
            return ToDto(u, kinds, await s.People().CountAsync(p => p.UnitId == id, http.RequestAborted));
        }).WithName("GetUnit");

        api.MapPost("/units", async (UnitBody body, HttpContext http, OrgService org, UnitKinds kinds) =>
        {
            var u = await org.CreateUnitAsync(await http.ActorAsync(), new UnitInput(body.Code, body.Name, body.Kind, body.ParentId), http.RequestAborted);
            return TypedResults.Created($"/api/v1/units/{u.Id}", ToDto(u, kinds, 0));
        }).WithName("CreateUnit");

        api.MapPut("/units/{id:guid}", async (Guid id, UnitBody body, HttpContext http, OrgService org, UnitKinds kinds, ChangxiaoDb db) =>
        {
            var u = await org.UpdateUnitAsync(await http.ActorAsync(), id, new UnitInput(body.Code, body.Name, body.Kind, body.ParentId), http.RequestAborted);
            return ToDto(u, kinds, await db.People.CountAsync(p => p.UnitId == id, http.RequestAborted));
        }).WithName("UpdateUnit");

        api.MapGet("/people", async (Guid? unitId, bool? subtree, string? q, int? page, int? pageSize, HttpContext http, ChangxiaoDb db) =>
        {
            var s = new Scoped(db, await http.ActorAsync());
            var people = s.People();
            if (unitId is { } uid)
            {
                var unit = await s.UnitAsync(uid, ct: http.RequestAborted);
                if (subtree == true)
                {
                    var under = s.Units().Where(u => u.Path.StartsWith(unit.Path)).Select(u => u.Id);
                    people = people.Where(p => under.Contains(p.UnitId));
                }
                else people = people.Where(p => p.UnitId == uid);
            }
            if (!string.IsNullOrWhiteSpace(q))
            {
                var t = q.Trim();
                people = people.Where(p => p.Name.Contains(t) || p.Code.Contains(t) || (p.Phone != null && p.Phone.Contains(t)));
            }
            var size = Math.Clamp(pageSize ?? 20, 1, 200);
            var skip = (Math.Max(page ?? 1, 1) - 1) * size;
            var total = await people.LongCountAsync(http.RequestAborted);
            var items = await (from p in people.OrderBy(p => p.Code).Skip(skip).Take(size)
                               join u in db.Units on p.UnitId equals u.Id
                               select new PersonDto(p.Id, p.Code, p.Name, p.UnitId, u.Name, p.Phone, p.Email)).ToListAsync(http.RequestAborted);
            return new Page<PersonDto>(items, total);
        }).WithName("ListPeople");

        api.MapGet("/people/{id:guid}", async (Guid id, HttpContext http, ChangxiaoDb db) =>
        {
            var p = await new Scoped(db, await http.ActorAsync()).PersonAsync(id, ct: http.RequestAborted);
            return await PersonDto(db, p, http.RequestAborted);
        }).WithName("GetPerson");

        api.MapPost("/people", async (PersonBody body, HttpContext http, OrgService org, ChangxiaoDb db) =>
        {
            var p = await org.CreatePersonAsync(await http.ActorAsync(), new PersonInput(body.Code, body.Name, body.UnitId, body.Phone, body.Email), http.RequestAborted);
            return TypedResults.Created($"/api/v1/people/{p.Id}", await PersonDto(db, p, http.RequestAborted));
        }).WithName("CreatePerson");

        api.MapPut("/people/{id:guid}", async (Guid id, PersonBody body, HttpContext http, OrgService org, ChangxiaoDb db) =>
        {
            var p = await org.UpdatePersonAsync(await http.ActorAsync(), id, new PersonInput(body.Code, body.Name, body.UnitId, body.Phone, body.Email), http.RequestAborted);
            return await PersonDto(db, p, http.RequestAborted);
        }).WithName("UpdatePerson");

        api.MapGet("/posts", async (Guid? unitId, HttpContext http, ChangxiaoDb db) =>
        {
            var s = new Scoped(db, await http.ActorAsync());
            var posts = s.Posts();
            if (unitId is { } uid) posts = posts.Where(p => p.UnitId == uid);
            return await (from p in posts.OrderBy(p => p.Rank == "top" ? 0 : p.Rank == "principal" ? 1 : p.Rank == "deputy" ? 2 : 3).ThenBy(p => p.Title).Take(1000)
                          join h in db.People on p.HolderId equals h.Id into hs
                          from h in hs.DefaultIfEmpty()
                          select new PostDto(p.Id, p.UnitId, p.Title, p.Rank, p.HolderId, h == null ? null : h.Name)).ToListAsync(http.RequestAborted);
        }).WithName("ListPosts");

        api.MapPost("/posts", async (PostBody body, HttpContext http, OrgService org, ChangxiaoDb db) =>
        {
            var p = await org.CreatePostAsync(await http.ActorAsync(), new PostInput(body.UnitId, body.Title, body.Rank, body.HolderId), http.RequestAborted);
            return TypedResults.Created($"/api/v1/posts/{p.Id}", await PostDto(db, p, http.RequestAborted));
        }).WithName("CreatePost");

        api.MapPut("/posts/{id:guid}", async (Guid id, PostBody body, HttpContext http, OrgService org, ChangxiaoDb db) =>
        {
            var p = await org.UpdatePostAsync(await http.ActorAsync(), id, new PostInput(body.UnitId, body.Title, body.Rank, body.HolderId), http.RequestAborted);
            return await PostDto(db, p, http.RequestAborted);
        }).WithName("UpdatePost");

        api.MapGet("/roles", (Store.Matters.PackCatalog packs) =>
            SystemRoles.All.Select(r => new RoleDto(r.Code, r.TitleZh, r.TitleEn, r.Permissions))
                .Concat(packs.Current.OrderBy(p => p.Id).SelectMany(p => p.Roles.Values.Select(r =>
                    new RoleDto(Store.Matters.PackCatalog.RoleKey(p.Id, r.Code), $"{p.Title.Zh}·{r.Title.Zh}", $"{p.Title.En ?? p.Id} · {r.Title.En ?? r.Code}", r.Permissions)))))
            .WithName("ListRoles");

        api.MapGet("/role-assignments", async (Guid? personId, Guid? unitId, HttpContext http, ChangxiaoDb db) =>
        {
            var s = new Scoped(db, await http.ActorAsync());
            var q = s.RoleAssignments();
            if (personId is { } pid) q = q.Where(r => r.PersonId == pid);
            if (unitId is { } uid) q = q.Where(r => r.UnitId == uid);
            return await (from r in q.Take(1000)
                          join p in db.People on r.PersonId equals p.Id
                          join u in db.Units on r.UnitId equals u.Id
                          select new RoleAssignmentDto(r.Id, r.PersonId, p.Name, r.Role, r.UnitId, u.Name, r.Subtree)).ToListAsync(http.RequestAborted);
        }).WithName("ListRoleAssignments");

        api.MapPost("/role-assignments", async (RoleAssignmentBody body, HttpContext http, OrgService org, ChangxiaoDb db) =>
        {
            var r = await org.AssignRoleAsync(await http.ActorAsync(), body.PersonId, body.Role, body.UnitId, body.Subtree, http.RequestAborted);
            var p = await db.People.AsNoTracking().SingleAsync(x => x.Id == r.PersonId, http.RequestAborted);
            var u = await db.Units.AsNoTracking().SingleAsync(x => x.Id == r.UnitId, http.RequestAborted);
            return TypedResults.Created($"/api/v1/role-assignments/{r.Id}", new RoleAssignmentDto(r.Id, r.PersonId, p.Name, r.Role, r.UnitId, u.Name, r.Subtree));
        }).WithName("AssignRole");

        api.MapDelete("/role-assignments/{id:guid}", async (Guid id, HttpContext http, OrgService org) =>
        {
            await org.RevokeRoleAsync(await http.ActorAsync(), id, http.RequestAborted);
            return TypedResults.NoContent();
        }).WithName("RevokeRole");

        return api;
    }

    private static UnitDto ToDto(Store.Model.UnitRow u, UnitKinds kinds, int people) =>
        new(u.Id, u.Code, u.Name, u.Kind, kinds.Find(u.Kind)?.TitleZh ?? u.Kind, u.ParentId, u.Depth, people);

    private static async Task<PersonDto> PersonDto(ChangxiaoDb db, Store.Model.PersonRow p, CancellationToken ct)
    {
        var unit = await db.Units.AsNoTracking().Where(u => u.Id == p.UnitId).Select(u => u.Name).FirstOrDefaultAsync(ct);
        return new PersonDto(p.Id, p.Code, p.Name, p.UnitId, unit, p.Phone, p.Email);
    }

    private static async Task<PostDto> PostDto(ChangxiaoDb db, Store.Model.PostRow p, CancellationToken ct)
    {
        var holder = p.HolderId is { } h ? await db.People.AsNoTracking().Where(x => x.Id == h).Select(x => x.Name).FirstOrDefaultAsync(ct) : null;
        return new PostDto(p.Id, p.UnitId, p.Title, p.Rank, p.HolderId, holder);
    }
}
