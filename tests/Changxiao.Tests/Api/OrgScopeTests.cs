using System.Net;
using System.Net.Http.Json;
using Changxiao.Tests.Infrastructure;

namespace Changxiao.Tests.Api;

/// <summary>
/// A township's org administrator (a-admin over 东岭镇) can neither read nor change anything of
/// 西岭镇 — units, people, posts, accounts, role assignments, history — through any endpoint.
/// </summary>
public abstract class OrgScopeTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : TestApp
{
    [Fact]
    public async Task ListUnits_TownshipAdmin_SeesOnlyOwnSubtree()
    {
        var a = await app.LoginAsync("a-admin");
        var units = (await a.GetAsync("/api/v1/units").OkJson()).AsArray();
        var ids = units.Select(u => Guid.Parse(u!["id"]!.GetValue<string>())).ToHashSet();
        Assert.Contains(app.TownA, ids);
        Assert.Contains(app.SectionA, ids);
        Assert.DoesNotContain(app.TownB, ids);
        Assert.DoesNotContain(app.SectionB, ids);
        Assert.DoesNotContain(app.County, ids);
    }

    [Fact]
    public async Task ReadOtherTownship_AnyEndpoint_NotFound()
    {
        var a = await app.LoginAsync("a-admin");
        foreach (var url in new[]
                 {
                     $"/api/v1/units/{app.TownB}", $"/api/v1/units/{app.SectionB}", $"/api/v1/people/{app.PersonB}",
                     $"/api/v1/people?unitId={app.TownB}", $"/api/v1/accounts/{app.AccountB}",
                     $"/api/v1/history/unit/{app.TownB}", $"/api/v1/history/person/{app.PersonB}", $"/api/v1/history/account/{app.AccountB}",
                     $"/api/v1/history/post/{app.PostB}", $"/api/v1/history/role-assignment/{app.RoleB}",
                 })
        {
            var res = await a.GetAsync(url);
            Assert.True(res.StatusCode == HttpStatusCode.NotFound, $"{url} gave {(int)res.StatusCode}");
        }
    }

    [Fact]
    public async Task ListPeopleAccountsPosts_TownshipAdmin_NothingOfOtherTownship()
    {
        var a = await app.LoginAsync("a-admin");
        var people = await a.GetAsync("/api/v1/people?pageSize=200").OkJson();
        Assert.DoesNotContain(people["items"]!.AsArray(), p => p!["code"]!.GetValue<string>() == "PB1");
        Assert.Contains(people["items"]!.AsArray(), p => p!["code"]!.GetValue<string>() == "PA1");
        var accounts = await a.GetAsync("/api/v1/accounts?pageSize=200").OkJson();
        Assert.DoesNotContain(accounts["items"]!.AsArray(), x => x!["username"]!.GetValue<string>() is "b-user" or "b-admin" or "root");
        var posts = (await a.GetAsync($"/api/v1/posts?unitId={app.SectionB}").OkJson()).AsArray();
        Assert.Empty(posts);
        var roles = (await a.GetAsync("/api/v1/role-assignments").OkJson()).AsArray();
        Assert.DoesNotContain(roles, r => Guid.Parse(r!["unitId"]!.GetValue<string>()) is var u && (u == app.TownB || u == app.SectionB));
        var allPosts = (await a.GetAsync("/api/v1/posts").OkJson()).AsArray();
        Assert.DoesNotContain(allPosts, p => Guid.Parse(p!["id"]!.GetValue<string>()) == app.PostB);
        var stats = await a.GetAsync("/api/v1/stats/org").OkJson();
        Assert.DoesNotContain(stats["topUnits"]!.AsArray(), t => t!["name"]!.GetValue<string>() == "西岭镇");
    }

