using System.Text.Json.Nodes;
using Changxiao.Hosting;
using Changxiao.Kernel.Access;
using Changxiao.Kernel.Matters;
using Changxiao.Store.Matters;
using Changxiao.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Changxiao.Tests.Matters;

/// <summary>
/// Two server instances on one PostgreSQL sweep the same due clocks at the same time: every ladder
/// step is recorded exactly once (each instance picks its matters inside the journal-head lock that serialises writes).
/// </summary>
public sealed class SweepConcurrencyTests(PostgresApp app) : IClassFixture<PostgresApp>
{
    [Fact]
    public async Task Sweep_TwoInstancesConcurrently_EachStepExactlyOnce()
    {
        const int count = 40;
        var ids = new List<Guid>();
        await app.ScopeAsync(async sp =>
        {
            var matters = sp.GetRequiredService<MatterService>();
            for (var i = 0; i < count; i++)
            {
                var (id, _) = await matters.OpenAsync(Actor.System("test"), "tp", "complaint",
                    new OpenInput(new Dictionary<string, JsonNode?> { ["content"] = $"并发扫描 {i}" }, null, app.SectionA));
                ids.Add(id);
            }
            return 0;
        });
        var start = app.Time.GetUtcNow();
        try
        {
            // A second instance: its own services and connections on the same database.
            await using var other = ServiceSetup.BuildCliServices(app.Settings, app.Packs);
            var time = app.Time;
            async Task<int> SweepOn(IServiceProvider sp)
            {
                var total = 0;
                while (true)
                {
                    using var scope = sp.CreateScope();
                    var n = await new MatterService(scope.ServiceProvider.GetRequiredService<Store.ChangxiaoDb>(),
                        new Store.Writer(scope.ServiceProvider.GetRequiredService<Store.ChangxiaoDb>(), time, null,
                            scope.ServiceProvider.GetRequiredService<FieldCipher>(), app.Packs, scope.ServiceProvider.GetRequiredService<Kernel.Calendar.WorkCalendar>()),
                        app.Packs, scope.ServiceProvider.GetRequiredService<Kernel.Calendar.WorkCalendar>(), time,
                        scope.ServiceProvider.GetRequiredService<FieldCipher>()).SweepAsync(batch: 2);
                    total += n;
                    if (n == 0) return total;
                }
            }
            // Both instances warmed up (nothing is due yet), so that neither is still starting when the other sweeps.
            var warm = await Task.WhenAll(SweepOn(app.App.Services), SweepOn(other));
            Assert.Equal([0, 0], warm);

            // Past the talk step (due 2025-10-10 + 3 days): three steps per matter become due at once.
            app.Time.Advance(new DateTimeOffset(2025, 10, 14, 2, 0, 0, TimeSpan.Zero) - start);
            var results = await Task.WhenAll(Task.Run(() => SweepOn(app.App.Services)), Task.Run(() => SweepOn(other)));
            Assert.True(results[0] > 0 && results[1] > 0, $"both instances should have taken work: {results[0]} / {results[1]}");

            await using var db = app.Database.Open();
            var keys = ids.Select(i => i.ToString("N")).ToList();
            var steps = await db.Journal.Where(e => keys.Contains(e.EntityId) && e.Type == "matter.clock-step").ToListAsync();
            Assert.Equal(count * 3, steps.Count);
            Assert.Equal(count * 3, steps.Select(e => e.EntityId + e.Data).Distinct().Count());
            var talks = await db.Set<Store.Model.MatterRow>().CountAsync(m => m.Kind == "talk");
            Assert.Equal(count, talks);
            Assert.True((await Store.Services.JournalService.VerifyAsync(db)).Ok);
        }
        finally
        {
            app.Time.Advance(start - app.Time.GetUtcNow());
        }
    }
}
