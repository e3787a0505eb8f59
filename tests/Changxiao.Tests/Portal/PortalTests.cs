using System.Net;
using System.Net.Http.Json;
using Changxiao.Kernel.Access;
using Changxiao.Kernel.Org;
using Changxiao.Store.Model;
using Changxiao.Store.Portal;
using Changxiao.Store.Services;
using Changxiao.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Changxiao.Tests.Portal;

/// <summary>
/// The citizen portal over HTTP like a browser without JavaScript: forms read from the HTML (antiforgery token, idempotency
/// key), a named letter and an anonymous complaint of the test pack `tp`, tracking, an official's reply through the API,
/// the citizen's rating that reopens, idempotent double submits, attachments checked by content, and what is never shown.
/// </summary>
public abstract class PortalTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : PortalApp
{
    private PortalClient Citizen() => new(app.Anonymous());

    private static Dictionary<string, string> Letter(string content = "小区门口路灯坏了一个月，无人维修") => new()
    {
        ["category"] = "投诉", ["content"] = content, ["occurred_on"] = "2025-09-01", ["amount"] = "12.5", ["urgent"] = "true",
        ["writer_name"] = "王小明", ["writer_phone"] = "13700001111",
    };

    private async Task<(Guid Id, MatterRow Row)> MatterOfAsync(string code)
    {
        await using var db = app.Database.Open();
        var hash = Passwords.Sha256(code);
        var row = await db.Set<MatterRow>().AsNoTracking().SingleAsync(m => m.TrackingHash == hash);
        return (row.Id, row);
    }

    private async Task<int> CountAsync(string kind)
    {
        await using var db = app.Database.Open();
        return await db.Set<MatterRow>().CountAsync(m => m.PackId == "tp" && m.Kind == kind);
    }

    /// <summary>An official with the pack role tp/intake over the county, logged in like the console.</summary>
    private Task<HttpClient> IntakeAsync() => app.NewOfficialAsync("tp/intake", app.County, app.County);

