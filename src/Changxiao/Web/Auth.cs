using System.Security.Claims;
using System.Text.Encodings.Web;
using Changxiao.Kernel.Access;
using Changxiao.Store.Services;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace Changxiao.Web;

/// <summary>
/// Console: an HttpOnly, SameSite=Strict cookie plus a CSRF token (synchroniser pattern: the token
/// is a claim in the cookie and must come back in the X-CSRF-Token header on every unsafe request).
/// The cookie names a server-side session (decision 0009): a logout, a new password, a disable or
/// "sign out everywhere" ends it for good. API: revocable bearer tokens, optionally narrowed to some
/// of the account's roles or to reading. Either way the request ends up with one <see cref="Actor"/>.
/// </summary>
public static class Auth
{
    public const string Cookie = "cookie";
    public const string Bearer = "bearer";
    public const string Either = "either";
    public const string CsrfHeader = "X-CSRF-Token";
    private const string AccountClaim = "cx:account";
    private const string SessionClaim = "cx:session";
    private const string CsrfClaim = "cx:csrf";

    /// <param name="config">Where the login settings are read from (a bad value stops start-up); null: environment variables only.</param>
    public static IServiceCollection AddChangxiaoAuth(this IServiceCollection services, IConfiguration? config = null)
    {
        services.AddAuthentication(Either)
            .AddPolicyScheme(Either, Either, o => o.ForwardDefaultSelector = ctx =>
                ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? Bearer : Cookie)
            .AddCookie(Cookie, o =>
            {
                o.Cookie.Name = "cx_session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.Events.OnRedirectToLogin = c => { c.Response.StatusCode = 401; return Task.CompletedTask; };
                o.Events.OnRedirectToAccessDenied = c => { c.Response.StatusCode = 403; return Task.CompletedTask; };
                o.Events.OnValidatePrincipal = ValidateCookie;
            })
            .AddScheme<AuthenticationSchemeOptions, BearerHandler>(Bearer, null);
        services.AddAuthorization();
        services.AddLoginDefence(config);
        return services;
    }

    public static ClaimsPrincipal CookiePrincipal(Guid accountId, string sessionSecret, string csrf) =>
        new(new ClaimsIdentity([
            new Claim(AccountClaim, accountId.ToString("N")),
            new Claim(SessionClaim, sessionSecret),
            new Claim(CsrfClaim, csrf),
        ], Cookie));

    public static string? CsrfToken(ClaimsPrincipal user) => user.FindFirst(CsrfClaim)?.Value;

    /// <summary>The secret of the console session the cookie carries (null for a bearer request).</summary>
    public static string? SessionSecret(ClaimsPrincipal user) => user.FindFirst(SessionClaim)?.Value;

    /// <summary>A cookie lives only as long as its server-side session: not logged out, the account enabled, its security stamp unchanged.</summary>
    private static async Task ValidateCookie(CookieValidatePrincipalContext ctx)
    {
        var actor = ctx.Principal is { } p
            ? await ctx.HttpContext.RequestServices.GetRequiredService<AccountService>().ActorForSessionAsync(SessionSecret(p), ctx.HttpContext.RequestAborted)
            : null;
        // The same query found who the caller is: ActorAsync needs no second one.
        if (actor is not null) ctx.HttpContext.Items[typeof(Actor)] = actor;
        var ok = actor is not null;
        if (!ok)
        {
            ctx.RejectPrincipal();
            await ctx.HttpContext.SignOutAsync(Cookie);
        }
    }

    /// <summary>Resolves the caller's <see cref="Actor"/> once per request (401 when there is none).</summary>
    public static Task<Actor> ActorAsync(this HttpContext http) =>
        // Authentication (cookie or bearer) resolved the actor in the query that checked the credentials.
        http.Items.TryGetValue(typeof(Actor), out var cached) && cached is Actor a ? Task.FromResult(a) : throw new UnauthenticatedException();

    /// <summary>
    /// Unsafe requests authenticated by cookie must carry the session's CSRF token; a read-only token may make none
    /// (refused here, before any handler, so no endpoint can forget it).
    /// </summary>
    public static IApplicationBuilder UseCsrfCheck(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var m = http.Request.Method;
        var unsafeMethod = !(HttpMethods.IsGet(m) || HttpMethods.IsHead(m) || HttpMethods.IsOptions(m));
        if (unsafeMethod && http.Items.ContainsKey(ReadOnlyToken))
        {
            await Results.Problem(statusCode: 403, title: "只读令牌不能修改数据", detail: "请使用可写的令牌，或在控制台中操作",
                extensions: new Dictionary<string, object?> { ["code"] = "token.read-only" }).ExecuteAsync(http);
            return;
        }
        if (unsafeMethod && http.User.Identity?.AuthenticationType == Cookie)
        {
            var expected = CsrfToken(http.User);
            var given = http.Request.Headers[CsrfHeader].ToString();
            if (expected is null || !System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                    System.Text.Encoding.UTF8.GetBytes(expected), System.Text.Encoding.UTF8.GetBytes(given)))
            {
                await Results.Problem(statusCode: 403, title: "缺少或错误的 CSRF 令牌", detail: $"请求头 {CsrfHeader} 必须带上登录时取得的令牌",
                    extensions: new Dictionary<string, object?> { ["code"] = "auth.csrf" }).ExecuteAsync(http);
                return;
            }
        }
        await next(http);
    });

    /// <summary>Marks a request authenticated by a read-only token (set by the bearer handler).</summary>
    internal const string ReadOnlyToken = "cx:read-only-token";

    public static ClaimsPrincipal BearerPrincipal(Guid accountId) =>
        new(new ClaimsIdentity([new Claim(AccountClaim, accountId.ToString("N"))], Bearer));
}

public sealed class UnauthenticatedException() : Exception("未登录或登录已失效");

internal sealed class BearerHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AccountService accounts)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var token = await accounts.ActorForTokenAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (token is null) return AuthenticateResult.Fail("invalid token");
        Context.Items[typeof(Actor)] = token.Actor;
        if (token.ReadOnly) Context.Items[Auth.ReadOnlyToken] = true;
        return AuthenticateResult.Success(new AuthenticationTicket(Auth.BearerPrincipal(token.Actor.AccountId!.Value), Auth.Bearer));
    }
}
