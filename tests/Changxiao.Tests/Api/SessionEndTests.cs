using System.Net;
using System.Net.Http.Json;
using Changxiao.Store;
using Changxiao.Tests.Infrastructure;
using Changxiao.Web;
using Microsoft.EntityFrameworkCore;

namespace Changxiao.Tests.Api;

/// <summary>
/// Issue 8, point 7: ending a session ends it — a logout, a new password, a disable and "sign out everywhere" leave no
/// cookie or token of the account alive, and re-enabling the account brings none back.
/// </summary>
public abstract class SessionEndTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : TestApp
{
    private async Task<(string User, Guid Id)> NewAccountAsync()
    {
        var root = await app.LoginAsync("root");
        var code = Guid.NewGuid().ToString("N")[..8];
        var person = await root.PostAsJsonAsync("/api/v1/people", new { code = "S" + code, name = "周敏", unitId = app.SectionA }).OkJson(HttpStatusCode.Created);
        var personId = person["id"]!.GetValue<string>();
        var account = await root.PostAsJsonAsync("/api/v1/accounts", new { username = "s" + code, personId, password = TestApp.Password })
            .OkJson(HttpStatusCode.Created);
        await root.PostAsJsonAsync("/api/v1/role-assignments", new { personId, role = "officer", unitId = app.SectionA, subtree = false }).OkJson(HttpStatusCode.Created);
        return ("s" + code, Guid.Parse(account["id"]!.GetValue<string>()));
    }

    private async Task<string> TokenAsync(HttpClient session) =>
        (await session.PostAsJsonAsync("/api/v1/tokens", new { name = "脚本" }).OkJson(HttpStatusCode.Created))["token"]!.GetValue<string>();

