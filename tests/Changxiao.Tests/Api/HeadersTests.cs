using System.Net;
using System.Net.Http.Json;
using System.Text;
using Changxiao.Kernel.Access;
using Changxiao.Kernel.Org;
using Changxiao.Notifications;
using Changxiao.Store.Model;
using Changxiao.Store.Services;
using Changxiao.Tests.Infrastructure;
using Changxiao.Tests.Portal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Changxiao.Tests.Api;

/// <summary>
/// Headers as a hardened web app sends them (issue 8, point 10): every response — API data, problems, challenges, health,
/// OpenAPI, portal pages, console files, downloads — says nosniff, no framing and no referrer and carries a CSP; the API's
/// is <c>default-src 'none'</c>; downloads are attachments.
/// </summary>
public sealed class HeadersTests(PortalSqliteApp app) : IClassFixture<PortalSqliteApp>
{
    private static void AssertHardened(HttpResponseMessage res, string what)
    {
        string One(string name) =>
            res.Headers.TryGetValues(name, out var v) ? string.Join(",", v)
            : res.Content.Headers.TryGetValues(name, out var c) ? string.Join(",", c)
            : throw new Xunit.Sdk.XunitException($"{what}: no {name} header ({(int)res.StatusCode})");
        Assert.True(One("X-Content-Type-Options") == "nosniff", what);
        Assert.True(One("X-Frame-Options") == "DENY", what);
        Assert.True(One("Referrer-Policy") == "no-referrer", what);
        var csp = One("Content-Security-Policy");
        Assert.True(csp.Contains("frame-ancestors 'none'"), $"{what}: {csp}");
        var type = res.Content.Headers.ContentType?.MediaType;
        var path = res.RequestMessage!.RequestUri!.AbsolutePath;
        if (path.StartsWith("/portal"))
            Assert.True(csp.StartsWith("default-src 'none'") && !csp.Contains("script-src"), $"{what}: the portal runs no script: {csp}");
        else if (type == "text/html")
            Assert.True(csp.Contains("script-src 'self'") && !csp.Contains("unsafe-eval") && !csp.Contains("script-src 'self' 'unsafe-inline'"), $"{what}: {csp}");
        else
            Assert.True(csp.StartsWith("default-src 'none'"), $"{what}: data and downloads load nothing: {csp}");
    }

