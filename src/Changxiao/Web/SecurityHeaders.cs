using Changxiao.Notifications;
using Changxiao.Portal;
using Microsoft.AspNetCore.CookiePolicy;

namespace Changxiao.Web;

/// <summary>
/// The one place that sets the headers every response carries — console files, API data and problems, downloads, portal
/// pages, health, OpenAPI — and the cookie policy. Set when the response starts, so error answers written late (the
/// exception handler clears headers it finds) carry them too.
/// <list type="bullet">
/// <item>No sniffing, no framing (CSP <c>frame-ancestors 'none'</c> and, for old browsers, <c>X-Frame-Options</c>), no
/// referrer (a matter's address names it), no sharing of a window or a resource with another origin.</item>
/// <item>CSP by what is served: the console runs its own scripts only, no inline or evaluated script (ECharts writes its
/// tooltips as HTML with style attributes, hence <c>style-src 'unsafe-inline'</c> — styles only); the portal runs no script
/// at all; API data and downloads load nothing and run sandboxed, should a browser ever render one.</item>
/// <item>API answers and portal pages are not stored by caches (they hold personal data and tracking codes).</item>
/// <item>Cookies are <c>Secure</c> on an HTTPS request, and always when <c>Changxiao:PublicUrl</c> is https (TLS ended by a
/// proxy in front: the request reaching the server is plain http, the browser's is not).</item>
/// </list>
/// </summary>
public static class SecurityHeaders
{
    public const string ConsolePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public const string PortalPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    public const string DataPolicy = "default-src 'none'; frame-ancestors 'none'; sandbox";

    public static IServiceCollection AddSecurityHeaders(this IServiceCollection services)
    {
        // Resolved from the settings, so a server (or a test) that replaces NotificationSettings is followed.
        services.AddOptions<CookiePolicyOptions>().Configure<NotificationSettings>((o, n) =>
            o.Secure = IsHttps(n.PublicUrl) ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest);
        return services;
    }

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        var httpsOnly = IsHttps(app.ApplicationServices.GetRequiredService<NotificationSettings>().PublicUrl);
        app.Use((http, next) =>
        {
            http.Response.OnStarting(() =>
            {
                var h = http.Response.Headers;
                var portal = PortalSetup.IsPortal(http);
                h.XContentTypeOptions = "nosniff";
                h.XFrameOptions = "DENY";
                h["Referrer-Policy"] = "no-referrer";
                h["Cross-Origin-Opener-Policy"] = "same-origin";
                h["Cross-Origin-Resource-Policy"] = "same-origin";
                h.ContentSecurityPolicy = portal ? PortalPolicy
                    : http.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true ? ConsolePolicy
                    : DataPolicy;
                if (portal || http.Request.Path.StartsWithSegments("/api")) h.CacheControl = "no-store";
                if (httpsOnly || http.Request.IsHttps) h.StrictTransportSecurity = "max-age=31536000";
                return Task.CompletedTask;
            });
            return next(http);
        });
        return app.UseCookiePolicy();
    }

    private static bool IsHttps(string? url) => url?.StartsWith("https://", StringComparison.OrdinalIgnoreCase) == true;
}
