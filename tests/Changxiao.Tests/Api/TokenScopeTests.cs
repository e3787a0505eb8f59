using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Changxiao.Tests.Infrastructure;

namespace Changxiao.Tests.Api;

/// <summary>
/// Issue 8, point 2 (token scopes): a token carries only the roles it was given — never one its issuer does not hold, and
/// a token issued by a scoped token never more than that token — and a read-only token changes nothing.
/// </summary>
public abstract class TokenScopeTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : TestApp
{
    /// <summary>An account holding org-admin over 东岭镇 and officer over its 党政办, logged in.</summary>
    private async Task<(HttpClient Session, string PersonId)> TwoRoleAccountAsync()
    {
        var root = await app.LoginAsync("root");
        var code = Guid.NewGuid().ToString("N")[..8];
        var person = await root.PostAsJsonAsync("/api/v1/people", new { code = "T" + code, name = "吴刚", unitId = app.SectionA }).OkJson(HttpStatusCode.Created);
        var personId = person["id"]!.GetValue<string>();
        await root.PostAsJsonAsync("/api/v1/accounts", new { username = "t" + code, personId, password = TestApp.Password }).OkJson(HttpStatusCode.Created);
        await root.PostAsJsonAsync("/api/v1/role-assignments", new { personId, role = "org-admin", unitId = app.TownA, subtree = true }).OkJson(HttpStatusCode.Created);
        await root.PostAsJsonAsync("/api/v1/role-assignments", new { personId, role = "officer", unitId = app.SectionA, subtree = false }).OkJson(HttpStatusCode.Created);
        return (await app.LoginAsync("t" + code), personId);
    }

    private static async Task<HttpClient> IssueAsync(HttpClient by, TestApp app, object body) =>
        app.WithToken((await by.PostAsJsonAsync("/api/v1/tokens", body).OkJson(HttpStatusCode.Created))["token"]!.GetValue<string>());

    private Task<HttpResponseMessage> NewSection(HttpClient http) =>
        http.PostAsJsonAsync("/api/v1/units", new { code = "TS-" + Guid.NewGuid().ToString("N")[..6], name = "令牌建的股室", kind = "section", parentId = app.SectionA });

    private static async Task<HashSet<string>> PermissionsOf(HttpClient http) =>
        (await http.GetAsync("/api/v1/session").OkJson())["permissions"]!.AsArray().Select(p => p!.GetValue<string>()).ToHashSet();

