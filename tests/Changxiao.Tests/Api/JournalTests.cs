using System.Net;
using System.Net.Http.Json;
using Changxiao.Store.Services;
using Changxiao.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Changxiao.Tests.Api;

public enum Tamper { EditData, EditActor, Delete, Reorder, Truncate, EditHead }

/// <summary>Every accepted command leaves one entry; tampering with the table in any way is detected.</summary>
public abstract class JournalTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : TestApp
{
    [Fact]
    public async Task UnitHistory_CreateThenRename_TwoEntriesInOrder()
    {
        var root = await app.LoginAsync("root");
        var code = "H-" + Guid.NewGuid().ToString("N")[..6];
        var unit = await root.PostAsJsonAsync("/api/v1/units", new { code, name = "信访股", kind = "section", parentId = app.TownA }).OkJson(HttpStatusCode.Created);
        var id = unit["id"]!.GetValue<string>();
        await root.PutAsJsonAsync($"/api/v1/units/{id}", new { code, name = "信访维稳股", kind = "section", parentId = app.TownA }).OkJson();
        var history = (await root.GetAsync($"/api/v1/history/unit/{id}").OkJson()).AsArray();
        Assert.Equal(["unit.created", "unit.updated"], history.Select(h => h!["type"]!.GetValue<string>()));
        Assert.Equal("信访维稳股", history[1]!["data"]!["name"]!.GetValue<string>());
        // Nothing else was written in between, so the second entry chains onto the first.
        Assert.Equal(history[0]!["seq"]!.GetValue<long>() + 1, history[1]!["seq"]!.GetValue<long>());
        Assert.Equal(history[0]!["hash"]!.GetValue<string>(), history[1]!["prevHash"]!.GetValue<string>());
        Assert.StartsWith("root", history[0]!["actor"]!.GetValue<string>());
    }

    [Fact]
    public async Task RefusedCommand_LeavesNoEntry()
    {
        var root = await app.LoginAsync("root");
        var before = await CountAsync();
        await root.PostAsJsonAsync("/api/v1/units", new { code = "C-A", name = "重复", kind = "section", parentId = app.TownA }).Problem(HttpStatusCode.Conflict);
        await root.PostAsJsonAsync("/api/v1/units", new { name = "缺编码", kind = "section", parentId = app.TownA }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task Verify_Untouched_OkWithCount()
    {
        var root = await app.LoginAsync("root");
        var report = await root.GetAsync("/api/v1/journal/verify").OkJson();
        Assert.True(report["ok"]!.GetValue<bool>());
        Assert.Equal(await CountAsync(), report["count"]!.GetValue<long>());
    }

    [Fact]
    public async Task JournalList_NewestFirstWithCursor()
    {
        var root = await app.LoginAsync("root");
        var page1 = await root.GetAsync("/api/v1/journal?pageSize=3").OkJson();
        var seqs = page1["items"]!.AsArray().Select(i => i!["seq"]!.GetValue<long>()).ToList();
        Assert.Equal(seqs.OrderByDescending(s => s), seqs);
        var page2 = await root.GetAsync($"/api/v1/journal?pageSize=3&beforeSeq={seqs[^1]}").OkJson();
        Assert.True(page2["items"]!.AsArray().All(i => i!["seq"]!.GetValue<long>() < seqs[^1]));
    }

    [Theory]
    [InlineData(Tamper.EditData)]
    [InlineData(Tamper.EditActor)]
    [InlineData(Tamper.Delete)]
    [InlineData(Tamper.Reorder)]
    [InlineData(Tamper.Truncate)]
    [InlineData(Tamper.EditHead)]
    public async Task Verify_TamperedTable_DetectsFirstBrokenEntry(Tamper how)
    {
        // A database of its own: tampering must not spoil the other tests' journal.
        await using var tdb = await TestDatabase.CreateAsync(app.Database.Options.Provider == Store.DbProvider.Sqlite ? DbKind.Sqlite : DbKind.Postgres);
        var settings = Hosting.Settings.From(tdb.Spec, null);
        await using (var sp = Hosting.ServiceSetup.BuildCliServices(settings))
        {
            using var scope = sp.CreateScope();
            var org = scope.ServiceProvider.GetRequiredService<OrgService>();
            var sys = Kernel.Access.Actor.System("test");
            var root = await org.CreateUnitAsync(sys, new Kernel.Org.UnitInput("T", "测试县", "county", null));
            for (var i = 0; i < 9; i++) await org.CreateUnitAsync(sys, new Kernel.Org.UnitInput($"T-{i}", $"测试镇{i}", "township", root.Id));
        }
        await using var db = tdb.Open();
        Assert.True((await JournalService.VerifyAsync(db)).Ok);
        long expectedBreak;
        switch (how)
        {
            case Tamper.EditData:
                await db.Database.ExecuteSqlRawAsync("UPDATE journal SET data = replace(data, '测试镇3', '测试镇X') WHERE seq = 5");
                expectedBreak = 5;
                break;
            case Tamper.EditActor:
                await db.Database.ExecuteSqlRawAsync("UPDATE journal SET actor = 'someone-else' WHERE seq = 7");
                expectedBreak = 7;
                break;
            case Tamper.Delete:
                await db.Database.ExecuteSqlRawAsync("DELETE FROM journal WHERE seq = 4");
                expectedBreak = 4;
                break;
            case Tamper.Reorder:
                // Swap the content of entries 3 and 6 (keeping each one's sequence number).
                await db.Database.ExecuteSqlRawAsync(
                    "UPDATE journal SET data = CASE seq WHEN 3 THEN (SELECT data FROM journal WHERE seq = 6) ELSE (SELECT data FROM journal WHERE seq = 3) END, " +
                    "hash = CASE seq WHEN 3 THEN (SELECT hash FROM journal WHERE seq = 6) ELSE (SELECT hash FROM journal WHERE seq = 3) END, " +
                    "entity_id = CASE seq WHEN 3 THEN (SELECT entity_id FROM journal WHERE seq = 6) ELSE (SELECT entity_id FROM journal WHERE seq = 3) END " +
                    "WHERE seq IN (3, 6)");
                expectedBreak = 3;
                break;
            case Tamper.Truncate:
                await db.Database.ExecuteSqlRawAsync("DELETE FROM journal WHERE seq >= 9");
                expectedBreak = 9;
                break;
            default:
                await db.Database.ExecuteSqlRawAsync("UPDATE journal_head SET hash = 'ffff' WHERE id = 1");
                expectedBreak = 10;
                break;
        }
        var report = await JournalService.VerifyAsync(db);
        Assert.False(report.Ok);
        Assert.Equal(expectedBreak, report.BrokenAt);
        Assert.False(string.IsNullOrWhiteSpace(report.Message));
    }

    private async Task<long> CountAsync()
    {
        await using var db = app.Database.Open();
        return await db.Journal.LongCountAsync();
    }
}

public sealed class JournalTests_Sqlite(SqliteApp app) : JournalTests<SqliteApp>(app);

public sealed class JournalTests_Postgres(PostgresApp app) : JournalTests<PostgresApp>(app);
