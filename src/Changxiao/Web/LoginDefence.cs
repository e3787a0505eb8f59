using System.Globalization;
using System.Security.Cryptography;
using System.Threading.RateLimiting;
using Changxiao.Hosting;
using Changxiao.Kernel.Accounts;
using Changxiao.Store.Services;
using Microsoft.AspNetCore.DataProtection;

namespace Changxiao.Web;

/// <summary>
/// Settings of the login defences (decision 0009). Read from configuration (<c>Changxiao:Login:PerMinute</c> …) and, for
/// each key, the plain environment variable in brackets:
/// <list type="bullet">
/// <item><c>PerMinute</c> [CHANGXIAO_LOGIN_PER_MINUTE, 20] — logins, and token requests, per client IP per minute.</item>
/// <item><c>ConcurrentChecks</c> [CHANGXIAO_LOGIN_CONCURRENT_CHECKS, half the cores, at least 1] — password hashes computed at once.</item>
/// <item><c>WaitingChecks</c> [CHANGXIAO_LOGIN_WAITING_CHECKS, 100] — password checks waiting for a slot; more are refused (503).</item>
/// <item><c>MaxFailures</c> [CHANGXIAO_LOGIN_MAX_FAILURES, 5] — failed checks from one client that lock it out of the account.</item>
/// <item><c>LockMinutes</c> [CHANGXIAO_LOGIN_LOCK_MINUTES, 15] — the first lock; each further lock of the same client doubles.</item>
/// <item><c>MaxLockMinutes</c> [CHANGXIAO_LOGIN_MAX_LOCK_MINUTES, 1440] — the longest lock.</item>
/// </list>
/// The client IP is the connection's: behind a reverse proxy, configure forwarded headers or every user shares one limit.
/// </summary>
public sealed record LoginDefenceSettings(int PerMinute, int ConcurrentChecks, int WaitingChecks, LockoutPolicy Lockout)
{
    public static LoginDefenceSettings From(IConfiguration? config, Func<string, string?>? environment = null)
    {
        var v = new SettingValues(config, environment, "Changxiao:Login:");
        return new LoginDefenceSettings(
            v.Int("PerMinute", "CHANGXIAO_LOGIN_PER_MINUTE", 20, 1, 1_000_000),
            v.Int("ConcurrentChecks", "CHANGXIAO_LOGIN_CONCURRENT_CHECKS", Math.Max(1, Environment.ProcessorCount / 2), 1, 1024),
            v.Int("WaitingChecks", "CHANGXIAO_LOGIN_WAITING_CHECKS", 100, 0, 100_000),
            new LockoutPolicy(
                v.Int("MaxFailures", "CHANGXIAO_LOGIN_MAX_FAILURES", LockoutPolicy.Default.MaxFailures, 1, 1000),
                TimeSpan.FromMinutes(v.Int("LockMinutes", "CHANGXIAO_LOGIN_LOCK_MINUTES", (int)LockoutPolicy.Default.LockFor.TotalMinutes, 1, 525_600)),
                TimeSpan.FromMinutes(v.Int("MaxLockMinutes", "CHANGXIAO_LOGIN_MAX_LOCK_MINUTES", (int)LockoutPolicy.Default.MaxLockFor.TotalMinutes, 1, 525_600))));
    }
}

/// <summary>
/// What stands between a flood of logins and the server (decision 0009): a rate limit per client IP on the login and
/// token endpoints, a bounded line for password hashing, and the device cookie that tells the lockout one browser
/// from another.
/// </summary>
public static class LoginDefence
{
    public const string Login = "login";
    public const string Tokens = "tokens";
    private const string DeviceCookie = "cx_device";
    private const string DevicePurpose = "Changxiao.LoginDevice";

