using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Changxiao.Kernel.Access;
using Changxiao.Kernel.Org;
using Changxiao.Store.Model;
using Changxiao.Store.Services;
using Changxiao.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Changxiao.Tests.Portal;

/// <summary>
/// The reporter's identity stays with the intake role: a handler who may see the matter but not the reporter's
/// confidential fields gets the citizen's attachments under neutral names (附件1.pdf) and without the metadata that names
/// their sender, and cannot tell a named report from an anonymous one; the intake role gets the originals, each reading
/// journaled.
/// </summary>
public abstract class ReporterIdentityTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : PortalApp
{
    private const string PdfName = "孙实名的证据-13712345678.pdf";
    private const string JpegName = "孙实名-现场照片.jpg";

    private static Dictionary<string, string> Letter() => new()
    {
        ["category"] = "投诉", ["content"] = "窗口工作人员索要好处费", ["writer_name"] = "孙实名", ["writer_phone"] = "13712345678",
    };

    /// <summary>Someone in 东岭镇党政办 holding <paramref name="role"/> over the county, logged in; and their username.</summary>
    private async Task<(HttpClient Http, string Name)> OfficialAsync(string role)
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var name = "官员" + tag;
        await app.ScopeAsync(async sp =>
        {
            var sys = Actor.System("test");
            var p = await sp.GetRequiredService<OrgService>().CreatePersonAsync(sys, new PersonInput($"o-{tag}", name, app.SectionA, null, null));
            await sp.GetRequiredService<AccountService>().CreateAsync(sys, $"o-{tag}", p.Id, TestApp.Password);
            await sp.GetRequiredService<OrgService>().AssignRoleAsync(sys, p.Id, role, app.County, subtree: true);
            return true;
        });
        return (await app.LoginAsync($"o-{tag}"), $"o-{tag}");
    }

    private async Task<Guid> MatterOfAsync(string code)
    {
        await using var db = app.Database.Open();
        var hash = Passwords.Sha256(code);
        return await db.Set<MatterRow>().Where(m => m.TrackingHash == hash).Select(m => m.Id).SingleAsync();
    }

    private static bool Holds(byte[] haystack, string needle) => haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) >= 0;

    [Fact]
    public async Task Attachments_HandlerGetsNeutralNamesAndCleanedFiles_IntakeGetsTheOriginals_Journaled()
    {
        var pdf = IdentifyingFiles.Pdf();
        var jpeg = IdentifyingFiles.Jpeg;
        var filed = await new PortalClient(app.Anonymous()).SubmitAsync("tp", "letter", Letter(),
            files: [("evidence", PdfName, pdf), ("evidence", JpegName, jpeg)]);
        Assert.Equal(HttpStatusCode.OK, filed.Status);
        var id = await MatterOfAsync(filed.Code!);
        // At rest the original name is sealed like the other confidential values.
        Assert.All(Directory.EnumerateFiles(app.FilesDir, "*.json", SearchOption.AllDirectories),
            f => Assert.DoesNotContain("孙实名", File.ReadAllText(f)));

        var (handler, _) = await OfficialAsync(SystemRoles.Officer.Code); // reads matters over the county; not the intake role
        var detailRes = await handler.GetAsync($"/api/v1/matters/{id}");
        var detailText = await detailRes.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, detailRes.StatusCode);
        Assert.DoesNotContain("孙实名", detailText);
        var ids = JsonNode.Parse(detailText)!["fields"]!["evidence"]!.AsArray().Select(x => x!.GetValue<string>()).ToList();
        Assert.Equal(2, ids.Count);

        var pdfRes = await handler.GetAsync($"/api/v1/matters/{id}/files/{ids[0]}");
        Assert.Equal(HttpStatusCode.OK, pdfRes.StatusCode);
        Assert.Equal("附件1.pdf", pdfRes.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.DoesNotContain("13712345678", pdfRes.Content.Headers.ToString() + pdfRes.Headers);
        var cleanedPdf = await pdfRes.Content.ReadAsByteArrayAsync();
        Assert.Equal(pdf.Length, cleanedPdf.Length);
        foreach (var text in new[] { IdentifyingFiles.Author, IdentifyingFiles.Software, "13712345678" }) Assert.False(Holds(cleanedPdf, text), text);

        var jpegRes = await handler.GetAsync($"/api/v1/matters/{id}/files/{ids[1]}");
        Assert.Equal("附件2.jpg", jpegRes.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal("image/jpeg", jpegRes.Content.Headers.ContentType?.MediaType);
        var cleanedJpeg = await jpegRes.Content.ReadAsByteArrayAsync();
        Assert.Equal(IdentifyingFiles.JpegImagePart, cleanedJpeg); // the picture, without camera, GPS or comment
        Assert.False(cleanedJpeg.AsSpan().IndexOf(IdentifyingFiles.GpsLatitudeBytes) >= 0);

        // The intake role gets the file as it came, under its own name, and the reading is on the matter's journal.
        var (intake, intakeUser) = await OfficialAsync("tp/intake");
        var original = await intake.GetAsync($"/api/v1/matters/{id}/files/{ids[0]}");
        Assert.Equal(PdfName, original.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal(pdf, await original.Content.ReadAsByteArrayAsync());
        Assert.Equal(jpeg, await intake.GetByteArrayAsync($"/api/v1/matters/{id}/files/{ids[1]}"));
        var history = (await intake.GetAsync($"/api/v1/matters/{id}/history").OkJson()).AsArray();
        Assert.True(2 == history.Count(e => e!["type"]!.GetValue<string>() == "matter.confidential-read"
                                          && e["data"]!["field"]!.GetValue<string>() == "evidence" && e["data"]!["name"]!.GetValue<string>() == intakeUser), history.ToJsonString());

        // What the handler reads of the history names neither the file nor the reporter.
        var theirHistory = await handler.GetStringAsync($"/api/v1/matters/{id}/history");
        foreach (var text in new[] { "孙实名", "13712345678", "writer_name", "writer_phone", "实名", "匿名" }) Assert.DoesNotContain(text, theirHistory);
    }

    [Fact]
    public async Task NamedAndAnonymousReports_LookTheSameToTheHandler_NotToTheIntakeRole()
    {
        var citizen = new PortalClient(app.Anonymous());
        var named = await citizen.SubmitAsync("tp", "complaint", new Dictionary<string, string> { ["content"] = "窗口推诿", ["reporter_phone"] = "13712345678" });
        var anonymous = await citizen.SubmitAsync("tp", "complaint", new Dictionary<string, string> { ["content"] = "窗口推诿" }, anonymous: true);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (named.Status, anonymous.Status));
        var (namedId, anonymousId) = (await MatterOfAsync(named.Code!), await MatterOfAsync(anonymous.Code!));

        // Detail fields and history, less what differs between any two matters (ids, numbers, times, hashes).
        async Task<string> ShapeAsync(HttpClient http, Guid id)
        {
            var detail = await http.GetAsync($"/api/v1/matters/{id}").OkJson();
            var fields = string.Join(",", detail["fields"]!.AsObject().Select(kv => $"{kv.Key}={kv.Value?.ToJsonString()}"));
            var history = (await http.GetAsync($"/api/v1/matters/{id}/history").OkJson()).AsArray().Select(e =>
            {
                var data = e!["data"]!.AsObject();
                var opened = data["fields"] is JsonObject f ? string.Join(",", f.Select(kv => $"{kv.Key}={kv.Value?.ToJsonString()}")) : "";
                return $"{e["type"]}|{e["actor"]}|{opened}|{data.ContainsKey("sealed")}";
            });
            return fields + " / " + string.Join(" ; ", history);
        }

        var (handler, _) = await OfficialAsync(SystemRoles.Officer.Code);
        var handlerNamed = await ShapeAsync(handler, namedId);
        Assert.Equal(handlerNamed, await ShapeAsync(handler, anonymousId));
        Assert.DoesNotContain("reporter_phone", handlerNamed);
        Assert.DoesNotContain("名", handlerNamed);

        // The intake role does see the difference: the named one holds a (sealed) phone number.
        var (intake, _) = await OfficialAsync("tp/intake");
        Assert.NotEqual(await ShapeAsync(intake, namedId), await ShapeAsync(intake, anonymousId));
        Assert.Contains("reporter_phone", await ShapeAsync(intake, namedId));
    }
}

public sealed class ReporterIdentityTests_Sqlite(PortalSqliteApp app) : ReporterIdentityTests<PortalSqliteApp>(app);

public sealed class ReporterIdentityTests_Postgres(PortalPostgresApp app) : ReporterIdentityTests<PortalPostgresApp>(app);
