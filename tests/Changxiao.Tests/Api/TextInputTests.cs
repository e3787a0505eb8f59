using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Changxiao.Kernel.Access;
using Changxiao.Kernel.Org;
using Changxiao.Store.Model;
using Changxiao.Store.Services;
using Changxiao.Tests.Infrastructure;
using Changxiao.Tests.Portal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Changxiao.Tests.Api;

/// <summary>
/// Every text that comes in is text both databases store (issue 8, point 8): a NUL or another control character is
/// refused with a 400 naming the field — wherever it arrives (JSON body, query, form, import cell) — and nothing is
/// written; names and titles hold one line and no bidirectional controls; a multi-line text keeps its tabs and newlines.
/// </summary>
public abstract class TextInputTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : PortalApp
{
    private const string Nul = "\u0000";

    private static string Tag() => Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();

    private async Task<long> JournalCountAsync()
    {
        await using var db = app.Database.Open();
        return await db.Journal.LongCountAsync();
    }

    /// <summary>The field names a 400 problem lists.</summary>
    private static async Task<IReadOnlyList<string>> FieldErrorsAsync(Task<HttpResponseMessage> call)
    {
        var p = await call.Problem(HttpStatusCode.BadRequest);
        return p["errors"]!.AsObject().Select(kv => kv.Key).ToList();
    }

    /// <summary>An official with the pack role tp/intake over the county (may open tp matters), logged in like the console.</summary>
    private Task<HttpClient> IntakeAsync() => app.NewOfficialAsync("tp/intake", app.County, app.County);

    [Fact]
    public async Task UnitName_WithNul_400NamesName_NothingWritten()
    {
        var root = await app.LoginAsync("root");
        var code = "NUL" + Tag();
        var before = await JournalCountAsync();
        var fields = await FieldErrorsAsync(root.PostAsJsonAsync("/api/v1/units", new { code, name = "东岭" + Nul + "镇", kind = "section", parentId = app.TownA }));
        Assert.Equal(["name"], fields);
        Assert.Equal(before, await JournalCountAsync());
        await using var db = app.Database.Open();
        Assert.False(await db.Units.AnyAsync(u => u.Code == code));
    }

    [Fact]
    public async Task PersonName_WithNul_400NamesName_NothingWritten()
    {
        var root = await app.LoginAsync("root");
        var code = "NUL" + Tag();
        var before = await JournalCountAsync();
        var fields = await FieldErrorsAsync(root.PostAsJsonAsync("/api/v1/people", new { code, name = "张" + Nul + "伟", unitId = app.SectionA }));
        Assert.Equal(["name"], fields);
        Assert.Equal(before, await JournalCountAsync());
        await using var db = app.Database.Open();
        Assert.False(await db.People.AnyAsync(p => p.Code == code));
    }

    [Fact]
    public async Task TokenName_WithNul_400NamesName_NothingWritten()
    {
        var root = await app.LoginAsync("root");
        var before = await JournalCountAsync();
        var fields = await FieldErrorsAsync(root.PostAsJsonAsync("/api/v1/tokens", new { name = "脚本" + Nul }));
        Assert.Equal(["name"], fields);
        Assert.Equal(before, await JournalCountAsync());
        var tokens = (await root.GetAsync("/api/v1/tokens").OkJson()).AsArray();
        Assert.DoesNotContain(tokens, t => t!["name"]!.GetValue<string>().Contains(Nul));
    }

    [Fact]
    public async Task MatterField_WithNul_400NamesField_NothingWritten()
    {
        var intake = await IntakeAsync();
        var before = await JournalCountAsync();
        var fields = await FieldErrorsAsync(intake.PostAsJsonAsync("/api/v1/matters/tp/complaint", new
        {
            fields = new { content = "窗口办事" + Nul + "拖沓" },
            unitId = app.SectionA,
        }));
        Assert.Single(fields);
        Assert.Contains("content", fields[0]);
        Assert.Equal(before, await JournalCountAsync());
    }

    [Fact]
    public async Task SearchQ_WithNul_400NamesQ()
    {
        var root = await app.LoginAsync("root");
        foreach (var url in new[] { "/api/v1/matters?q=a%00b", "/api/v1/people?q=%00", "/api/v1/accounts?q=x%00" })
            Assert.Equal(["q"], await FieldErrorsAsync(root.GetAsync(url)));
    }