    [Fact]
    public async Task ScopedToken_ActsWithItsRolesOnly()
    {
        var (session, _) = await TwoRoleAccountAsync();
        var officer = await IssueAsync(session, app, new { name = "只读报表", roles = new[] { "officer" } });
        var whole = await IssueAsync(session, app, new { name = "全部" });

        Assert.Equal(new[] { "matter.read", "org.read" }, (await PermissionsOf(officer)).Order());
        await officer.GetAsync("/api/v1/units").OkJson();
        Assert.Equal(HttpStatusCode.Forbidden, (await NewSection(officer)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.GetAsync("/api/v1/accounts")).StatusCode);
        await NewSection(whole).OkJson(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Token_RoleNotHeld_400AndNothingIssued()
    {
        var (session, _) = await TwoRoleAccountAsync();
        var p = await session.PostAsJsonAsync("/api/v1/tokens", new { name = "越权", roles = new[] { "officer", "sysadmin" } }).Problem(HttpStatusCode.BadRequest);
        Assert.NotNull(p["errors"]!["roles[1]"]);
        Assert.DoesNotContain("sysadmin", p.ToJsonString());
        Assert.Empty((await session.GetAsync("/api/v1/tokens").OkJson()).AsArray());
    }

    [Fact]
    public async Task TokenIssuedByScopedToken_NeverMoreThanIt()
    {
        var (session, _) = await TwoRoleAccountAsync();
        var officer = await IssueAsync(session, app, new { name = "股室", roles = new[] { "officer" } });

        await officer.PostAsJsonAsync("/api/v1/tokens", new { name = "升级", roles = new[] { "org-admin" } }).Problem(HttpStatusCode.BadRequest);
        var child = await IssueAsync(officer, app, new { name = "子令牌" });
        Assert.Equal(await PermissionsOf(officer), await PermissionsOf(child));
        Assert.Equal(HttpStatusCode.Forbidden, (await NewSection(child)).StatusCode);
    }

    [Fact]
    public async Task ScopedToken_RoleTakenFromAccount_TokenLosesItToo()
    {
        var (session, personId) = await TwoRoleAccountAsync();
        var officer = await IssueAsync(session, app, new { name = "股室", roles = new[] { "officer" } });
        var root = await app.LoginAsync("root");
        var grant = (await root.GetAsync($"/api/v1/role-assignments?personId={personId}").OkJson()).AsArray().Single(r => r!["role"]!.GetValue<string>() == "officer")!;
        Assert.Equal(HttpStatusCode.NoContent, (await root.DeleteAsync($"/api/v1/role-assignments/{grant["id"]}")).StatusCode);

        var s = await officer.GetAsync("/api/v1/session").OkJson();
        Assert.Empty(s["grants"]!.AsArray());
        Assert.Empty(s["permissions"]!.AsArray());
    }

    [Fact]
    public async Task ReadOnlyToken_ReadsButChangesNothing()
    {
        var (session, _) = await TwoRoleAccountAsync();
        var issued = await session.PostAsJsonAsync("/api/v1/tokens", new { name = "只读", readOnly = true }).OkJson(HttpStatusCode.Created);
        var reader = app.WithToken(issued["token"]!.GetValue<string>());

        await reader.GetAsync("/api/v1/units").OkJson();
        await reader.GetAsync("/api/v1/accounts").OkJson();
        var p = await NewSection(reader).Problem(HttpStatusCode.Forbidden);
        Assert.Equal("token.read-only", p["code"]!.GetValue<string>());
        await reader.PostAsJsonAsync("/api/v1/tokens", new { name = "再来一个" }).Problem(HttpStatusCode.Forbidden);
        await reader.DeleteAsync($"/api/v1/tokens/{issued["id"]}").Problem(HttpStatusCode.Forbidden);
        Assert.Single((await session.GetAsync("/api/v1/tokens").OkJson()).AsArray());
    }
}

public sealed class TokenScopeTests_Sqlite(SqliteApp app) : TokenScopeTests<SqliteApp>(app);

public sealed class TokenScopeTests_Postgres(PostgresApp app) : TokenScopeTests<PostgresApp>(app);

/// <summary>Issue 8, point 9 (accounts): a township administrator learns nothing of accounts outside its scope from an error.</summary>
public abstract class AccountDisclosureTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : TestApp
{
    private static async Task<string> Refusal(Task<HttpResponseMessage> call, HttpStatusCode status)
    {
        var p = (await call.Problem(status)).AsObject();
        p.Remove("traceId");
        p.Remove("detail"); // a 404's detail names the id asked for, which the caller already knows
        return p.ToJsonString();
    }

    [Fact]
    public async Task CreateAccount_UsernameOutsideScope_SameNeutralAnswerAsInside()
    {
        var a = await app.LoginAsync("a-admin");
        var person = await a.PostAsJsonAsync("/api/v1/people", new { code = "D" + Guid.NewGuid().ToString("N")[..6], name = "郑洁", unitId = app.SectionA })
            .OkJson(HttpStatusCode.Created);
        var personId = person["id"]!.GetValue<string>();
        Task<HttpResponseMessage> Create(string username, object? forPerson = null) =>
            a.PostAsJsonAsync("/api/v1/accounts", new { username, personId = forPerson ?? personId, password = TestApp.Password });

        var inside = await Refusal(Create("a-admin"), HttpStatusCode.Conflict);
        var county = await Refusal(Create("root"), HttpStatusCode.Conflict);
        var otherTownship = await Refusal(Create("b-user"), HttpStatusCode.Conflict);
        Assert.Equal(inside, county);
        Assert.Equal(inside, otherTownship);
        Assert.Contains("account.username-unavailable", inside);
        Assert.DoesNotContain("root", county);
        Assert.DoesNotContain("已被使用", county);

        // Another township's person (who has an account) is as unknown as no person at all.
        var name = "fresh" + Guid.NewGuid().ToString("N")[..6];
        Assert.Equal(await Refusal(Create(name, Guid.NewGuid()), HttpStatusCode.NotFound), await Refusal(Create(name, app.PersonB), HttpStatusCode.NotFound));
    }
}

public sealed class AccountDisclosureTests_Sqlite(SqliteApp app) : AccountDisclosureTests<SqliteApp>(app);

public sealed class AccountDisclosureTests_Postgres(PostgresApp app) : AccountDisclosureTests<PostgresApp>(app);
