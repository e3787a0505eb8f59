using System.Net;
using System.Net.Http.Json;
using Changxiao.Tests.Infrastructure;

namespace Changxiao.Tests.Api;

public abstract class AuthTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : TestApp
{
    private async Task<(string User, Guid Id)> NewAccountAsync()
    {
        var root = await app.LoginAsync("root");
        var code = Guid.NewGuid().ToString("N")[..8];
        var person = await root.PostAsJsonAsync("/api/v1/people", new { code = "P" + code, name = "孙丽", unitId = app.SectionA }).OkJson(HttpStatusCode.Created);
        var account = await root.PostAsJsonAsync("/api/v1/accounts", new { username = "u" + code, personId = person["id"]!.GetValue<string>(), password = TestApp.Password })
            .OkJson(HttpStatusCode.Created);
        return ("u" + code, Guid.Parse(account["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Login_WrongPassword_401InvalidAndNoCookie()
    {
        var http = app.Anonymous();
        var res = await http.PostAsJsonAsync("/api/v1/session", new { username = "root", password = "wrong-password1" });
        var p = await Task.FromResult(res).Problem(HttpStatusCode.Unauthorized);
        Assert.Equal("auth.invalid", p["code"]!.GetValue<string>());
        Assert.False(res.Headers.Contains("Set-Cookie"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/v1/units")).StatusCode);
    }

    [Fact]
    public async Task Login_UnknownUser_SameAnswerAsWrongPassword()
    {
        var p = await app.Anonymous().PostAsJsonAsync("/api/v1/session", new { username = "nobody-" + Guid.NewGuid().ToString("N")[..6], password = "x" })
            .Problem(HttpStatusCode.Unauthorized);
        Assert.Equal("auth.invalid", p["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Login_FiveFailures_ClientLockedFifteenMinutesThenOpen()
    {
        var (user, id) = await NewAccountAsync();
        var http = app.Anonymous();
        for (var i = 1; i <= 5; i++)
        {
            var p = await http.PostAsJsonAsync("/api/v1/session", new { username = user, password = "wrong-pass" + i }).Problem(HttpStatusCode.Unauthorized);
            Assert.Equal("auth.invalid", p["code"]!.GetValue<string>());
        }
        // Even the right password is refused while this client is locked out — with the same answer as a wrong one.
        var locked = await http.PostAsJsonAsync("/api/v1/session", new { username = user, password = TestApp.Password }).Problem(HttpStatusCode.Unauthorized);
        Assert.Equal("auth.invalid", locked["code"]!.GetValue<string>());
        var root = await app.LoginAsync("root");
        var acc = await root.GetAsync($"/api/v1/accounts/{id}").OkJson();
        var until = DateTimeOffset.Parse(acc["lockedUntil"]!.GetValue<string>());
        Assert.Equal(app.Time.GetUtcNow().AddMinutes(15), until, TimeSpan.FromSeconds(1));

        app.Time.Advance(TimeSpan.FromMinutes(14));
        await http.PostAsJsonAsync("/api/v1/session", new { username = user, password = TestApp.Password }).Problem(HttpStatusCode.Unauthorized);
        app.Time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        await http.PostAsJsonAsync("/api/v1/session", new { username = user, password = TestApp.Password }).OkJson();

        var history = (await root.GetAsync($"/api/v1/history/account/{id}").OkJson()).AsArray().Select(e => e!["type"]!.GetValue<string>()).ToList();
        Assert.Equal(5, history.Count(t => t == "account.login-failed"));
        Assert.Contains("account.locked", history);
        Assert.Equal("account.login-succeeded", history.Last(t => t.StartsWith("account.login-", StringComparison.Ordinal) && t != "account.login-attempted"));
    }

    [Fact]
    public async Task Unlock_ByAdmin_AllowsLoginAtOnce()
    {
        var (user, id) = await NewAccountAsync();
        var http = app.Anonymous();
        for (var i = 0; i < 5; i++) await http.PostAsJsonAsync("/api/v1/session", new { username = user, password = "nope-nope" + i });
        var admin = await app.LoginAsync("a-admin");
        await admin.PostAsync($"/api/v1/accounts/{id}/unlock", null).OkJson();
        await http.PostAsJsonAsync("/api/v1/session", new { username = user, password = TestApp.Password }).OkJson();
    }

    [Fact]
    public async Task UnsafeRequest_CookieWithoutCsrfHeader_403()
    {
        var http = await app.LoginAsync("root");
        http.DefaultRequestHeaders.Remove("X-CSRF-Token");
        var p = await http.PostAsJsonAsync("/api/v1/units", new { code = "CSRF1", name = "x", kind = "section", parentId = app.TownA }).Problem(HttpStatusCode.Forbidden);
        Assert.Equal("auth.csrf", p["code"]!.GetValue<string>());
        http.DefaultRequestHeaders.Add("X-CSRF-Token", "forged");
        await http.PostAsJsonAsync("/api/v1/units", new { code = "CSRF1", name = "x", kind = "section", parentId = app.TownA }).Problem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task SessionCookie_IsHttpOnlyAndSameSiteStrict()
    {
        var res = await app.Anonymous().PostAsJsonAsync("/api/v1/session", new { username = "root", password = TestApp.Password });
        var cookie = res.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("cx_session="));
        Assert.Contains("httponly", cookie.ToLowerInvariant());
        Assert.Contains("samesite=strict", cookie.ToLowerInvariant());
    }

    [Fact]
    public async Task BearerToken_WorksWithoutCsrf_UntilRevoked()
    {
        var admin = await app.LoginAsync("a-admin");
        var issued = await admin.PostAsJsonAsync("/api/v1/tokens", new { name = "报表脚本" }).OkJson(HttpStatusCode.Created);
        var token = issued["token"]!.GetValue<string>();
        var api = app.WithToken(token);
        var units = (await api.GetAsync("/api/v1/units").OkJson()).AsArray();
        Assert.DoesNotContain(units, u => u!["code"]!.GetValue<string>() == "C-B");
        await api.PostAsJsonAsync("/api/v1/units", new { code = "TK-" + Guid.NewGuid().ToString("N")[..6], name = "令牌建的股室", kind = "section", parentId = app.TownA })
            .OkJson(HttpStatusCode.Created);
        var listed = (await admin.GetAsync("/api/v1/tokens").OkJson()).AsArray();
        Assert.Contains(listed, t => t!["name"]!.GetValue<string>() == "报表脚本");
        Assert.DoesNotContain("token", listed[0]!.AsObject().Select(kv => kv.Key));
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/tokens/{issued["id"]}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/units")).StatusCode);
    }

    [Fact]
    public async Task BearerToken_Garbage_401()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.WithToken("cx_not-a-token").GetAsync("/api/v1/units")).StatusCode);
    }

    [Fact]
    public async Task DisableAccount_EndsItsSessionsAndLogins()
    {
        var (user, id) = await NewAccountAsync();
        var session = await app.LoginAsync(user);
        await session.GetAsync("/api/v1/session").OkJson();
        var root = await app.LoginAsync("root");
        await root.PutAsJsonAsync($"/api/v1/accounts/{id}", new { disabled = true }).OkJson();
        Assert.Equal(HttpStatusCode.Unauthorized, (await session.GetAsync("/api/v1/units")).StatusCode);
        var p = await app.Anonymous().PostAsJsonAsync("/api/v1/session", new { username = user, password = TestApp.Password }).Problem(HttpStatusCode.Unauthorized);
        Assert.Equal("auth.disabled", p["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task CreateAccount_WeakPassword_400NamesField()
    {
        var root = await app.LoginAsync("root");
        var p = await root.PostAsJsonAsync("/api/v1/accounts", new { username = "weak1", personId = app.PersonA, password = "short" }).Problem(HttpStatusCode.BadRequest);
        Assert.NotNull(p["errors"]!["password"]);
    }

    [Fact]
    public async Task StoredPassword_IsPbkdf2WithAtLeast100kIterations()
    {
        await using var db = app.Database.Open();
        var hash = Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AsNoTracking(db.Accounts).First(a => a.Username == "root").PasswordHash;
        var parts = hash.Split('$');
        Assert.Equal("pbkdf2-sha512", parts[0]);
        Assert.True(int.Parse(parts[1]) >= 100_000);
        Assert.DoesNotContain(TestApp.Password, hash);
    }
}

public sealed class AuthTests_Sqlite(SqliteApp app) : AuthTests<SqliteApp>(app);

public sealed class AuthTests_Postgres(PostgresApp app) : AuthTests<PostgresApp>(app);
