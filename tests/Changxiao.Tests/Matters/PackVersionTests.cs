using System.Text.Json.Nodes;
using Changxiao.Hosting;
using Changxiao.Kernel.Access;
using Changxiao.Kernel.Matters;
using Changxiao.Store.Matters;
using Changxiao.Tests.Infrastructure;
using System.Net.Http.Json;
using Changxiao.Kernel.Org;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Changxiao.Tests.Matters;

/// <summary>A matter keeps the pack version it started under; a new version applies to new matters.</summary>
public abstract class PackVersionTests(DbKind kind)
{
    private static string CopyPacks()
    {
        var dir = Path.Combine(Path.GetTempPath(), "cx-packver-" + Guid.NewGuid().ToString("N")[..8]);
        foreach (var sub in new[] { "org", "calendars" })
            foreach (var f in Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "packs", sub)))
                Copy(f, Path.Combine(dir, sub, Path.GetFileName(f)));
        foreach (var f in Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "TestPacks", "tp")))
            Copy(f, Path.Combine(dir, "mechanisms", "tp", Path.GetFileName(f)));
        return dir;

        static void Copy(string from, string to)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(from, to);
        }
    }

    private static async Task<(Guid Id, MatterSnapshot Snapshot)> OpenAsync(Settings settings, PackCatalog packs)
    {
        await using var sp = ServiceSetup.BuildCliServices(settings, packs);
        using var scope = sp.CreateScope();
        var unit = await scope.ServiceProvider.GetRequiredService<Store.Services.OrgService>()
            .CreateUnitAsync(Actor.System("t"), new Kernel.Org.UnitInput("V" + Guid.NewGuid().ToString("N")[..6], "版本测试县", "county", null));
        var matters = scope.ServiceProvider.GetRequiredService<MatterService>();
        var (id, _) = await matters.OpenAsync(Actor.System("t"), "tp", "complaint",
            new OpenInput(new Dictionary<string, JsonNode?> { ["content"] = "版本" }, null, unit.Id));
        var (_, snapshot, _, _) = await matters.GetAsync(Actor.System("t"), id);
        return (id, snapshot);
    }

    [Fact]
    public async Task NewVersion_AppliesToNewMatters_OldMattersKeepTheirs()
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var packsDir = CopyPacks();
        var settings = Settings.From(db.Spec, packsDir);
        var v1 = await ServiceSetup.PrepareAsync(settings);
        var (oldId, old) = await OpenAsync(settings, v1);
        Assert.Equal(1, old.PackVersion);
        Assert.Equal("5 working days", old.Clocks.Single().Clock.Limit.ToString());

        var file = Path.Combine(packsDir, "mechanisms", "tp", "pack.yaml");
        var yaml = await File.ReadAllTextAsync(file);
        await File.WriteAllTextAsync(file, yaml.Replace("version: 1", "version: 2").Replace("limit: 5 working days", "limit: 10 working days")
            .Replace("handling: 办理中", "handling: 正在办理"));
        var v2 = await ServiceSetup.PrepareAsync(settings);
        Assert.Equal(2, v2.CurrentOf("tp")!.Version);
        Assert.True(v2.Has("tp", 1));

        var (_, fresh) = await OpenAsync(settings, v2);
        Assert.Equal(2, fresh.PackVersion);
        Assert.Equal("10 working days", fresh.Clocks.Single().Clock.Limit.ToString());

        // The old matter still acts under version 1 after the restart.
        await using var sp = ServiceSetup.BuildCliServices(settings, v2);
        using var scope = sp.CreateScope();
        var matters = scope.ServiceProvider.GetRequiredService<MatterService>();
        var person = await scope.ServiceProvider.GetRequiredService<Store.Services.OrgService>().CreatePersonAsync(Actor.System("t"),
            new Kernel.Org.PersonInput("PV" + Guid.NewGuid().ToString("N")[..6], "王强", old.UnitId, null, null));
        await matters.ActAsync(Actor.System("t"), oldId, "assign",
            new ActInput(Parties: new Dictionary<string, IReadOnlyList<Guid>> { ["handler"] = [person.Id], ["in_charge"] = [person.Id] }));
        var (row, after, pack, _) = await matters.GetAsync(Actor.System("t"), oldId);
        Assert.Equal(1, row.PackVersion);
        Assert.Equal(1, pack.Version);
        Assert.Equal("handling", after.State);

        // Over HTTP, the old matter's detail carries its own version's kind (the console builds its forms from it);
        // a current-version matter's does not (the console has it from GET /packs).
        var unitCode = (await scope.ServiceProvider.GetRequiredService<Store.ChangxiaoDb>().Units.SingleAsync(u => u.Id == old.UnitId)).Code;
        await global::Changxiao.Cli.DemoSeed.CreateAdminAsync(scope.ServiceProvider, "pv-root", TestApp.Password, "管理员", unitCode, SystemRoles.Sysadmin.Code, default);
        await using var app = global::Changxiao.Web.Server.Create(settings, "http://127.0.0.1:0", _ => { }, v2);
        await app.StartAsync();
        var url = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features
            .Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer() }) { BaseAddress = new Uri(url) };
        var login = await (await http.PostAsync("/api/v1/session", System.Net.Http.Json.JsonContent.Create(new { username = "pv-root", password = TestApp.Password })))
            .Content.ReadFromJsonAsync<JsonObject>();
        http.DefaultRequestHeaders.Add(global::Changxiao.Web.Auth.CsrfHeader, login!["csrfToken"]!.GetValue<string>());
        var oldDetail = await http.GetFromJsonAsync<JsonObject>($"/api/v1/matters/{oldId}");
        Assert.Equal(1, oldDetail!["matter"]!["packVersion"]!.GetValue<int>());
        Assert.Equal("complaint", oldDetail["definition"]!["code"]!.GetValue<string>());
        Assert.Contains(oldDetail["definition"]!["actions"]!.AsArray(), a => a!["code"]!.GetValue<string>() == "assign");
        // Lists title each matter's state as of its own version, whatever the current version calls it.
        var current = await http.GetFromJsonAsync<JsonObject>("/api/v1/packs/tp");
        Assert.Contains(current!["kinds"]!.AsArray().Single(k => k!["code"]!.GetValue<string>() == "complaint")!["states"]!.AsArray(),
            st => st!["code"]!.GetValue<string>() == "handling" && st["title"]!["zh"]!.GetValue<string>() == "正在办理");
        var list = await http.GetFromJsonAsync<JsonObject>("/api/v1/matters?pack=tp");
        var item = list!["items"]!.AsArray().Single(i => i!["id"]!.GetValue<string>() == oldId.ToString())!;
        Assert.Equal(("handling", "办理中"), (item["state"]!.GetValue<string>(), item["stateTitle"]!["zh"]!.GetValue<string>()));
        await app.StopAsync();
    }

    [Fact]
    public async Task ChangedRulesWithoutNewVersion_RefusedAtStart()
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var packsDir = CopyPacks();
        var settings = Settings.From(db.Spec, packsDir);
        await ServiceSetup.PrepareAsync(settings);
        var file = Path.Combine(packsDir, "mechanisms", "tp", "pack.yaml");
        await File.WriteAllTextAsync(file, (await File.ReadAllTextAsync(file)).Replace("limit: 5 working days", "limit: 3 working days"));
        var e = await Assert.ThrowsAsync<PackVersionConflictException>(() => ServiceSetup.PrepareAsync(settings));
        Assert.Contains("tp", e.Message);
    }
}

public sealed class PackVersionTests_Sqlite() : PackVersionTests(DbKind.Sqlite);

public sealed class PackVersionTests_Postgres() : PackVersionTests(DbKind.Postgres);
