using System.Text.Json.Nodes;
using Changxiao.Kernel.Matters;
using Changxiao.Kernel.Packs;
using Changxiao.Store;
using Changxiao.Store.Matters;
using Changxiao.Store.Model;
using Microsoft.EntityFrameworkCore;

namespace Changxiao.Portal;

/// <summary>
/// What a citizen sees of their matter, proved by the tracking code: its kind, number, state and dates, the fields the
/// pack marks <c>public</c>, the clocks' due dates, the steps taken (titles and dates only — never who, never comments,
/// never confidential fields), and the actions a citizen may take now.
/// </summary>
public sealed class PortalTracking(ChangxiaoDb db, MatterService matters, Kernel.Calendar.WorkCalendar calendar, TimeProvider clock)
{
    public sealed record Line(string Title, string Value);
    public sealed record Step(string When, string Title, string? State);
    public sealed record CitizenAction(ActionDef Action, IReadOnlyList<FieldDef> Fields);

    public sealed record View(
        string PackTitle, string KindTitle, string Number, string State, bool Final, string OpenedOn, string UpdatedAt, string? Unit,
        IReadOnlyList<Line> Fields, IReadOnlyList<Line> Clocks, IReadOnlyList<Step> Steps, IReadOnlyList<CitizenAction> Actions, bool Suspended);

    /// <summary>The matter of a tracking code (already normalised), or null.</summary>
    public async Task<Guid?> FindAsync(string? code, CancellationToken ct)
    {
        if (code is null) return null;
        var hash = Store.Services.Passwords.Sha256(code);
        return await db.Set<MatterRow>().AsNoTracking().Where(m => m.TrackingHash == hash).Select(m => (Guid?)m.Id).FirstOrDefaultAsync(ct);
    }

    public async Task<View> ViewAsync(Guid id, CancellationToken ct)
    {
        var (row, snapshot, pack) = await matters.LoadAsync(db, id, ct, tracked: false);
        var kind = pack.Kinds[snapshot.Kind];
        var fields = kind.Fields.Values
            .Where(f => f.Public && f.ConfidentialTo.Count == 0)
            .Select(f => (f, v: PortalForms.Show(f, snapshot.Fields.GetValueOrDefault(f.Code))))
            .Where(x => x.v is not null)
            .Select(x => new Line(x.f.Title.Zh, x.v!))
            .ToList();
        var today = Kernel.Calendar.ChinaDate.FromInstant(clock.GetUtcNow());
        var clocks = snapshot.Clocks.Select(c =>
        {
            var title = kind.Clocks.TryGetValue(c.Code, out var def) ? def.Title.Zh : c.Code;
            var st = c.Clock.Status(today, calendar);
            var due = Kernel.Calendar.ChinaDate.Format(st.Due);
            var text = st.State switch
            {
                Kernel.Calendar.ClockState.Stopped => $"已于 {Kernel.Calendar.ChinaDate.Format(st.StoppedOn!.Value)} 完成（期限 {due}）",
                Kernel.Calendar.ClockState.Paused => $"暂停计时（期限 {due}）",
                Kernel.Calendar.ClockState.Overdue => $"期限 {due}，已超期",
                _ => $"期限 {due}",
            };
            return new Line(title, text);
        }).ToList();

        var key = id.ToString("N");
        var entries = await db.Journal.AsNoTracking()
            .Where(e => e.EntityType == "matter" && e.EntityId == key && (e.Type == "matter.opened" || e.Type == "matter.acted"))
            .OrderBy(e => e.Seq).Select(e => new { e.Type, e.AtMs, e.Data }).ToListAsync(ct);
        var steps = new List<Step>();
        foreach (var e in entries)
        {
            if (e.Type == "matter.opened")
            {
                steps.Add(new Step(PortalForms.When(e.AtMs), "提交登记", StateTitle(kind, kind.InitialState)));
                continue;
            }
            var data = JsonNode.Parse(e.Data);
            var action = data?["action"]?.GetValue<string>() ?? "";
            var to = data?["to"]?.GetValue<string>() ?? "";
            steps.Add(new Step(PortalForms.When(e.AtMs), kind.Actions.TryGetValue(action, out var a) ? a.Title.Zh : action, StateTitle(kind, to)));
        }

        var unit = await db.Units.AsNoTracking().Where(u => u.Id == row.UnitId).Select(u => u.Name).FirstOrDefaultAsync(ct);
        var actions = MatterEngine.Available(pack, snapshot, ActingAs.Citizen())
            .Where(a => a.By.Any(b => b.Kind == ActorSpecKind.Citizen))
            .Select(a => new CitizenAction(a, PortalForms.ActionFields(kind, a)))
            .ToList();
        return new View(pack.Title.Zh, kind.Title.Zh, row.Number, StateTitle(kind, snapshot.State), row.Final,
            row.OpenedOn, PortalForms.When(row.UpdatedAtMs), unit, fields, clocks, steps, actions, snapshot.Suspended);
    }

    private static string StateTitle(MatterKind kind, string state) => kind.States.TryGetValue(state, out var s) ? s.Title.Zh : state;
}
