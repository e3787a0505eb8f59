using System.Net;
using System.Text.RegularExpressions;
using Changxiao.Portal;
using Changxiao.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Changxiao.Tests.Portal;

/// <summary>The test server with portal limits of the test's choosing and its own files folder.</summary>
public abstract class PortalApp : TestApp
{
    public string FilesDir { get; } = Path.Combine(Path.GetTempPath(), "cx-test-files-" + Guid.NewGuid().ToString("N")[..8]);

    protected virtual int SubmitPerMinute => 1000;
    protected virtual int TrackPerMinute => 1000;
    protected virtual int MaxFiles => 3;
    protected virtual int MaxFileMb => 5;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(FilesDir)) Directory.Delete(FilesDir, recursive: true);
    }

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton(_ => PortalSettings.From(null, Settings) with
        {
            SubmitPerMinute = SubmitPerMinute, TrackPerMinute = TrackPerMinute, MaxFiles = MaxFiles, MaxFileBytes = MaxFileMb * 1024L * 1024L, FilesDir = FilesDir,
        });
}

public sealed class PortalSqliteApp : PortalApp
{
    protected override DbKind Kind => DbKind.Sqlite;
}

public sealed class PortalPostgresApp : PortalApp
{
    protected override DbKind Kind => DbKind.Postgres;
}

/// <summary>Low rate limits, to see the rate limiter answer.</summary>
public sealed class PortalLimitedApp : PortalApp
{
    protected override DbKind Kind => DbKind.Sqlite;
    protected override int SubmitPerMinute => 3;
    protected override int TrackPerMinute => 4;
}

/// <summary>One attachment of at most 1 MB: a body limit of 3 MB.</summary>
public sealed class PortalSmallFilesApp : PortalApp
{
    protected override DbKind Kind => DbKind.Sqlite;
    protected override int MaxFiles => 1;
    protected override int MaxFileMb => 1;
}

/// <summary>A browser without JavaScript: GET a page, read its hidden fields, POST a form the way the page would.</summary>
public sealed partial class PortalClient(HttpClient http)
{
    public HttpClient Http => http;

    public sealed record Page(HttpStatusCode Status, string Html)
    {
        public string Token => Hidden("__RequestVerificationToken");
        public string Hidden(string name)
        {
            foreach (Match input in InputTag().Matches(Html))
            {
                if (input.Value.Contains($"name=\"{name}\"")) return ValueAttr().Match(input.Value).Groups[1].Value;
            }
            throw new InvalidOperationException($"no input {name} in the page");
        }

        public string? Code => CodeBlock().Match(Html) is { Success: true } m ? m.Groups[1].Value.Trim() : null;
    }

    public async Task<Page> GetAsync(string url)
    {
        var res = await http.GetAsync(url);
        return new Page(res.StatusCode, await res.Content.ReadAsStringAsync());
    }

    /// <summary>Fills the submit form of a kind: fields by code (f.*), files by field code (a.*), plus the page's token and idempotency key.</summary>
    public async Task<Page> SubmitAsync(string pack, string kind, IDictionary<string, string> fields, bool anonymous = false,
        IEnumerable<(string Field, string FileName, byte[] Bytes)>? files = null, Page? form = null, string? key = null)
    {
        form ??= await GetAsync($"/portal/submit/{pack}/{kind}");
        Assert.Equal(HttpStatusCode.OK, form.Status);
        using var body = new MultipartFormDataContent
        {
            { new StringContent(form.Token), "__RequestVerificationToken" },
            { new StringContent(key ?? form.Hidden("idempotencyKey")), "idempotencyKey" },
        };
        if (anonymous) body.Add(new StringContent("true"), "anonymous");
        foreach (var (k, v) in fields) body.Add(new StringContent(v), "f." + k);
        foreach (var (field, name, bytes) in files ?? [])
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
            body.Add(part, "a." + field, name);
        }
        // A large body waits for the server's go-ahead (Expect: 100-continue, as curl does): a server that refuses it by its
        // length answers 413 at once instead of cutting the connection under a client still sending.
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/portal/submit/{pack}/{kind}") { Content = body };
        request.Headers.ExpectContinue = (files ?? []).Sum(f => (long)f.Bytes.Length) > 1024 * 1024;
        var res = await http.SendAsync(request);
        return new Page(res.StatusCode, await res.Content.ReadAsStringAsync());
    }

    public async Task<Page> TrackAsync(string code)
    {
        var form = await GetAsync("/portal/track");
        return await PostFormAsync("/portal/track", new() { ["__RequestVerificationToken"] = form.Token, ["Code"] = code });
    }

    public async Task<Page> ActAsync(string code, string action, Dictionary<string, string> fields, bool confirmed = false)
    {
        var form = await GetAsync("/portal/track");
        var values = new Dictionary<string, string> { ["__RequestVerificationToken"] = form.Token, ["Code"] = code, ["act"] = action };
        foreach (var (k, v) in fields) values["f." + k] = v;
        if (confirmed) values["confirmed"] = "true";
        return await PostFormAsync("/portal/track?handler=Act", values);
    }

    public async Task<Page> PostFormAsync(string url, Dictionary<string, string> values)
    {
        var res = await http.PostAsync(url, new FormUrlEncodedContent(values));
        return new Page(res.StatusCode, await res.Content.ReadAsStringAsync());
    }

    [GeneratedRegex("<input[^>]*>")]
    private static partial Regex InputTag();

    [GeneratedRegex("value=\"([^\"]*)\"")]
    private static partial Regex ValueAttr();

    [GeneratedRegex("data-test=\"tracking-code\">([^<]+)<")]
    private static partial Regex CodeBlock();
}
