using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Changxiao.Cli;
using Changxiao.Kernel.Access;
using Changxiao.Store;
using Changxiao.Store.Services;
using Changxiao.Tests.Infrastructure;
using Changxiao.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Changxiao.Tests.Api;

/// <summary>
/// Issue 8, point 6: logins can be used neither to find accounts (one answer for an unknown user, a wrong password and a
/// locked-out client) nor to lock a legitimate administrator out (the lock is per account and client), and concurrent
/// guesses never make more password checks than the lockout allows.
/// </summary>
public abstract class LoginDefenceTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : TestApp
{
    private const int MaxFailures = 5; // LockoutPolicy.Default, which the fixture keeps

    private async Task<(string User, Guid Id)> NewAdminAsync()
    {
        var user = "adm-" + Guid.NewGuid().ToString("N")[..8];
        return (user, await app.ScopeAsync(async sp =>
        {
            await DemoSeed.CreateAdminAsync(sp, user, TestApp.Password, "县管理员", "C", SystemRoles.Sysadmin.Code, default);
            return await sp.GetRequiredService<ChangxiaoDb>().Accounts.Where(a => a.Username == user).Select(a => a.Id).SingleAsync();
        }));
    }

    private static Task<HttpResponseMessage> Login(HttpClient http, string user, string password) =>
        http.PostAsJsonAsync("/api/v1/session", new { username = user, password });

    /// <summary>The whole answer a client sees, but for the request's own trace id.</summary>
    private static async Task<string> Answer(HttpResponseMessage res)
    {
        var body = JsonNode.Parse(await res.Content.ReadAsStringAsync())!.AsObject();
        body.Remove("traceId");
        return $"{(int)res.StatusCode} {res.Content.Headers.ContentType?.MediaType} {res.Headers.Contains("Set-Cookie")} {body.ToJsonString()}";
    }

    private async Task<List<string>> JournalTypesAsync(Guid accountId)
    {
        await using var db = app.Database.Open();
        var id = accountId.ToString("N");
        return await db.Journal.AsNoTracking().Where(e => e.EntityType == "account" && e.EntityId == id).OrderBy(e => e.Seq).Select(e => e.Type).ToListAsync();
    }

    [Fact]
    public async Task Login_UnknownUserWrongPasswordLockedClient_OneAnswer()
    {
        var (user, id) = await NewAdminAsync();
        var attacker = app.Anonymous();
        var wrong = new List<string>();
        for (var i = 0; i < MaxFailures; i++) wrong.Add(await Answer(await Login(attacker, user, "wrong-pass" + i)));
        // Locked out now: even the right password gets the answer a wrong one gets.
        var locked = await Answer(await Login(attacker, user, TestApp.Password));
        var unknown = await Answer(await Login(attacker, "nobody-" + Guid.NewGuid().ToString("N")[..6], TestApp.Password));

        Assert.All(wrong, a => Assert.Equal(wrong[0], a));
        Assert.Equal(wrong[0], locked);
        Assert.Equal(wrong[0], unknown);
        Assert.StartsWith("401 application/problem+json False", wrong[0]);
        Assert.Contains("\"code\":\"auth.invalid\"", wrong[0]);
        Assert.DoesNotContain("lockedUntil", wrong[0]);
        Assert.DoesNotContain("锁定", wrong[0]);

        // The lock is no secret to administrators: in the journal, and in the accounts list.
        Assert.Contains("account.locked", await JournalTypesAsync(id));
        var root = await app.LoginAsync("root");
        var listed = (await root.GetAsync($"/api/v1/accounts?q={user}").OkJson())["items"]!.AsArray().Single()!;
        Assert.NotNull(listed["lockedUntil"]);
        Assert.Equal(MaxFailures, listed["failedLogins"]!.GetValue<int>());
    }

    [Fact]
    public async Task Login_FortyConcurrentWrongPasswords_NoMoreChecksThanTheLimit()
    {
        var (user, id) = await NewAdminAsync();
        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(async i =>
        {
            using var http = app.Anonymous();
            return await Answer(await Login(http, user, "wrong-pass" + i));
        }));

