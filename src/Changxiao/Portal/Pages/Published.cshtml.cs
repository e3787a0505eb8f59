using Changxiao.Kernel.Matters;
using Changxiao.Kernel.Packs;
using Changxiao.Store;
using Changxiao.Store.Matters;
using Changxiao.Store.Model;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Changxiao.Portal.Pages;

/// <summary>
/// /portal/published/{pack}/{publication}: the matters a pack's publication shows — matters of its kind whose state and
/// fields meet its <c>when</c> now — with only its <c>show</c> fields (never a confidential one), newest first.
/// The condition is evaluated here, matter by matter (a county's volume; a projection of published matters would scale further).
/// </summary>
public sealed class PublishedModel(PackCatalog packs, ChangxiaoDb db) : PageModel
{
    public const int PageSize = 20;

    public sealed record Item(string Date, IReadOnlyList<PortalTracking.Line> Fields);

    public Pack? Pack { get; private set; }
    public Publication? Publication { get; private set; }
    public IReadOnlyList<Item> Items { get; private set; } = [];
    public int PageNumber { get; private set; } = 1;
    public bool HasNext { get; private set; }

    public async Task<IActionResult> OnGetAsync(string pack, string publication, int? p)
    {
        var ct = HttpContext.RequestAborted;
        Pack = packs.CurrentOf(pack);
        Publication = Pack?.Publications.FirstOrDefault(x => x.Code == publication);
        if (Pack is null || Publication is null || !Pack.Kinds.TryGetValue(Publication.Kind, out var kind))
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        PageNumber = Math.Clamp(p ?? 1, 1, 10_000);
        var show = Publication.Show.Where(kind.Fields.ContainsKey).Select(c => kind.Fields[c]).Where(f => f.ConfidentialTo.Count == 0).ToList();
        var skip = (PageNumber - 1) * PageSize;
        var items = new List<Item>();
        var rows = db.Set<MatterRow>().AsNoTracking()
            .Where(m => m.PackId == Pack.Id && m.Kind == kind.Code)
            .OrderByDescending(m => m.UpdatedAtMs).ThenByDescending(m => m.Id)
            .Select(m => new { m.Snapshot, m.UpdatedAtMs })
            .AsAsyncEnumerable();
        await foreach (var row in rows.WithCancellation(ct))
        {
            var s = MatterSnapshotJson.Read(row.Snapshot);
            if (Publication.When is { } when && !when.Holds(MatterValues.ConditionReader(s.State, s.Fields, s.Parties))) continue;
            if (skip > 0)
            {
                skip--;
                continue;
            }
            if (items.Count == PageSize)
            {
                HasNext = true;
                break;
            }
            var lines = show.Select(f => (f, v: PortalForms.Show(f, s.Fields.GetValueOrDefault(f.Code))))
                .Where(x => x.v is not null).Select(x => new PortalTracking.Line(x.f.Title.Zh, x.v!)).ToList();
            items.Add(new Item(PortalForms.Date(row.UpdatedAtMs), lines));
        }
        Items = items;
        return Page();
    }
}