    [Fact]
    public async Task LoginBody_WithNul_400NamesField_NoAccountTouched()
    {
        var before = await JournalCountAsync();
        var res = await app.Anonymous().PostAsync("/api/v1/session",
            new StringContent("{\"username\":\"ro\\u0000ot\",\"password\":\"x\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(["username"], await FieldErrorsAsync(Task.FromResult(res)));
        Assert.Equal(before, await JournalCountAsync());
    }

    [Fact]
    public async Task JsonBody_LoneSurrogate_400NamesField()
    {
        var root = await app.LoginAsync("root");
        var res = await root.PostAsync("/api/v1/units",
            new StringContent("{\"code\":\"SUR1\",\"name\":\"东\\ud800岭\",\"kind\":\"section\",\"parentId\":\"" + app.TownA + "\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(["name"], await FieldErrorsAsync(Task.FromResult(res)));
    }

    [Fact]
    public async Task PortalFormField_WithNul_400NamedOnTheForm_NothingFiled()
    {
        await using (var db = app.Database.Open())
        {
            var before = await db.Set<MatterRow>().CountAsync(m => m.PackId == "tp" && m.Kind == "letter");
            var page = await new PortalClient(app.Anonymous()).SubmitAsync("tp", "letter", new Dictionary<string, string>
            {
                ["category"] = "投诉", ["content"] = "路灯坏了" + Nul + "一个月", ["writer_name"] = "王小明",
            });
            Assert.Equal(HttpStatusCode.BadRequest, page.Status);
            var html = WebUtility.HtmlDecode(page.Html);
            Assert.Contains("来信内容", html);
            Assert.Contains("控制字符（U+0000）", html);
            Assert.Equal(before, await db.Set<MatterRow>().CountAsync(m => m.PackId == "tp" && m.Kind == "letter"));
        }
    }

    [Fact]
    public async Task RouteValue_WithControlCharacter_400NamesIt()
    {
        var root = await app.LoginAsync("root");
        // A NUL in the path never gets past the HTTP server; other control characters reach the guard.
        Assert.Equal(HttpStatusCode.BadRequest, (await root.GetAsync("/api/v1/packs/tp%00x")).StatusCode);
        Assert.Equal(["packId"], await FieldErrorsAsync(root.GetAsync("/api/v1/packs/tp%01x")));
    }

    [Fact]
    public async Task PortalUrlEncodedForm_WithNul_400Page_NothingDone()
    {
        var before = await JournalCountAsync();
        foreach (var (bad, named) in new[] { (Nul, "U+0000"), ("\u0001", "控制字符（U+0001）") })
        {
            var page = await new PortalClient(app.Anonymous()).ActAsync("ABCD-EFGH-JKLM-NPQR", "rate-dissatisfied", new() { ["dissatisfaction"] = "不满意" + bad });
            Assert.Equal(HttpStatusCode.BadRequest, page.Status);
            var html = WebUtility.HtmlDecode(page.Html);
            Assert.Contains("提交的内容有误", html);
            Assert.Contains(named, html);
        }
        Assert.Equal(before, await JournalCountAsync());
    }

    [Fact]
    public async Task ImportCell_WithNul_400NamesSheetRowColumn_NothingImported()
    {
        var root = await app.LoginAsync("root");
        var code = "IMP" + Tag();
        var csv = $"编号,姓名,单位编码\n{code}-1,赵六,C-A-1\n{code}-2,钱{Nul}七,C-A-1\n";
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var p = await root.PostAsync("/api/v1/import/org", new MultipartFormDataContent { { file, "file", "people.csv" } }).Problem(HttpStatusCode.BadRequest);
        var err = p["errors"]!.AsArray().Single()!;
        Assert.Equal("人员", err["sheet"]!.GetValue<string>());
        Assert.Equal(3, err["row"]!.GetValue<int>());
        Assert.Equal("姓名", err["column"]!.GetValue<string>());
        await using var db = app.Database.Open();
        Assert.False(await db.People.AnyAsync(x => x.Code.StartsWith(code)));
    }

    [Fact]
    public async Task UnitNameAndPostTitle_WithBidiOverride_400NamesField()
    {
        var root = await app.LoginAsync("root");
        var code = "BIDI" + Tag();
        Assert.Equal(["name"], await FieldErrorsAsync(root.PostAsJsonAsync("/api/v1/units",
            new { code, name = "东岭镇\u202Egpj.exe", kind = "section", parentId = app.TownA })));
        Assert.Equal(["title"], await FieldErrorsAsync(root.PostAsJsonAsync("/api/v1/posts",
            new { unitId = app.SectionA, title = "主任\u2066副", rank = "top" })));
        await using var db = app.Database.Open();
        Assert.False(await db.Units.AnyAsync(u => u.Code == code));
    }

    [Fact]
    public async Task MultilineField_KeepsTabsAndNewlines_OneLineFieldRefusesThem()
    {
        var intake = await IntakeAsync();
        const string content = "第一行\n\t第二行\r\n第三行";
        var m = await intake.PostAsJsonAsync("/api/v1/matters/tp/complaint", new { fields = new { content }, unitId = app.SectionA })
            .OkJson(HttpStatusCode.Created);
        Assert.Equal(content, m["fields"]!["content"]!.GetValue<string>());

        // reporter_phone holds at most 30 characters: one line.
        var fields = await FieldErrorsAsync(intake.PostAsJsonAsync("/api/v1/matters/tp/complaint", new
        {
            fields = new { content = "内容", reporter_phone = "139\n12345678" },
            unitId = app.SectionA,
        }));
        Assert.Equal(["reporter_phone"], fields);
    }
}

public sealed class TextInputTests_Sqlite(PortalSqliteApp app) : TextInputTests<PortalSqliteApp>(app);

public sealed class TextInputTests_Postgres(PortalPostgresApp app) : TextInputTests<PortalPostgresApp>(app);