    [Fact]
    public async Task Home_ListsKindsCitizensMayFile_InChinese_ForPhones()
    {
        var page = await Citizen().GetAsync("/portal");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("<html lang=\"zh-CN\">", page.Html);
        Assert.Contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">", page.Html);
        Assert.Contains("href=\"/portal/submit/tp/letter\"", page.Html);
        Assert.Contains("href=\"/portal/submit/tp/complaint\"", page.Html);
        Assert.DoesNotContain("/portal/submit/tp/talk", page.Html);               // not open to citizens
        Assert.Contains("群众来信", page.Html);                                     // Chinese as characters, not &#x…; entities
        Assert.Contains("href=\"/portal/published/tp/answered-letters\"", page.Html);
        Assert.DoesNotContain("<script", page.Html);
    }

    [Fact]
    public async Task SubmitForm_GeneratedFromTheKind_NoOfficialsFields()
    {
        var page = await Citizen().GetAsync("/portal/submit/tp/letter");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        foreach (var name in new[] { "f.category", "f.content", "f.occurred_on", "f.amount", "f.urgent", "f.writer_name", "f.writer_phone", "a.evidence" })
            Assert.Contains($"name=\"{name}\"", page.Html);
        Assert.DoesNotContain("name=\"f.reply\"", page.Html);           // the officials' answer
        Assert.DoesNotContain("name=\"f.satisfaction\"", page.Html);    // the citizen's later rating
        Assert.DoesNotContain("name=\"anonymous\"", page.Html);         // letters are named only
        Assert.Contains("maxlength=\"500\"", page.Html);
        Assert.Contains("enctype=\"multipart/form-data\"", page.Html);
        Assert.True(Guid.TryParse(page.Hidden("idempotencyKey"), out _));

        var complaint = await Citizen().GetAsync("/portal/submit/tp/complaint");
        Assert.Contains("name=\"anonymous\"", complaint.Html);
        Assert.Equal(HttpStatusCode.NotFound, (await Citizen().GetAsync("/portal/submit/tp/talk")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Citizen().GetAsync("/portal/submit/nope/letter")).Status);
    }

    [Fact]
    public async Task Named_Submit_Track_Reply_Dissatisfied_Reopens_ThenSatisfied_Published()
    {
        var citizen = Citizen();
        var filed = await citizen.SubmitAsync("tp", "letter", Letter());
        Assert.Equal(HttpStatusCode.OK, filed.Status);
        var code = filed.Code!;
        Assert.Matches("^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$", code);
        Assert.Contains("LX-2025-", filed.Html);

        var (id, row) = await MatterOfAsync(code);
        Assert.Equal("received", row.State);
        await using (var db = app.Database.Open())
        {
            // The citizen's identity is encrypted at rest, and neither the journal nor its actor names them.
            var secrets = await db.Set<MatterSecretRow>().Where(s => s.MatterId == id).ToListAsync();
            Assert.Equal(["writer_name", "writer_phone"], secrets.Select(s => s.Field).OrderBy(f => f));
            Assert.DoesNotContain(secrets, s => s.Ciphertext.Contains("13700001111"));
            var journal = await db.Journal.Where(e => e.EntityId == id.ToString("N")).ToListAsync();
            Assert.DoesNotContain(journal, e => e.Data.Contains("王小明") || e.Actor.Contains("王小明") || e.Data.Contains("13700001111"));
            Assert.Equal("群众（实名）", journal.First(e => e.Type == "matter.opened").Actor);
        }

        // Tracking, case and dashes not mattering: the state, the public field, the dates — not the content, not the name.
        var track = await citizen.TrackAsync(code.Replace("-", "").ToLowerInvariant());
        Assert.Equal(HttpStatusCode.OK, track.Status);
        Assert.Contains("已受理", track.Html);
        Assert.Contains("来信类别", track.Html);
        Assert.Contains("答复时限", track.Html);
        Assert.DoesNotContain("路灯坏了", track.Html);
        Assert.DoesNotContain("王小明", track.Html);
        Assert.DoesNotContain("13700001111", track.Html);
        Assert.DoesNotContain("data-test=\"action-", track.Html);           // nothing for the citizen to do yet

        // An official replies through the API; the citizen reads the reply and may rate it.
        var intake = await IntakeAsync();
        await intake.PostAsJsonAsync($"/api/v1/matters/{id}/actions/reply", new { fields = new { reply = "已联系物业，路灯已于9月28日修复。" } }).OkJson();
        track = await citizen.TrackAsync(code);
        Assert.Contains("已答复", track.Html);
        Assert.Contains("已联系物业，路灯已于9月28日修复。", track.Html);
        Assert.Contains("data-test=\"action-rate-satisfied\"", track.Html);
        Assert.Contains("data-test=\"action-rate-dissatisfied\"", track.Html);
        Assert.DoesNotContain("受理员", track.Html);                          // officials' names never shown

        // 不满意: the pack asks for a confirmation and a reason, then reopens the letter.
        var refused = await citizen.ActAsync(code, "rate-dissatisfied", new() { ["dissatisfaction"] = "路灯又坏了" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("请先勾选确认", refused.Html);
        var reopened = await citizen.ActAsync(code, "rate-dissatisfied", new() { ["dissatisfaction"] = "路灯又坏了" }, confirmed: true);
        Assert.Equal(HttpStatusCode.OK, reopened.Status);
        Assert.Contains("已提交：不满意", reopened.Html);
        Assert.Equal("received", (await MatterOfAsync(code)).Row.State);
        Assert.DoesNotContain("data-test=\"action-rate-", reopened.Html);

        await intake.PostAsJsonAsync($"/api/v1/matters/{id}/actions/reply", new { fields = new { reply = "已更换灯具并安排每周巡查。" } }).OkJson();
        var done = await citizen.ActAsync(code, "rate-satisfied", new() { ["satisfaction"] = "满意" });
        Assert.Equal(HttpStatusCode.OK, done.Status);
        Assert.Contains("已办结", done.Html);
        Assert.Contains("不满意", done.Html);                                  // the steps: 不满意 then 满意
        Assert.Equal("closed", (await MatterOfAsync(code)).Row.State);

        var published = await citizen.GetAsync("/portal/published/tp/answered-letters");
        Assert.Equal(HttpStatusCode.OK, published.Status);
        Assert.Contains("已更换灯具并安排每周巡查。", published.Html);
        Assert.DoesNotContain("路灯坏了一个月", published.Html);
    }

    [Fact]
    public async Task Anonymous_Complaint_FiledWithoutIdentity()
    {
        var citizen = Citizen();
        var filed = await citizen.SubmitAsync("tp", "complaint", new Dictionary<string, string>
        {
            ["content"] = "窗口工作人员态度恶劣", ["reporter_phone"] = "13900002222",
        }, anonymous: true);
        Assert.Equal(HttpStatusCode.OK, filed.Status);
        var (id, row) = await MatterOfAsync(filed.Code!);
        Assert.Equal(app.County, row.UnitId);                                 // no routing: the default receiving unit, the root
        await using var db = app.Database.Open();
        Assert.False(await db.Set<MatterSecretRow>().AnyAsync(s => s.MatterId == id)); // ticked anonymous: the phone is dropped
        Assert.Equal("群众（匿名）", (await db.Journal.FirstAsync(e => e.EntityId == id.ToString("N") && e.Type == "matter.opened")).Actor);
        var track = await citizen.TrackAsync(filed.Code!);
        Assert.Contains("已受理", track.Html);
    }

    [Fact]
    public async Task Named_WithoutNameOrPhone_Refused_NothingFiled()
    {
        var before = await CountAsync("letter");
        var fields = Letter();
        fields.Remove("writer_name");
        fields.Remove("writer_phone");
        var page = await Citizen().SubmitAsync("tp", "letter", fields, anonymous: true); // anonymous is not offered for letters
        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Contains("实名提交请至少填写", page.Html);
        Assert.Contains("小区门口路灯坏了一个月", page.Html);                    // what was typed comes back
        Assert.Equal(before, await CountAsync("letter"));
    }

    [Fact]
    public async Task MissingRequiredAndBadValues_NamedOnTheForm_NothingFiled()
    {
        var before = await CountAsync("letter");
        var fields = Letter("");
        fields["amount"] = "12.345";
        var page = await Citizen().SubmitAsync("tp", "letter", fields);
        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Contains("来信内容：必填", page.Html);
        Assert.Contains("金额最多两位小数", page.Html);
        Assert.Equal(before, await CountAsync("letter"));
    }

    [Fact]
    public async Task DoubleSubmit_SameIdempotencyKey_FiledOnce_SameCode()
    {
        var citizen = Citizen();
        var form = await citizen.GetAsync("/portal/submit/tp/letter");
        var before = await CountAsync("letter");
        var first = await citizen.SubmitAsync("tp", "letter", Letter("重复提交测试"), form: form);
        var again = await citizen.SubmitAsync("tp", "letter", Letter("重复提交测试"), form: form);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(first.Code, again.Code);
        Assert.Contains("此前已经提交成功", again.Html);
        Assert.Equal(before + 1, await CountAsync("letter"));

        // At the same moment, too: one of them files, the other shows its code.
        var form2 = await citizen.GetAsync("/portal/submit/tp/letter");
        var racing = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => citizen.SubmitAsync("tp", "letter", Letter("并发提交测试"), form: form2)));
        Assert.All(racing, r => Assert.Equal(HttpStatusCode.OK, r.Status));
        Assert.Single(racing.Select(r => r.Code).Distinct());
        Assert.Equal(before + 2, await CountAsync("letter"));
        await using var db = app.Database.Open();
        Assert.Equal(1, await db.Set<PortalSubmissionRow>().CountAsync(r => r.Key == form2.Hidden("idempotencyKey")));
    }

    [Fact]
    public async Task WrongOrMalformedCode_SameGenericAnswer()
    {
        var citizen = Citizen();
        foreach (var code in new[] { "ABCD-EFGH-JKLM-NPQR", "not a code", "0000-0000-0000-0000", new string('A', 39) })
        {
            var page = await citizen.TrackAsync(code);
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Contains("没有找到与该查询码对应的事项", page.Html);
            Assert.DoesNotContain("data-test=\"matter-status\"", page.Html);
        }
    }

    [Fact]
    public async Task Attachments_CheckedByContent_FakeExtensionRefused_RealOneStored()
    {
        var before = await CountAsync("letter");
        var fake = await Citizen().SubmitAsync("tp", "letter", Letter(), files: [("evidence", "证据.pdf", "这其实是一段文字"u8.ToArray())]);
        Assert.Equal(HttpStatusCode.BadRequest, fake.Status);
        Assert.Contains("“证据.pdf”的内容不是 PDF 文件（扩展名与内容不符），未接受", fake.Html);
        var exe = await Citizen().SubmitAsync("tp", "letter", Letter(), files: [("evidence", "photo.png", [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00])]);
        Assert.Contains("“photo.png”的内容不是 PNG 文件", exe.Html);
        var wrongType = await Citizen().SubmitAsync("tp", "letter", Letter(), files: [("evidence", "a.gif", "GIF89a"u8.ToArray())]);
        Assert.Contains("只接受 PDF、JPG、PNG、DOCX 文件", wrongType.Html);
        var tooMany = await Citizen().SubmitAsync("tp", "letter", Letter(), files: Enumerable.Range(1, 4).Select(i => ("evidence", $"p{i}.pdf", Pdf)));
        Assert.Contains("附件最多 3 个", tooMany.Html);
        Assert.Equal(before, await CountAsync("letter"));

        var ok = await Citizen().SubmitAsync("tp", "letter", Letter(), files: [("evidence", "现场.png", Png), ("evidence", "说明.pdf", Pdf)]);
        Assert.Equal(HttpStatusCode.OK, ok.Status);
        var (_, row) = await MatterOfAsync(ok.Code!);
        var ids = System.Text.Json.Nodes.JsonNode.Parse(row.Snapshot)!.ToJsonString();
        var stored = Directory.EnumerateFiles(app.FilesDir, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".json")).ToList();
        Assert.Contains(stored, f => f.EndsWith(".png") && ids.Contains(Path.GetFileName(f)));
        Assert.Contains(stored, f => f.EndsWith(".pdf") && ids.Contains(Path.GetFileName(f)));
        Assert.Equal(Png, await File.ReadAllBytesAsync(stored.Single(f => f.EndsWith(".png") && ids.Contains(Path.GetFileName(f)))));
    }

    [Fact]
    public async Task Attachment_AnOfficialDownloadsIt_UnderItsOwnName_OtherIdsAndStrangersGetNothing()
    {
        var filed = await Citizen().SubmitAsync("tp", "letter", Letter(), files: [("evidence", "现场照片.png", Png)]);
        var (id, row) = await MatterOfAsync(filed.Code!);
        var attachment = System.Text.Json.Nodes.JsonNode.Parse(row.Snapshot)!["fields"]!["evidence"]!.AsArray().Single()!.GetValue<string>();

        var intake = await IntakeAsync();
        var res = await intake.GetAsync($"/api/v1/matters/{id}/files/{attachment}");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Equal("image/png", res.Content.Headers.ContentType?.MediaType);
        Assert.Equal("现场照片.png", res.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal(Png, await res.Content.ReadAsByteArrayAsync());

        // A well-formed id this matter does not hold, even one of another matter's files: not found.
        var other = await Citizen().SubmitAsync("tp", "letter", Letter(), files: [("evidence", "别人的.pdf", Pdf)]);
        var (_, otherRow) = await MatterOfAsync(other.Code!);
        var foreign = System.Text.Json.Nodes.JsonNode.Parse(otherRow.Snapshot)!["fields"]!["evidence"]!.AsArray().Single()!.GetValue<string>();
        Assert.Equal(HttpStatusCode.NotFound, (await intake.GetAsync($"/api/v1/matters/{id}/files/{foreign}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intake.GetAsync($"/api/v1/matters/{id}/files/2025/{new string('a', 32)}.png")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync($"/api/v1/matters/{id}/files/{attachment}")).StatusCode);
        // An official whose scope does not reach the matter gets nothing either.
        var outside = await app.LoginAsync("b-user");
        Assert.Equal(HttpStatusCode.NotFound, (await outside.GetAsync($"/api/v1/matters/{id}/files/{attachment}")).StatusCode);
    }

    [Fact]
    public async Task Antiforgery_MissingToken_Refused()
    {
        var before = await CountAsync("letter");
        var http = app.Anonymous();
        using var body = new MultipartFormDataContent
        {
            { new StringContent(Guid.NewGuid().ToString()), "idempotencyKey" },
            { new StringContent("投诉"), "f.category" },
            { new StringContent("没有令牌"), "f.content" },
            { new StringContent("张三"), "f.writer_name" },
        };
        var res = await http.PostAsync("/portal/submit/tp/letter", body);
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        Assert.Contains("页面已过期", await res.Content.ReadAsStringAsync());
        var track = await http.PostAsync("/portal/track", new FormUrlEncodedContent(new Dictionary<string, string> { ["Code"] = "ABCD-EFGH-JKLM-NPQR" }));
        Assert.Equal(HttpStatusCode.BadRequest, track.StatusCode);
        Assert.Contains("页面已过期", await track.Content.ReadAsStringAsync());
        Assert.Equal(before, await CountAsync("letter"));
    }

    [Fact]
    public async Task LoggedInOfficial_CanStillUseThePortalForms()
    {
        // The console's cookie rides along on same-site POSTs; the portal's own antiforgery token is what counts there.
        var root = new PortalClient(await app.LoginAsync("root"));
        root.Http.DefaultRequestHeaders.Remove(Web.Auth.CsrfHeader);
        var filed = await root.SubmitAsync("tp", "letter", Letter("工作人员代群众提交"));
        Assert.Equal(HttpStatusCode.OK, filed.Status);
        Assert.NotNull(filed.Code);
    }

    [Fact]
    public async Task UnknownPortalPath_404Page_AndSecurityHeaders()
    {
        var res = await app.Anonymous().GetAsync("/portal/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, res.StatusCode);
        Assert.Contains("页面不存在", await res.Content.ReadAsStringAsync());
        var home = await app.Anonymous().GetAsync("/portal");
        Assert.Contains("default-src 'none'", home.Headers.GetValues("Content-Security-Policy").Single()); // no script at all
        Assert.Equal("no-store", home.Headers.CacheControl!.ToString());
        var published = await app.Anonymous().GetAsync("/portal/published/tp/nothing");
        Assert.Equal(HttpStatusCode.NotFound, published.StatusCode);
    }

    internal static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    internal static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"u8.ToArray();
}

public sealed class PortalTests_Sqlite(PortalSqliteApp app) : PortalTests<PortalSqliteApp>(app);

public sealed class PortalTests_Postgres(PortalPostgresApp app) : PortalTests<PortalPostgresApp>(app);

/// <summary>Per-client limits: the fourth submission in a minute gets 429 (reading forms does not count); look-ups likewise.</summary>
public sealed class PortalLimitTests(PortalLimitedApp app) : IClassFixture<PortalLimitedApp>
{
    [Fact]
    public async Task Submit_RateLimitedPerClient_429WithRetryAfter()
    {
        var citizen = new PortalClient(app.Anonymous());
        var fields = new Dictionary<string, string> { ["content"] = "限流测试" };
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await citizen.SubmitAsync("tp", "complaint", fields, anonymous: true)).Status);
        var form = await citizen.GetAsync("/portal/submit/tp/complaint");                    // GETs are not counted
        Assert.Equal(HttpStatusCode.OK, form.Status);
        var res = await citizen.Http.PostAsync("/portal/submit/tp/complaint", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = form.Token, ["idempotencyKey"] = form.Hidden("idempotencyKey"), ["f.content"] = "第四次", ["anonymous"] = "true",
        }));
        Assert.Equal(HttpStatusCode.TooManyRequests, res.StatusCode);
        Assert.True(res.Headers.RetryAfter is not null);
        var html = await res.Content.ReadAsStringAsync();
        Assert.Contains("操作太频繁", html);
        Assert.Contains("lang=\"zh-CN\"", html);
    }

    [Fact]
    public async Task Track_RateLimitedPerClient_NoEnumeration()
    {
        var citizen = new PortalClient(app.Anonymous());
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++) statuses.Add((await citizen.TrackAsync($"AAAA-BBBB-CCCC-{i}{i}{i}{i}")).Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.Equal(4, statuses.Count(s => s == HttpStatusCode.OK));
    }

}

/// <summary>Small attachment limits: a file over the limit is refused with a message, a body over the limit gets a 413 page.</summary>
public sealed class PortalSizeLimitTests(PortalSmallFilesApp app) : IClassFixture<PortalSmallFilesApp>
{
    [Fact]
    public async Task Submit_FileOverTheLimit_RefusedWithMessage_BodyOverTheLimit_413Page()
    {
        var citizen = new PortalClient(app.Anonymous());
        var big = new byte[(1024 * 1024) + 10];
        PortalTests<PortalSmallFilesApp>.Pdf.CopyTo(big, 0);
        var fields = new Dictionary<string, string> { ["category"] = "投诉", ["content"] = "大文件", ["writer_name"] = "李四" };
        var refused = await citizen.SubmitAsync("tp", "letter", fields, files: [("evidence", "big.pdf", big)]);
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("每个附件不超过 1 MB", refused.Html);

        // Over the 3 MB body limit: refused by its length, with the portal's page.
        var huge = new byte[3 * 1024 * 1024];
        var tooLarge = await citizen.SubmitAsync("tp", "letter", fields, files: [("evidence", "huge.pdf", huge)]);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.Status);
        Assert.Contains("提交的内容过大", tooLarge.Html);
    }
}