    private static void AssertDownload(HttpResponseMessage res, string what)
    {
        Assert.True(res.StatusCode == HttpStatusCode.OK, $"{what}: {(int)res.StatusCode}");
        AssertHardened(res, what);
        Assert.Equal("attachment", res.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Contains("no-store", res.Headers.CacheControl?.ToString() ?? "");
    }

    [Fact]
    public async Task EveryKindOfResponse_CarriesTheSecurityHeaders()
    {
        var root = await app.LoginAsync("root");
        var anonymous = app.Anonymous();
        var responses = new (string What, HttpResponseMessage Res)[]
        {
            ("api json", await root.GetAsync("/api/v1/units")),
            ("api 404 problem", await root.GetAsync($"/api/v1/units/{Guid.NewGuid()}")),
            ("api unknown endpoint", await root.GetAsync("/api/v1/nothing-here")),
            ("api 400 problem", await root.GetAsync("/api/v1/people?q=%00")),
            ("api 415", await root.PostAsync("/api/v1/units", new StringContent("{}", Encoding.UTF8, "text/plain"))),
            ("api 401", await anonymous.GetAsync("/api/v1/units")),
            ("api 413", await TooLargeAsync(root)),
            ("login", await anonymous.PostAsJsonAsync("/api/v1/session", new { username = "root", password = TestApp.Password })),
            ("health", await anonymous.GetAsync("/healthz")),
            ("openapi", await anonymous.GetAsync("/openapi/v1.json")),
            ("portal page", await anonymous.GetAsync("/portal")),
            ("portal 404", await anonymous.GetAsync("/portal/nothing-here")),
            ("console", await anonymous.GetAsync("/")),
            ("console route", await anonymous.GetAsync("/matters")),
        };
        foreach (var (what, res) in responses)
            AssertHardened(res, what);
        Assert.Contains("no-store", responses[0].Res.Headers.CacheControl?.ToString() ?? "");
    }

    /// <summary>A body over the limit, sent after the server's go-ahead so that its refusal is read rather than cut off.</summary>
    private static async Task<HttpResponseMessage> TooLargeAsync(HttpClient http)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/units")
        {
            Content = new StringContent($"{{\"code\":\"{new string('x', 2 * 1024 * 1024)}\"}}", Encoding.UTF8, "application/json"),
        };
        request.Headers.ExpectContinue = true;
        var res = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, res.StatusCode);
        return res;
    }

    [Fact]
    public async Task Downloads_AreAttachments_WithTheSecurityHeaders()
    {
        var root = await app.LoginAsync("root");
        AssertDownload(await root.GetAsync("/api/v1/import/org/template"), "import template");
        AssertDownload(await root.GetAsync("/api/v1/matters/export"), "matters export");
        AssertDownload(await root.GetAsync("/api/v1/matters/bulletin/document?month=2025-09"), "bulletin document");

        // A citizen's attachment, downloaded by an intake officer.
        var filed = await new PortalClient(app.Anonymous()).SubmitAsync("tp", "letter", new Dictionary<string, string>
        {
            ["category"] = "投诉", ["content"] = "附件下载", ["writer_name"] = "王小明",
        }, files: [("evidence", "现场.png", PortalTests<PortalSqliteApp>.Png)]);
        Assert.Equal(HttpStatusCode.OK, filed.Status);
        await using var db = app.Database.Open();
        var hash = Passwords.Sha256(filed.Code!);
        var row = await db.Set<MatterRow>().AsNoTracking().SingleAsync(m => m.TrackingHash == hash);
        var attachment = System.Text.Json.Nodes.JsonNode.Parse(row.Snapshot)!["fields"]!["evidence"]!.AsArray().Single()!.GetValue<string>();
        var intake = await app.NewOfficialAsync("tp/intake", app.County, app.County);
        AssertDownload(await intake.GetAsync($"/api/v1/matters/{row.Id}/files/{attachment}"), "attachment");
    }

    [Fact]
    public async Task SessionCookie_OverPlainHttpWithoutPublicUrl_NotSecure()
    {
        // The same login under an https PublicUrl is Secure (HttpsPublicUrlTests): the setting, not the port, decides.
        var cookie = await SessionCookieAsync(app);
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The Set-Cookie line of cx_session from a console login.</summary>
    internal static async Task<string> SessionCookieAsync(TestApp app)
    {
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = app.BaseAddress };
        var res = await http.PostAsJsonAsync("/api/v1/session", new { username = "root", password = TestApp.Password });
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        return res.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("cx_session="));
    }
}

/// <summary>The test server behind a TLS-terminating proxy: <c>Changxiao:PublicUrl</c> is https, the server itself speaks http.</summary>
public sealed class HttpsPublicUrlApp : TestApp
{
    protected override DbKind Kind => DbKind.Sqlite;

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton(NotificationSettings.None with { PublicUrl = "https://cx.example.gov.cn" });
}

public sealed class HttpsPublicUrlTests(HttpsPublicUrlApp app) : IClassFixture<HttpsPublicUrlApp>
{
    [Fact]
    public async Task SessionCookie_HttpsPublicUrl_Secure()
    {
        var cookie = await HeadersTests.SessionCookieAsync(app);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task PortalAntiforgeryCookie_HttpsPublicUrl_Secure()
    {
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = app.BaseAddress };
        var res = await http.GetAsync("/portal/submit/tp/letter");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        var cookies = res.Headers.GetValues("Set-Cookie").ToList();
        Assert.NotEmpty(cookies);
        Assert.All(cookies, c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
    }
}
