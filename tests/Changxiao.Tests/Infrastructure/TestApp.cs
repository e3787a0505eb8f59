using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Changxiao.Cli;
using Changxiao.Hosting;
using Changxiao.Kernel.Access;
using Changxiao.Kernel.Org;
using Changxiao.Store.Services;
using Changxiao.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Changxiao.Tests.Infrastructure;

/// <summary>
/// The real server on a loopback port over a fresh database, seeded with a small county:
/// 青溪县 (C) → 东岭镇 (A) and 西岭镇 (B), each with a section and people, and accounts
/// root (sysadmin over C), a-admin / b-admin (org-admin over A / B).
/// </summary>
public class TestApp : IAsyncLifetime
{
    public const string Password = "Passw0rd-test";

    protected virtual DbKind Kind => DbKind.Sqlite;

    public TestDatabase Database { get; private set; } = null!;
    public WebApplication App { get; private set; } = null!;
    public Uri BaseAddress { get; private set; } = null!;
    public ManualTime Time { get; } = new(new DateTimeOffset(2025, 9, 26, 2, 0, 0, TimeSpan.Zero));
    public Settings Settings { get; private set; } = null!;
    public Store.Matters.PackCatalog Packs { get; private set; } = null!;

    public Guid County, TownA, TownB, SectionA, SectionB, PersonA, PersonB, AccountB, PostB, RoleB;