        Assert.All(answers, a => Assert.Equal(answers[0], a));
        Assert.Contains("\"code\":\"auth.invalid\"", answers[0]);
        // Every password check is reserved on the journal before it runs: the reservations, and so the checks, stop at the limit.
        var types = await JournalTypesAsync(id);
        Assert.Equal(MaxFailures, types.Count(t => t == "account.login-attempted"));
        Assert.Equal(MaxFailures, types.Count(t => t == "account.login-failed"));
        Assert.Equal(1, types.Count(t => t == "account.locked"));
    }

    [Fact]
    public async Task Login_AttackerHammersAdministrator_AdministratorStillLogsInFromOwnBrowser()
    {
        var (user, _) = await NewAdminAsync();
        var browser = app.Anonymous();
        // The administrator's browser, known to the account from now on; they log out for the day.
        var session = await Login(browser, user, TestApp.Password).OkJson();
        browser.DefaultRequestHeaders.Add(Auth.CsrfHeader, session["csrfToken"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NoContent, (await browser.DeleteAsync("/api/v1/session")).StatusCode);

        var attacker = app.Anonymous();
        for (var i = 0; i < MaxFailures; i++) await Login(attacker, user, "guess-" + i).Problem(HttpStatusCode.Unauthorized);
        // While the attacker keeps guessing, the administrator logs in.
        var flood = Enumerable.Range(0, 20).Select(i => Login(attacker, user, "more-guesses-" + i)).ToList();
        var admin = Login(browser, user, TestApp.Password);
        await admin.OkJson();
        Assert.All(await Task.WhenAll(flood), r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        await browser.GetAsync("/api/v1/session").OkJson();

        // The attacker is locked out, even with the right password.
        await Login(attacker, user, TestApp.Password).Problem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Login_ClientLockedAgain_LockDoubles()
    {
        var (user, id) = await NewAdminAsync();
        var attacker = app.Anonymous();
        for (var i = 0; i < MaxFailures; i++) await Login(attacker, user, "guess-" + i).Problem(HttpStatusCode.Unauthorized);
        app.Time.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        for (var i = 0; i < MaxFailures; i++) await Login(attacker, user, "again-" + i).Problem(HttpStatusCode.Unauthorized);

        var root = await app.LoginAsync("root");
        var account = await root.GetAsync($"/api/v1/accounts/{id}").OkJson();
        Assert.Equal(app.Time.GetUtcNow().AddMinutes(30), DateTimeOffset.Parse(account["lockedUntil"]!.GetValue<string>()), TimeSpan.FromSeconds(1));
        app.Time.Advance(TimeSpan.FromMinutes(16));
        await Login(attacker, user, TestApp.Password).Problem(HttpStatusCode.Unauthorized);
        app.Time.Advance(TimeSpan.FromMinutes(15));
        await Login(attacker, user, TestApp.Password).OkJson();
    }
}

public sealed class LoginDefenceTests_Sqlite(SqliteApp app) : LoginDefenceTests<SqliteApp>(app);

public sealed class LoginDefenceTests_Postgres(PostgresApp app) : LoginDefenceTests<PostgresApp>(app);

/// <summary>A server that lets each client IP log in, and ask for tokens, five times a minute.</summary>
public abstract class RateLimitedApp : TestApp
{
    public const int PerMinute = 5;

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton(LoginDefenceSettings.From(null) with { PerMinute = PerMinute });
}

public sealed class SqliteRateLimitedApp : RateLimitedApp
{
    protected override DbKind Kind => DbKind.Sqlite;
}

public sealed class PostgresRateLimitedApp : RateLimitedApp
{
    protected override DbKind Kind => DbKind.Postgres;
}

public abstract class LoginRateLimitTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : RateLimitedApp
{
    private static async Task AssertTooMany(HttpResponseMessage res)
    {
        var p = await Task.FromResult(res).Problem(HttpStatusCode.TooManyRequests);
        Assert.Equal("auth.rate-limited", p["code"]!.GetValue<string>());
        Assert.Contains("频繁", p["title"]!.GetValue<string>());
        var retry = int.Parse(res.Headers.GetValues("Retry-After").Single());
        Assert.InRange(retry, 1, 60);
    }

    [Fact]
    public async Task LoginAndTokens_OverTheLimit_429WithRetryAfter()
    {
        var http = app.Anonymous();
        for (var i = 0; i < RateLimitedApp.PerMinute; i++)
            await http.PostAsJsonAsync("/api/v1/session", new { username = "nobody" + i, password = "wrong-pass1" }).Problem(HttpStatusCode.Unauthorized);
        await AssertTooMany(await http.PostAsJsonAsync("/api/v1/session", new { username = "root", password = TestApp.Password }));

        // Tokens have a budget of their own.
        var token = await app.ScopeAsync(async sp =>
        {
            var accounts = sp.GetRequiredService<AccountService>();
            var root = await sp.GetRequiredService<ChangxiaoDb>().Accounts.AsNoTracking().SingleAsync(a => a.Username == "root");
            return (await accounts.IssueTokenAsync(await accounts.ActorForAsync(root), "limit")).Token;
        });
        var api = app.WithToken(token);
        for (var i = 0; i < RateLimitedApp.PerMinute; i++)
            await api.PostAsJsonAsync("/api/v1/tokens", new { name = "t" + i }).OkJson(HttpStatusCode.Created);
        await AssertTooMany(await api.PostAsJsonAsync("/api/v1/tokens", new { name = "one-too-many" }));
        await api.GetAsync("/api/v1/units").OkJson(); // the rest of the API is not limited
    }
}

public sealed class LoginRateLimitTests_Sqlite(SqliteRateLimitedApp app) : LoginRateLimitTests<SqliteRateLimitedApp>(app);

public sealed class LoginRateLimitTests_Postgres(PostgresRateLimitedApp app) : LoginRateLimitTests<PostgresRateLimitedApp>(app);

/// <summary>The line password hashing waits in: bounded, so a flood of logins cannot take every core.</summary>
public sealed class PasswordGateTests
{
    [Fact]
    public async Task PasswordGate_Flood_NeverMoreHashesAtOnceThanSlots()
    {
        var gate = new PasswordGate(2, 100);
        var running = 0;
        var most = 0;
        await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => Task.Run(() => gate.RunAsync(() =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            Thread.Sleep(5);
            Interlocked.Decrement(ref running);
            return true;
        }, default))));
        Assert.InRange(most, 1, 2);
    }

    [Fact]
    public void PasswordGate_LineFull_RefusedAtOnceUntilAPlaceIsFree()
    {
        var gate = new PasswordGate(1, 1);
        var first = gate.Enter();
        using var second = gate.Enter();
        Assert.Throws<PasswordChecksBusyException>(() => gate.Enter());
        first.Dispose();
        using var third = gate.Enter();
    }

    [Fact]
    public async Task PasswordGate_AfterASlowWrongPassword_QuickRefusalsWaitAsLong()
    {
        var gate = new PasswordGate(1, 10);
        var quick = System.Diagnostics.Stopwatch.StartNew();
        await gate.EvenOutAsync(TimeSpan.FromMilliseconds(5), default);
        Assert.True(quick.ElapsedMilliseconds < 100, "nothing learnt yet: no wait");

        gate.ObserveRefusal(TimeSpan.FromMilliseconds(300));
        var padded = System.Diagnostics.Stopwatch.StartNew();
        await gate.EvenOutAsync(TimeSpan.FromMilliseconds(50), default);
        Assert.InRange(padded.ElapsedMilliseconds, 240, 5_000);
        var slow = System.Diagnostics.Stopwatch.StartNew();
        await gate.EvenOutAsync(TimeSpan.FromMilliseconds(400), default);
        Assert.True(slow.ElapsedMilliseconds < 100, "already slower than a wrong password: no wait");
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