    /// <summary>Registered with the authentication (<see cref="Auth.AddChangxiaoAuth"/>); the lockout numbers replace the kernel's defaults.</summary>
    public static IServiceCollection AddLoginDefence(this IServiceCollection services, IConfiguration? config)
    {
        services.AddSingleton(LoginDefenceSettings.From(config));
        services.AddSingleton(sp => sp.GetRequiredService<LoginDefenceSettings>().Lockout);
        services.AddSingleton(sp =>
        {
            var s = sp.GetRequiredService<LoginDefenceSettings>();
            return new PasswordGate(s.ConcurrentChecks, s.WaitingChecks);
        });
        services.AddSingleton<LoginLimiter>();
        return services;
    }

    /// <summary>
    /// Rate-limits the endpoint per client IP (<paramref name="limit"/>: <see cref="Login"/> or <see cref="Tokens"/>, each
    /// with its own budget; null for none) and answers a full password-hashing line with 503.
    /// </summary>
    public static RouteHandlerBuilder WithLoginDefence(this RouteHandlerBuilder endpoint, string? limit) => endpoint.AddEndpointFilter(async (ctx, next) =>
    {
        var http = ctx.HttpContext;
        if (limit is not null)
        {
            using var lease = http.RequestServices.GetRequiredService<LoginLimiter>().Acquire(limit, http);
            if (!lease.IsAcquired)
            {
                var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? (int)Math.Ceiling(retry.TotalSeconds) : 60;
                http.Response.Headers.RetryAfter = wait.ToString(CultureInfo.InvariantCulture);
                var perMinute = http.RequestServices.GetRequiredService<LoginDefenceSettings>().PerMinute;
                return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests,
                    title: limit == Login ? "登录尝试过于频繁，请稍后再试" : "申请令牌过于频繁，请稍后再试",
                    detail: $"同一网络每分钟最多 {perMinute} 次，请 {wait} 秒后再试",
                    extensions: new Dictionary<string, object?> { ["code"] = "auth.rate-limited" });
            }
        }
        try
        {
            return await next(ctx);
        }
        catch (PasswordChecksBusyException e)
        {
            http.Response.Headers.RetryAfter = "1";
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: e.Message, detail: "登录的人太多，请几秒钟后再试",
                extensions: new Dictionary<string, object?> { ["code"] = "auth.busy" });
        }
    });

    public static string Address(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>The client of a login: its address, and the device cookie an earlier login left (only if its signature holds).</summary>
    public static LoginClient ClientOf(HttpContext http)
    {
        var address = Address(http);
        if (http.Request.Cookies[DeviceCookie] is not { Length: > 0 } raw) return new LoginClient(address);
        string text;
        try
        {
            text = Protector(http).Unprotect(raw);
        }
        catch (CryptographicException)
        {
            return new LoginClient(address); // forged, or from keys we no longer have
        }
        var parts = text.Split('.');
        return parts.Length == 2 && Guid.TryParseExact(parts[0], "N", out var account) ? new LoginClient(address, account, parts[1]) : new LoginClient(address);
    }

    /// <summary>After a successful login: the browser is a known device of the account from now on (keeps its id if it had one).</summary>
    public static void RememberDevice(HttpContext http, Guid accountId, LoginClient client)
    {
        var device = client.DeviceAccountId == accountId && client.DeviceId is { Length: > 0 } d ? d : Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        http.Response.Cookies.Append(DeviceCookie, Protector(http).Protect($"{accountId:N}.{device}"), new CookieOptions
        {
            HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = http.Request.IsHttps, Path = "/api/v1/session",
            MaxAge = TimeSpan.FromDays(365), IsEssential = true,
        });
    }

    private static IDataProtector Protector(HttpContext http) =>
        http.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector(DevicePurpose);
}

/// <summary>Fixed one-minute windows per endpoint and client IP; idle windows are dropped by the limiter itself.</summary>
public sealed class LoginLimiter(LoginDefenceSettings settings) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = settings.PerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0, AutoReplenishment = true,
        }));

    public RateLimitLease Acquire(string endpoint, HttpContext http) => _limiter.AttemptAcquire(endpoint + "|" + LoginDefence.Address(http));

    public void Dispose() => _limiter.Dispose();
}