    public virtual async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync(Kind);
        Settings = Settings.From(Database.Spec, PacksWithTestPack());
        Environment.SetEnvironmentVariable("CHANGXIAO_SWEEP_SECONDS", "0"); // tests sweep by hand
        Environment.SetEnvironmentVariable("CHANGXIAO_KEYS", Path.Combine(Path.GetTempPath(), "cx-test-keys"));
        Packs = await ServiceSetup.PrepareAsync(Settings);
        App = Server.Create(Settings, "http://127.0.0.1:0", s =>
        {
            s.AddSingleton<TimeProvider>(Time);
            // Every test logs in from 127.0.0.1: the per-client login limit is LoginDefenceTests' to test.
            s.AddSingleton(LoginDefenceSettings.From(null) with { PerMinute = 1_000_000 });
            ConfigureServices(s);
        }, Packs);
        await App.StartAsync();
        var addresses = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.First());
        await SeedAsync();
    }

    /// <summary>More service replacements for a derived fixture (applied after the clock).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>The shipped packs plus the test-only pack `tp` (TestPacks/), in a folder of the fixture's own.</summary>
    private static string PacksWithTestPack()
    {
        var dir = Path.Combine(Path.GetTempPath(), "cx-test-packs-" + Guid.NewGuid().ToString("N")[..8]);
        var shipped = Path.Combine(AppContext.BaseDirectory, "packs");
        foreach (var f in Directory.EnumerateFiles(shipped, "*", SearchOption.AllDirectories))
            CopyTo(f, Path.Combine(dir, Path.GetRelativePath(shipped, f)));
        var test = Path.Combine(AppContext.BaseDirectory, "TestPacks");
        foreach (var f in Directory.EnumerateFiles(test, "*", SearchOption.AllDirectories))
            CopyTo(f, Path.Combine(dir, "mechanisms", Path.GetRelativePath(test, f)));
        return dir;

        static void CopyTo(string from, string to)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(from, to);
        }
    }

    private async Task SeedAsync()
    {
        using var scope = App.Services.CreateScope();
        var org = scope.ServiceProvider.GetRequiredService<OrgService>();
        var sys = Actor.System("test");
        County = (await org.CreateUnitAsync(sys, new UnitInput("C", "青溪县", "county", null))).Id;
        TownA = (await org.CreateUnitAsync(sys, new UnitInput("C-A", "东岭镇", "township", County))).Id;
        TownB = (await org.CreateUnitAsync(sys, new UnitInput("C-B", "西岭镇", "township", County))).Id;
        SectionA = (await org.CreateUnitAsync(sys, new UnitInput("C-A-1", "东岭镇党政办", "section", TownA))).Id;
        SectionB = (await org.CreateUnitAsync(sys, new UnitInput("C-B-1", "西岭镇党政办", "section", TownB))).Id;
        PersonA = (await org.CreatePersonAsync(sys, new PersonInput("PA1", "张伟", SectionA, "13800000001", null))).Id;
        PersonB = (await org.CreatePersonAsync(sys, new PersonInput("PB1", "李娜", SectionB, "13800000002", null))).Id;
        await DemoSeed.CreateAdminAsync(scope.ServiceProvider, "root", Password, "县管理员", "C", SystemRoles.Sysadmin.Code, default);
        await DemoSeed.CreateAdminAsync(scope.ServiceProvider, "a-admin", Password, "东岭镇管理员", "C-A", SystemRoles.OrgAdmin.Code, default);
        await DemoSeed.CreateAdminAsync(scope.ServiceProvider, "b-admin", Password, "西岭镇管理员", "C-B", SystemRoles.OrgAdmin.Code, default);
        AccountB = (await scope.ServiceProvider.GetRequiredService<AccountService>().CreateAsync(sys, "b-user", PersonB, Password)).Id;
        PostB = (await org.CreatePostAsync(sys, new PostInput(SectionB, "党政办主任", "top", PersonB))).Id;
        RoleB = (await org.AssignRoleAsync(sys, PersonB, SystemRoles.Officer.Code, SectionB, subtree: false)).Id;
    }

    public virtual async Task DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        await Database.DisposeAsync();
    }

    public HttpClient Anonymous() => new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
    {
        BaseAddress = BaseAddress,
    };

    /// <summary>Logs in like the console: cookie + CSRF header on every request.</summary>
    public async Task<HttpClient> LoginAsync(string username, string password = Password)
    {
        var http = Anonymous();
        var res = await http.PostAsJsonAsync("/api/v1/session", new { username, password });
        if (res.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"login {username} failed: {(int)res.StatusCode} {await res.Content.ReadAsStringAsync()}");
        var session = await res.Content.ReadFromJsonAsync<JsonObject>();
        http.DefaultRequestHeaders.Add(Auth.CsrfHeader, session!["csrfToken"]!.GetValue<string>());
        return http;
    }

    /// <summary>A new official working in <paramref name="unit"/> who holds <paramref name="role"/> over <paramref name="over"/> and its subtree, logged in like the console.</summary>
    public async Task<HttpClient> NewOfficialAsync(string role, Guid unit, Guid over)
    {
        var username = "of-" + Guid.NewGuid().ToString("N")[..8];
        await ScopeAsync(async sp =>
        {
            var sys = Actor.System("test");
            var org = sp.GetRequiredService<OrgService>();
            var p = await org.CreatePersonAsync(sys, new PersonInput(username, "受理员" + username[3..7], unit, null, null));
            await sp.GetRequiredService<AccountService>().CreateAsync(sys, username, p.Id, Password);
            await org.AssignRoleAsync(sys, p.Id, role, over, subtree: true);
            return true;
        });
        return await LoginAsync(username);
    }

    public HttpClient WithToken(string token)
    {
        var http = Anonymous();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    public async Task<T> ScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        using var scope = App.Services.CreateScope();
        return await work(scope.ServiceProvider);
    }
}

public sealed class SqliteApp : TestApp
{
    protected override DbKind Kind => DbKind.Sqlite;
}

public sealed class PostgresApp : TestApp
{
    protected override DbKind Kind => DbKind.Postgres;
}

public static class Json
{
    public static async Task<JsonNode> ReadJson(this HttpResponseMessage res) =>
        JsonNode.Parse(await res.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("empty body");

    public static async Task<JsonNode> OkJson(this Task<HttpResponseMessage> call, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var res = await call;
        var body = await res.Content.ReadAsStringAsync();
        Assert.True(res.StatusCode == expected, $"expected {(int)expected}, got {(int)res.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    public static async Task<JsonNode> Problem(this Task<HttpResponseMessage> call, HttpStatusCode expected)
    {
        var res = await call;
        var body = await res.Content.ReadAsStringAsync();
        Assert.True(res.StatusCode == expected, $"expected {(int)expected}, got {(int)res.StatusCode}: {body}");
        Assert.Equal("application/problem+json", res.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(body)!;
    }

    public static StringContent Body(object o) => new(JsonSerializer.Serialize(o), System.Text.Encoding.UTF8, "application/json");
}
