using System.Text.Json.Nodes;
using Changxiao.Kernel.Access;
using Changxiao.Kernel.Matters;
using Changxiao.Store.Matters;
using Changxiao.Store.Model;
using Changxiao.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Changxiao.Tests.Matters;

/// <summary>
/// One sweep, two paths in one transaction: matters whose steps only warn are worked out in bulk (their facts appended,
/// their rows written by one statement per chunk), matters whose step opens a talk go the ordinary way. Both end as the
/// ordinary path alone would leave them.
/// </summary>
public abstract class SweepBatchTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : TestApp
{
    [Fact]
    public async Task MixedBatch_WarningsInBulk_TalksTheOrdinaryWay_ChainIntact()
    {
        var start = app.Time.GetUtcNow();
        try
        {
            // Opened on Friday 2025-09-26: due 2025-10-10 (国庆 in between), its talk step 2025-10-13.
            var late = await OpenAsync(3, handler: null, "无人承办");
            app.Time.Advance(TimeSpan.FromDays(20));
            // Opened 2025-10-16 with a handler: their yellow step (2 days before due) is the first to come.
            var warned = await OpenAsync(4, handler: app.PersonA, "已交办");
            await using var db = app.Database.Open();
            var yellowOn = await db.Set<MatterRow>().Where(m => m.Id == warned[0]).Select(m => m.NextCheck).SingleAsync();
            app.Time.Advance(new DateTimeOffset(DateOnly.ParseExact(yellowOn!, "yyyy-MM-dd").ToDateTime(new TimeOnly(2, 0)), TimeSpan.Zero) - app.Time.GetUtcNow());
            var before = await db.Journal.MaxAsync(e => e.Seq);

            var swept = await app.ScopeAsync(sp => sp.GetRequiredService<MatterService>().SweepAsync());
            Assert.Equal(7, swept);
            Assert.Equal(0, await app.ScopeAsync(sp => sp.GetRequiredService<MatterService>().SweepAsync())); // nothing left for today

            var entries = await db.Journal.AsNoTracking().Where(e => e.Seq > before).OrderBy(e => e.Seq).ToListAsync();
            foreach (var id in warned)
            {
                var key = id.ToString("N");
                Assert.Equal(["matter.clock-step", "matter.notification"], entries.Where(e => e.EntityId == key).Select(e => e.Type));
                var row = await db.Set<MatterRow>().AsNoTracking().SingleAsync(m => m.Id == id);
                var snapshot = MatterSnapshotJson.Read(row.Snapshot);
                Assert.Equal(("yellow", 1), (snapshot.Clocks.Single().Level, snapshot.Clocks.Single().StepsDone));
                Assert.Equal("yellow", row.Level);
                Assert.Equal(row.DueOn, row.NextCheck); // the red step, on the due date, is next
                Assert.True(string.CompareOrdinal(row.NextCheck, yellowOn) > 0);
                Assert.Equal(app.Time.GetUtcNow().ToUnixTimeMilliseconds(), row.UpdatedAtMs);
                Assert.Equal("已交办", row.Title);
            }
            var inbox = await db.Set<InboxRow>().AsNoTracking().Where(n => n.PersonId == app.PersonA && n.Subject.StartsWith("【黄牌】")).ToListAsync();
            var numbers = await db.Set<MatterRow>().Where(m => warned.Contains(m.Id)).Select(m => m.Number).ToListAsync();
            Assert.All(numbers, n => Assert.Single(inbox, i => i.Subject.Contains(n)));

            foreach (var id in late)
            {
                var key = id.ToString("N");
                Assert.Equal(3, entries.Count(e => e.EntityId == key && e.Type == "matter.clock-step"));
                var row = await db.Set<MatterRow>().AsNoTracking().SingleAsync(m => m.Id == id);
                Assert.Equal("red", row.Level);
                Assert.Null(row.NextCheck); // every step of the ladder is done
                Assert.Single(MatterSnapshotJson.Read(row.Snapshot).Links, l => l.Relation == "led-to" && l.OtherKind == "talk");
            }
            Assert.Equal(3, entries.Count(e => e.Type == "matter.opened"));
            Assert.Equal(entries.Select(e => e.Seq), Enumerable.Range(0, entries.Count).Select(i => before + 1 + i));
            Assert.True((await Store.Services.JournalService.VerifyAsync(db)).Ok);

            // A matter swept in bulk reads back through the ordinary path (the remembered snapshot of its row).
            await app.ScopeAsync(async sp =>
            {
                var matters = sp.GetRequiredService<MatterService>();
                var (_, m, _, _) = await matters.GetAsync(Actor.System("test"), warned[0]);
                Assert.Equal("yellow", m.Clocks.Single().Level);
                return 0;
            });
        }
        finally
        {
            app.Time.Advance(start - app.Time.GetUtcNow());
        }
    }

