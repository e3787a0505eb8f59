using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Changxiao.Kernel.Access;
using Changxiao.Kernel.Calendar;
using Changxiao.Kernel.Inspections;
using Changxiao.Kernel.Matters;
using Microsoft.EntityFrameworkCore;

namespace Changxiao.Store.Matters;

public sealed partial class MatterService
{
    /// <summary>
    /// Runs the inspection programmes whose current period has no draw yet: draws units and
    /// inspectors (conflicts excluded), records the draw with its seed, and opens one inspection
    /// per drawn unit — all in one transaction per programme, so a period is drawn exactly once
    /// even with several servers. Returns what was drawn and what could not be.
    /// </summary>
    public async Task<IReadOnlyList<string>> RunProgrammesAsync(CancellationToken ct = default)
    {
        var today = Today;
        var report = new List<string>();
        foreach (var (packId, programme) in packs.Programmes)
        {
            var period = Period.Of(programme.Every, today);
            if (programme.On is { } on && today < on.In(period, calendar)) continue; // its working day has not come yet
            var key = ProgrammeDrawn.IdOf(packId, programme.Code, period.Key).ToString("N");
            if (await db.Journal.AsNoTracking().AnyAsync(e => e.EntityType == "programme" && e.EntityId == key, ct)) continue;
            try
            {
                var drawn = await writer.RunAsync(Actor.System("programme:" + programme.Code), async w =>
                {
                    // Re-check under the write lock: another server may have drawn this period meanwhile.
                    if (await w.Db.Journal.AsNoTracking().AnyAsync(e => e.EntityType == "programme" && e.EntityId == key, ct)) return 0;
                    var pack = packs.CurrentOf(packId)!;
                    var units = await w.Db.Units.AsNoTracking().Where(u => programme.UnitKinds.Contains(u.Kind))
                        .Select(u => new Candidate(u.Id, u.Name, u.Path)).ToListAsync(ct);
                    var role = PackCatalog.RoleKey(packId, programme.InspectorRole);
                    var inspectors = await (from ra in w.Db.RoleAssignments.AsNoTracking()
                                            join p in w.Db.People.AsNoTracking() on ra.PersonId equals p.Id
                                            join u in w.Db.Units.AsNoTracking() on p.UnitId equals u.Id
                                            where ra.Role == role
                                            select new Candidate(p.Id, p.Name, u.Path)).ToListAsync(ct);
                    inspectors = inspectors.DistinctBy(i => i.Id).ToList();
                    var seed = RandomNumberGenerator.GetInt32(int.MaxValue);
                    var draws = Lottery.Run(programme, seed, units, inspectors);
                    w.Record(new ProgrammeDrawn(packId, programme.Code, period.Key, seed, draws));
                    foreach (var draw in draws)
                    {
                        var fields = programme.Fields.ToDictionary(kv => kv.Key, kv => (JsonNode?)JsonValue.Create(kv.Value));
                        if (programme.PeriodField is { } pf) fields[pf] = JsonValue.Create(period.Name);
                        var parties = new Dictionary<string, IReadOnlyList<Guid>>
                        {
                            [programme.UnitsParty] = [draw.UnitId],
                            [programme.InspectorsParty] = draw.Inspectors,
                        };
                        // The matter belongs to the top of the inspected unit's tree, not to the unit itself:
                        // an unannounced visit (暗访) must not be visible to the people it visits.
                        var path = units.First(u => u.Id == draw.UnitId).UnitPath;
                        var root = Guid.ParseExact(path.Split('/', StringSplitOptions.RemoveEmptyEntries)[0], "N");
                        await OpenInScopeAsync(w, Actor.System("programme:" + programme.Code), pack, programme.Kind, Guid.CreateVersion7(),
                            new OpenInput(fields, parties, root), citizen: false, ct);
                    }
                    return draws.Count;
                }, ct);
                if (drawn > 0) report.Add($"{packId}/{programme.Code} {period.Name}：抽取 {drawn} 个单位");
            }
            catch (DrawException e)
            {
                report.Add(e.Message);
            }
        }
        return report;
    }
}
