using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using System.Threading.RateLimiting;
using Changxiao.Kernel.Rules;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.WebEncoders;

namespace Changxiao.Portal;

/// <summary>
/// The citizen portal under /portal: Razor Pages (Portal/Pages), server-rendered, no JavaScript. Submissions and
/// tracking-code look-ups are rate-limited per client IP (<see cref="PortalSettings"/>); a submission carries an
/// idempotency key (PortalSubmissions); forms carry antiforgery tokens.
/// </summary>
public static class PortalSetup
{
    public const string SubmitPolicy = "portal-submit";
    public const string TrackPolicy = "portal-track";

    public static bool IsPortal(HttpContext http) => http.Request.Path.StartsWithSegments("/portal");

    public static IServiceCollection AddPortal(this IServiceCollection services, IConfiguration config, Hosting.Settings settings)
    {
        services.AddSingleton(PortalSettings.From(config, settings));
        services.AddSingleton<AttachmentStore>();
        services.AddScoped<Store.Portal.PortalSubmissions>();
        services.AddScoped<PortalTracking>();
        // Chinese stays Chinese in the HTML (the default encoder writes every CJK character as &#x…;).
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        var assembly = typeof(PortalSetup).Assembly;
        services.AddRazorPages(o => o.RootDirectory = "/Portal/Pages")
            .ConfigureApplicationPartManager(m =>
            {
                // Under a test host the entry assembly is not this one: add the compiled pages explicitly, once.
                if (m.ApplicationParts.OfType<AssemblyPart>().Any(p => p.Assembly == assembly)) return;
                foreach (var part in ApplicationPartFactory.GetApplicationPartFactory(assembly).GetApplicationParts(assembly))
                    m.ApplicationParts.Add(part);
            });
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (ctx, ct) =>
            {
                var http = ctx.HttpContext;
                if (ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry))
                    http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                http.Response.ContentType = "text/html; charset=utf-8";
                await http.Response.WriteAsync(PortalStyle.ErrorPage("操作太频繁，请稍后再试", "为防止滥用，同一网络每分钟的提交和查询次数有限。请等一分钟后再试。",
                    http.RequestServices.GetRequiredService<PortalSettings>().Title), ct);
            };
            o.AddPolicy(SubmitPolicy, http => PerClient(http, SubmitPolicy, s => s.SubmitPerMinute));
            o.AddPolicy(TrackPolicy, http => PerClient(http, TrackPolicy, s => s.TrackPerMinute));
        });
        return services;
    }

    /// <summary>POSTs count against the client's IP; reading a form does not.</summary>
    private static RateLimitPartition<string> PerClient(HttpContext http, string policy, Func<PortalSettings, int> limit)
    {
        if (!HttpMethods.IsPost(http.Request.Method)) return RateLimitPartition.GetNoLimiter("get");
        var permits = limit(http.RequestServices.GetRequiredService<PortalSettings>());
        var ip = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return RateLimitPartition.GetFixedWindowLimiter(policy + "|" + ip, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0, AutoReplenishment = true,
        });
    }

    /// <summary>
    /// The rate limiter, and plain Chinese error pages for what goes wrong under /portal outside a page. The portal's headers
    /// (no script, no framing, no referrer, no caching) are set with everyone else's (Web.SecurityHeaders).
    /// </summary>
    public static IApplicationBuilder UsePortal(this IApplicationBuilder app)
    {
        app.UseRateLimiter();
        app.UseWhen(IsPortal, b => b.Use(async (http, next) =>
        {
            try
            {
                await next(http);
                // A bare 400 from the antiforgery filter (the token cookie expired, e.g. after the browser was closed).
                if (!http.Response.HasStarted && http.Response.StatusCode == StatusCodes.Status400BadRequest
                    && string.IsNullOrEmpty(http.Response.ContentType) && http.Response.ContentLength is null)
                {
                    http.Response.ContentType = "text/html; charset=utf-8";
                    await http.Response.WriteAsync(PortalStyle.ErrorPage("页面已过期", "请返回上一页，刷新后重新提交。",
                        http.RequestServices.GetRequiredService<PortalSettings>().Title));
                }
            }
            catch (Exception e) when (!http.Response.HasStarted && e is not OperationCanceledException)
            {
                var settings = http.RequestServices.GetRequiredService<PortalSettings>();
                var (status, title, detail) = e switch
                {
                    BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                        (413, "提交的内容过大", $"附件最多 {settings.MaxFiles} 个，每个不超过 {settings.MaxFileBytes / 1024 / 1024} MB。请返回减少附件后重新提交。"),
                    BadHttpRequestException b => (b.StatusCode, "请求有误", "请返回上一页重新填写后提交。"),
                    // The request guard (Web.RequestGuard) found a value that is not text: a form field a page would name.
                    FieldErrorsException f => (400, "提交的内容有误", $"{f.Errors.First().Value.First()}。请返回上一页修改后重新提交。"),
                    NotFoundException => (404, "页面不存在", "您要找的内容不存在或已不再公开。"),
                    _ => (500, "服务暂时不可用", $"请稍后再试。如多次出现，请告知工作人员追踪号 {http.TraceIdentifier}。"),
                };
                if (status == 500)
                    http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Changxiao.Portal")
                        .LogError(e, "Portal error on {Method} {Path}", http.Request.Method, http.Request.Path);
                http.Response.Clear();
                http.Response.StatusCode = status;
                http.Response.ContentType = "text/html; charset=utf-8";
                await http.Response.WriteAsync(PortalStyle.ErrorPage(title, detail, settings.Title));
            }
        }));
        return app;
    }

    public static IEndpointRouteBuilder MapPortal(this IEndpointRouteBuilder app)
    {
        app.MapRazorPages();
        app.MapFallback("/portal/{**rest}", async http =>
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            http.Response.ContentType = "text/html; charset=utf-8";
            await http.Response.WriteAsync(PortalStyle.ErrorPage("页面不存在", "请从首页进入。", http.RequestServices.GetRequiredService<PortalSettings>().Title));
        });
        return app;
    }
}
