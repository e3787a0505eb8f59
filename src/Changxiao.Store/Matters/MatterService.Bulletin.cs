using System.Text.Json;
using Changxiao.Kernel.Access;
using Changxiao.Kernel.Calendar;
using Changxiao.Store.Model;
using Microsoft.EntityFrameworkCore;

namespace Changxiao.Store.Matters;

/// <summary>A matter a ladder listed in the bulletin (列入通报): on which day, by which clock, at which level.</summary>
public sealed record BulletinEntry(MatterRow Matter, DateOnly ListedOn, string Clock, string? Level);

public sealed partial class MatterService
{
    /// <summary>
    /// The monthly bulletin (月度通报): the matters the warning ladders listed in it during <paramref name="month"/>
    /// (the ladder step's own date, on the China calendar), of one pack or all, that the actor may see — ordered by unit
    /// and number. Read from the journal's <c>matter.bulletin</c> entries, which the sweep records once per step.
    /// </summary>
    public async Task<IReadOnlyList<BulletinEntry>> BulletinAsync(Actor actor, string? pack, DateOnly month, CancellationToken ct = default)
    {
        var first = new DateOnly(month.Year, month.Month, 1);
        var last = first.AddMonths(1).AddDays(-1);
        // A step is recorded when the sweep reaches it, which may be days after its date (a server that was down):
        // read a generous window of entries, then keep those whose step date falls in the month.
        var lo = ChinaDate.StartOf(first.AddDays(-45)).ToUnixTimeMilliseconds();
        var hi = ChinaDate.StartOf(last.AddDays(46)).ToUnixTimeMilliseconds();
        var raw = await db.Journal.AsNoTracking()
            .Where(e => e.Type == "matter.bulletin" && e.AtMs >= lo && e.AtMs < hi)
            .OrderBy(e => e.Seq).Select(e => new { e.EntityId, e.Data }).ToListAsync(ct);
        var listed = new Dictionary<Guid, (DateOnly On, string Clock, string? Level)>();
        foreach (var e in raw)
        {
            using var data = JsonDocument.Parse(e.Data);
            var root = data.RootElement;
            if (!DateOnly.TryParseExact(root.GetProperty("date").GetString(), "yyyy-MM-dd", out var on) || on < first || on > last) continue;
            var id = Guid.ParseExact(e.EntityId, "N");
            // Several clocks of one matter may list it: the bulletin names it once, at its first listing.
            listed.TryAdd(id, (on, root.GetProperty("clock").GetString() ?? "", root.TryGetProperty("level", out var l) ? l.GetString() : null));
        }
        if (listed.Count == 0) return [];
        var ids = listed.Keys.ToList();
        var rows = Visible(actor).Where(m => ids.Contains(m.Id));
        if (pack is not null) rows = rows.Where(m => m.PackId == pack);
        var matters = await rows.ToListAsync(ct);
        return matters.Select(m => new BulletinEntry(m, listed[m.Id].On, listed[m.Id].Clock, listed[m.Id].Level))
            .OrderBy(b => b.Matter.UnitId).ThenBy(b => b.Matter.Number, StringComparer.Ordinal).ToList();
    }
}
