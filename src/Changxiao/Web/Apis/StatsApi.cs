using Changxiao.Kernel.Org;
using Changxiao.Store;
using Microsoft.EntityFrameworkCore;

namespace Changxiao.Web.Apis;

public static class StatsApi
{
    public sealed record KindCount(string Kind, string Title, int Count);
    public sealed record UnitPeople(Guid UnitId, string Name, int People);
    public sealed record Totals(int Units, int People, int Accounts);
    public sealed record OrgStats(IReadOnlyList<KindCount> ByKind, IReadOnlyList<UnitPeople> TopUnits, Totals Totals);

    public static RouteGroupBuilder MapStatsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/stats/org", async (HttpContext http, ChangxiaoDb db, UnitKinds kinds) =>
        {
            var s = new Scoped(db, await http.ActorAsync());
            var ct = http.RequestAborted;
            var units = s.Units();
            var byKind = await units.GroupBy(u => u.Kind).Select(g => new { g.Key, N = g.Count() }).ToListAsync(ct);
            // "Top" = the shallowest visible units; people counted over each one's subtree.
            var minDepth = await units.Select(u => (int?)u.Depth).MinAsync(ct);
            var top = minDepth is null ? [] : await units.Where(u => u.Depth == minDepth + 1 || u.Depth == minDepth)
                .OrderBy(u => u.Depth).ThenBy(u => u.Code).Take(31).ToListAsync(ct);
            if (top.Count > 1) top = top.Where(u => u.Depth == minDepth + 1).ToList();
            var topPeople = new List<UnitPeople>();
            foreach (var t in top)
            {
                var n = await (from p in s.People() join u in db.Units on p.UnitId equals u.Id where u.Path.StartsWith(t.Path) select p.Id).CountAsync(ct);
                topPeople.Add(new UnitPeople(t.Id, t.Name, n));
            }
            return new OrgStats(
                byKind.Select(k => new KindCount(k.Key, kinds.Find(k.Key)?.TitleZh ?? k.Key, k.N)).OrderByDescending(k => k.Count).ToList(),
                topPeople,
                new Totals(await units.CountAsync(ct), await s.People().CountAsync(ct), await s.Accounts(Changxiao.Kernel.Access.Permissions.OrgRead).CountAsync(ct)));
        }).WithName("OrgStats");
        return api;
    }
}
