using System.Net;
using Changxiao.Kernel.Access;
using Changxiao.Kernel.Org;
using Changxiao.Store.Matters;
using Changxiao.Store.Model;
using Changxiao.Store.Services;
using Changxiao.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Changxiao.Tests.Matters;

/// <summary>
/// The shipped inspections pack's programmes (packs/mechanisms/inspections/programmes.yaml) draw units
/// and inspectors once per period, journal the draw with its seed, and open the inspections — which the
/// inspected unit's own staff cannot see.
/// </summary>
public abstract class ProgrammeTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : TestApp
{
    [Fact]
    public async Task RunProgrammes_DrawsEachPeriodOnce_OpensInspectionsHiddenFromTheInspected()
    {
        var officerName = "insp-officer-" + Guid.NewGuid().ToString("N")[..6];
        var first = await app.ScopeAsync(async sp =>
        {
            var org = sp.GetRequiredService<OrgService>();
            var sys = Actor.System("test");
            for (var i = 0; i < 4; i++)
            {
                var p = await org.CreatePersonAsync(sys, new PersonInput($"INS-{i}-{Guid.NewGuid().ToString("N")[..4]}", $"督查员{i}", app.County, null, null));
                await org.AssignRoleAsync(sys, p.Id, "inspections/inspector", app.County, subtree: true);
            }
            var officer = await org.CreatePersonAsync(sys, new PersonInput(officerName, "镇干部", app.TownA, null, null));
            await sp.GetRequiredService<AccountService>().CreateAsync(sys, officerName, officer.Id, TestApp.Password);
            await org.AssignRoleAsync(sys, officer.Id, "officer", app.TownA, subtree: true);
            return await sp.GetRequiredService<MatterService>().RunProgrammesAsync();
        });
        // 2025-09-26: week 39 and September draw; the quarterly and larger rounds need more townships than this county has.
        Assert.Contains(first, l => l.Contains("weekly-duty") && l.Contains("2025年第39周"));
        Assert.Contains(first, l => l.Contains("monthly-unannounced") && l.Contains("2025年9月"));
        Assert.Contains(first, l => l.Contains("单位只有 2 个"));
        // The half-year check and the year-end assessment wait for their working day (10th from the end: 2025-12-18).
        Assert.DoesNotContain(first, l => l.Contains("半年检查") || l.Contains("年终考核"));

        var again = await app.ScopeAsync(sp => sp.GetRequiredService<MatterService>().RunProgrammesAsync());
        Assert.DoesNotContain(again, l => l.Contains("：抽取"));

        await using var db = app.Database.Open();
        var draws = await db.Journal.Where(e => e.Type == "programme.drawn").ToListAsync();
        Assert.Equal(2, draws.Count);
        Assert.All(draws, d => Assert.Contains("\"seed\":", d.Data));
        var inspections = await db.Set<MatterRow>().Where(m => m.PackId == "inspections" && m.Kind == "inspection").ToListAsync();
        Assert.Equal(3, inspections.Count);
        Assert.All(inspections, m => Assert.Equal(app.County, m.UnitId));
        var parties = await db.Set<MatterPartyRow>().Where(p => inspections.Select(m => m.Id).Contains(p.MatterId)).ToListAsync();
        Assert.Equal(3, parties.Count(p => p.Party == "inspected"));
        Assert.Equal(6, parties.Count(p => p.Party == "inspectors"));

        // A 暗访 is not visible to the staff of the township it visits.
        var officerClient = await app.LoginAsync(officerName);
        foreach (var m in inspections)
            Assert.Equal(HttpStatusCode.NotFound, (await officerClient.GetAsync($"/api/v1/matters/{m.Id}")).StatusCode);
        Assert.True((await JournalService.VerifyAsync(db)).Ok);

        // On 2025-12-18 their day has come: they try (and, with two townships, report too few units).
        app.Time.Advance(new DateTimeOffset(2025, 12, 18, 1, 0, 0, TimeSpan.Zero) - app.Time.GetUtcNow());
        var december = await app.ScopeAsync(sp => sp.GetRequiredService<MatterService>().RunProgrammesAsync());
        Assert.Contains(december, l => l.Contains("半年检查"));
        Assert.Contains(december, l => l.Contains("年终考核"));
    }
}

public sealed class ProgrammeTests_Sqlite(SqliteApp app) : ProgrammeTests<SqliteApp>(app);

public sealed class ProgrammeTests_Postgres(PostgresApp app) : ProgrammeTests<PostgresApp>(app);