    private Task<List<Guid>> OpenAsync(int count, Guid? handler, string title) => app.ScopeAsync(async sp =>
    {
        var matters = sp.GetRequiredService<MatterService>();
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var parties = handler is { } h ? new Dictionary<string, IReadOnlyList<Guid>> { ["handler"] = [h] } : null;
            var (id, _) = await matters.OpenAsync(Actor.System("test"), "tp", "complaint",
                new OpenInput(new Dictionary<string, JsonNode?> { ["content"] = title }, parties, app.SectionA));
            ids.Add(id);
        }
        return ids;
    });
}

/// <summary>A matter that cannot be swept (here: its snapshot damaged outside the product) does not hold up the others.</summary>
public abstract class SweepFallbackTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : TestApp
{
    [Fact]
    public async Task OneBrokenMatter_OthersSweptOneByOne_ItsErrorRaised()
    {
        var start = app.Time.GetUtcNow();
        try
        {
            var ids = await app.ScopeAsync(async sp =>
            {
                var list = new List<Guid>();
                for (var i = 0; i < 3; i++)
                    list.Add((await sp.GetRequiredService<MatterService>().OpenAsync(Actor.System("test"), "tp", "complaint",
                        new OpenInput(new Dictionary<string, JsonNode?> { ["content"] = $"扫描 {i}" }, null, app.SectionA))).Id);
                return list;
            });
            await using var db = app.Database.Open();
            await db.Set<MatterRow>().Where(m => m.Id == ids[1]).ExecuteUpdateAsync(s => s.SetProperty(m => m.Snapshot, "{}"));
            var yellowOn = await db.Set<MatterRow>().Where(m => m.Id == ids[0]).Select(m => m.NextCheck).SingleAsync();
            app.Time.Advance(new DateTimeOffset(DateOnly.ParseExact(yellowOn!, "yyyy-MM-dd").ToDateTime(new TimeOnly(2, 0)), TimeSpan.Zero) - app.Time.GetUtcNow());

            await Assert.ThrowsAnyAsync<Exception>(() => app.ScopeAsync(sp => sp.GetRequiredService<MatterService>().SweepAsync()));

            var levels = await db.Set<MatterRow>().AsNoTracking().Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Level);
            Assert.Equal("yellow", levels[ids[0]]);
            Assert.Null(levels[ids[1]]);
            Assert.Equal("yellow", levels[ids[2]]);
            Assert.True((await Store.Services.JournalService.VerifyAsync(db)).Ok);
        }
        finally
        {
            app.Time.Advance(start - app.Time.GetUtcNow());
        }
    }
}

public sealed class SweepFallbackTests_Sqlite(SqliteApp app) : SweepFallbackTests<SqliteApp>(app);

public sealed class SweepFallbackTests_Postgres(PostgresApp app) : SweepFallbackTests<PostgresApp>(app);

public sealed class SweepBatchTests_Sqlite(SqliteApp app) : SweepBatchTests<SqliteApp>(app);

public sealed class SweepBatchTests_Postgres(PostgresApp app) : SweepBatchTests<PostgresApp>(app);