    [Fact]
    public async Task ChangeOtherTownship_AnyEndpoint_RefusedAndNothingWritten()
    {
        var a = await app.LoginAsync("a-admin");
        var before = await JournalCount();
        var calls = new (string What, Func<Task<HttpResponseMessage>> Call)[]
        {
            ("update unit", () => a.PutAsJsonAsync($"/api/v1/units/{app.SectionB}", new { code = "C-B-1", name = "改名", kind = "section", parentId = app.TownB })),
            ("create unit under B", () => a.PostAsJsonAsync("/api/v1/units", new { code = "X-" + Guid.NewGuid().ToString("N")[..8], name = "新股室", kind = "section", parentId = app.TownB })),
            ("move own unit under B", () => a.PutAsJsonAsync($"/api/v1/units/{app.SectionA}", new { code = "C-A-1", name = "东岭镇党政办", kind = "section", parentId = app.TownB })),
            ("create root unit", () => a.PostAsJsonAsync("/api/v1/units", new { code = "ROOT2", name = "另一个县", kind = "county" })),
            ("update person", () => a.PutAsJsonAsync($"/api/v1/people/{app.PersonB}", new { code = "PB1", name = "改名", unitId = app.SectionB })),
            ("move person into A", () => a.PutAsJsonAsync($"/api/v1/people/{app.PersonB}", new { code = "PB1", name = "李娜", unitId = app.SectionA })),
            ("create person in B", () => a.PostAsJsonAsync("/api/v1/people", new { code = "PX" + Guid.NewGuid().ToString("N")[..6], name = "王芳", unitId = app.SectionB })),
            ("create post in B", () => a.PostAsJsonAsync("/api/v1/posts", new { unitId = app.SectionB, title = "主任", rank = "top" })),
            ("disable account", () => a.PutAsJsonAsync($"/api/v1/accounts/{app.AccountB}", new { disabled = true })),
            ("reset password", () => a.PutAsJsonAsync($"/api/v1/accounts/{app.AccountB}", new { password = "Hijack3d-pass" })),
            ("unlock account", () => a.PostAsync($"/api/v1/accounts/{app.AccountB}/unlock", null)),
            ("account for B person", () => a.PostAsJsonAsync("/api/v1/accounts", new { username = "sneaky", personId = app.PersonB, password = "Sneaky123x" })),
            ("grant role in B", () => a.PostAsJsonAsync("/api/v1/role-assignments", new { personId = app.PersonA, role = "org-admin", unitId = app.TownB, subtree = true })),
            ("update post in B", () => a.PutAsJsonAsync($"/api/v1/posts/{app.PostB}", new { unitId = app.SectionB, title = "改名", rank = "top" })),
            ("move post into A", () => a.PutAsJsonAsync($"/api/v1/posts/{app.PostB}", new { unitId = app.SectionA, title = "党政办主任", rank = "top" })),
            ("revoke role in B", () => a.DeleteAsync($"/api/v1/role-assignments/{app.RoleB}")),
            ("revoke a token that is not mine", () => a.DeleteAsync($"/api/v1/tokens/{Guid.NewGuid()}")),
            ("grant sysadmin", () => a.PostAsJsonAsync("/api/v1/role-assignments", new { personId = app.PersonA, role = "sysadmin", unitId = app.TownA, subtree = true })),
        };
        foreach (var (what, call) in calls)
        {
            var res = await call();
            Assert.True(res.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden,
                $"{what}: expected 404/403, got {(int)res.StatusCode} {await res.Content.ReadAsStringAsync()}");
        }
        Assert.Equal(before, await JournalCount());
    }

    [Fact]
    public async Task Journal_TownshipAdmin_Forbidden()
    {
        var a = await app.LoginAsync("a-admin");
        Assert.Equal(HttpStatusCode.Forbidden, (await a.GetAsync("/api/v1/journal")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await a.GetAsync("/api/v1/journal/verify")).StatusCode);
    }

    [Fact]
    public async Task OwnTownship_TownshipAdmin_CanWrite()
    {
        var a = await app.LoginAsync("a-admin");
        var code = "A-" + Guid.NewGuid().ToString("N")[..8];
        var unit = await a.PostAsJsonAsync("/api/v1/units", new { code, name = "东岭镇财政所", kind = "section", parentId = app.TownA }).OkJson(HttpStatusCode.Created);
        var person = await a.PostAsJsonAsync("/api/v1/people", new { code = "P" + code, name = "赵敏", unitId = unit["id"]!.GetValue<string>(), phone = "13900000000" })
            .OkJson(HttpStatusCode.Created);
        Assert.Equal("东岭镇财政所", person["unitName"]!.GetValue<string>());
    }

    /// <summary>Entries other than logins (which a login itself records).</summary>
    private async Task<int> JournalCount()
    {
        await using var db = app.Database.Open();
        return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Journal, e => e.EntityType != "account");
    }
}

public sealed class OrgScopeTests_Sqlite(SqliteApp app) : OrgScopeTests<SqliteApp>(app);

public sealed class OrgScopeTests_Postgres(PostgresApp app) : OrgScopeTests<PostgresApp>(app);