    /// <summary>A client that presents exactly the given cookie and CSRF token, as an attacker who copied them would.</summary>
    private HttpClient Replay(string cookie, string csrf)
    {
        var http = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = app.BaseAddress };
        http.DefaultRequestHeaders.Add("Cookie", cookie);
        http.DefaultRequestHeaders.Add(Auth.CsrfHeader, csrf);
        return http;
    }

    /// <summary>A console login, and a second client holding a copy of its cookie and CSRF token.</summary>
    private async Task<(HttpClient Replay, HttpClient Session)> CopiedSessionAsync(string user)
    {
        var cookies = new CookieContainer();
        var session = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = app.BaseAddress };
        var login = await session.PostAsJsonAsync("/api/v1/session", new { username = user, password = TestApp.Password }).OkJson();
        var csrf = login["csrfToken"]!.GetValue<string>();
        session.DefaultRequestHeaders.Add(Auth.CsrfHeader, csrf);
        return (Replay(cookies.GetCookieHeader(new Uri(app.BaseAddress, "/api/v1/units")), csrf), session);
    }

    private async Task<List<string>> JournalTypesAsync(string entityType, Guid id)
    {
        await using var db = app.Database.Open();
        var key = id.ToString("N");
        return await db.Journal.AsNoTracking().Where(e => e.EntityType == entityType && e.EntityId == key).OrderBy(e => e.Seq).Select(e => e.Type).ToListAsync();
    }

    [Fact]
    public async Task Logout_ReplayedCookie_401AndMintsNoToken()
    {
        var (user, id) = await NewAccountAsync();
        var (replay, session) = await CopiedSessionAsync(user);
        await replay.GetAsync("/api/v1/units").OkJson(); // the copy works while the session lives

        Assert.Equal(HttpStatusCode.NoContent, (await session.DeleteAsync("/api/v1/session")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await replay.GetAsync("/api/v1/units")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await replay.PostAsJsonAsync("/api/v1/tokens", new { name = "偷来的" })).StatusCode);
        Assert.Contains("account.session-ended", await JournalTypesAsync("account", id));
        await app.LoginAsync(user); // a new login is a new session
    }

    [Fact]
    public async Task PasswordChange_OldBearerTokenAndCookie_401()
    {
        var (user, id) = await NewAccountAsync();
        var (replay, session) = await CopiedSessionAsync(user);
        var token = app.WithToken(await TokenAsync(session));
        await token.GetAsync("/api/v1/units").OkJson();

        var root = await app.LoginAsync("root");
        await root.PutAsJsonAsync($"/api/v1/accounts/{id}", new { password = "New-passw0rd" }).OkJson();

        Assert.Equal(HttpStatusCode.Unauthorized, (await token.GetAsync("/api/v1/units")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await replay.GetAsync("/api/v1/units")).StatusCode);
        await app.LoginAsync(user, "New-passw0rd");
    }

    [Fact]
    public async Task DisableThenEnable_OldTokenStays401()
    {
        var (user, id) = await NewAccountAsync();
        var session = await app.LoginAsync(user);
        var token = app.WithToken(await TokenAsync(session));
        var root = await app.LoginAsync("root");

        await root.PutAsJsonAsync($"/api/v1/accounts/{id}", new { disabled = true }).OkJson();
        await root.PutAsJsonAsync($"/api/v1/accounts/{id}", new { disabled = false }).OkJson();

        Assert.Equal(HttpStatusCode.Unauthorized, (await token.GetAsync("/api/v1/units")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await session.GetAsync("/api/v1/units")).StatusCode);
        // Revoked as a fact: the owner sees it so, and the journal says so.
        var fresh = await app.LoginAsync(user);
        Assert.All((await fresh.GetAsync("/api/v1/tokens").OkJson()).AsArray(), t => Assert.True(t!["revoked"]!.GetValue<bool>()));
        await using var db = app.Database.Open();
        var tokenIds = await db.ApiTokens.AsNoTracking().Where(t => t.AccountId == id).Select(t => t.Id).ToListAsync();
        Assert.Contains("token.revoked", await JournalTypesAsync("token", Assert.Single(tokenIds)));
    }

    [Fact]
    public async Task SignOutEverywhere_ByAdministrator_EndsEveryCookieAndToken()
    {
        var (user, id) = await NewAccountAsync();
        var (replay, office) = await CopiedSessionAsync(user);
        var home = await app.LoginAsync(user);
        var token = app.WithToken(await TokenAsync(home));

        var admin = await app.LoginAsync("a-admin"); // the account's township administrator
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/v1/accounts/{id}/sign-out-everywhere", null)).StatusCode);

        foreach (var http in new[] { replay, office, home, token })
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/v1/units")).StatusCode);
        Assert.Contains("account.signed-out-everywhere", await JournalTypesAsync("account", id));
        await app.LoginAsync(user);
    }

    [Fact]
    public async Task SignOutEverywhere_Oneself_WithoutAccountPermission()
    {
        var (user, id) = await NewAccountAsync();
        var other = await app.LoginAsync(user);
        var me = await app.LoginAsync(user);
        Assert.Equal(HttpStatusCode.NoContent, (await me.PostAsync($"/api/v1/accounts/{id}/sign-out-everywhere", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await other.GetAsync("/api/v1/units")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await me.GetAsync("/api/v1/units")).StatusCode);
    }

    [Fact]
    public async Task SignOutEverywhere_OutOfScope_SameNotFoundAsNoAccount()
    {
        var b = await app.LoginAsync("b-user");
        var a = await app.LoginAsync("a-admin");
        var outside = await a.PostAsync($"/api/v1/accounts/{app.AccountB}/sign-out-everywhere", null).Problem(HttpStatusCode.NotFound);
        var none = await a.PostAsync($"/api/v1/accounts/{Guid.NewGuid()}/sign-out-everywhere", null).Problem(HttpStatusCode.NotFound);
        Assert.Equal(none["code"]!.GetValue<string>(), outside["code"]!.GetValue<string>());
        Assert.Equal(none["title"]!.GetValue<string>(), outside["title"]!.GetValue<string>());
        await b.GetAsync("/api/v1/session").OkJson(); // b-user's session lives on
    }
}

public sealed class SessionEndTests_Sqlite(SqliteApp app) : SessionEndTests<SqliteApp>(app);

public sealed class SessionEndTests_Postgres(PostgresApp app) : SessionEndTests<PostgresApp>(app);
