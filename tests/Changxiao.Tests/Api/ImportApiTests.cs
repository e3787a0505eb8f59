using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Changxiao.Tests.Infrastructure;

namespace Changxiao.Tests.Api;

public abstract class ImportApiTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : TestApp
{
    private static MultipartFormDataContent Csv(string fileName, string text)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return new MultipartFormDataContent { { content, "file", fileName } };
    }

    [Fact]
    public async Task ImportCsv_Valid_CreatesAndIsIdempotent()
    {
        var root = await app.LoginAsync("root");
        var tag = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var csv = $"编码,名称,类型,上级编码\nI{tag},东岭镇综治办,section,C-A\nI{tag}-1,综治办党支部,党支部,I{tag}\n";
        var result = await root.PostAsync("/api/v1/import/org", Csv("units.csv", csv)).OkJson();
        Assert.Equal(2, result["units"]!.GetValue<int>());
        var again = await root.PostAsync("/api/v1/import/org", Csv("units.csv", csv)).OkJson();
        Assert.Equal(0, again["units"]!.GetValue<int>());
        var units = (await root.GetAsync("/api/v1/units").OkJson()).AsArray();
        var child = units.Single(u => u!["code"]!.GetValue<string>() == $"I{tag}-1");
        Assert.Equal("party-branch", child!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task ImportPosts_SeveralOfOneTitleInAUnit_EachKept_AndImportingAgainChangesNothing()
    {
        var root = await app.LoginAsync("root");
        var tag = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var units = $"编码,名称,类型,上级编码\nP{tag},东岭镇人民政府,section,C-A\n";
        await root.PostAsync("/api/v1/import/org", Csv("units.csv", units)).OkJson();
        var people = $"编号,姓名,单位编码,手机,邮箱\nP{tag}-1,王一,P{tag},,\nP{tag}-2,王二,P{tag},,\nP{tag}-3,王三,P{tag},,\n";
        await root.PostAsync("/api/v1/import/org", Csv("people.csv", people)).OkJson();
        // Three deputies and a vacant deputy post: four posts of one title.
        var posts = $"单位编码,岗位名称,职级,在岗人员编号\nP{tag},副镇长,副职,P{tag}-1\nP{tag},副镇长,副职,P{tag}-2\nP{tag},副镇长,副职,P{tag}-3\nP{tag},副镇长,副职,\n";
        Assert.Equal(4, (await root.PostAsync("/api/v1/import/org", Csv("posts.csv", posts)).OkJson())["posts"]!.GetValue<int>());
        // The same rows in another order are the same posts.
        var lines = posts.TrimEnd('\n').Split('\n');
        var reordered = string.Join("\n", lines.Take(1).Concat(lines.Skip(1).Reverse())) + "\n";
        Assert.Equal(0, (await root.PostAsync("/api/v1/import/org", Csv("posts.csv", posts)).OkJson())["posts"]!.GetValue<int>());
        Assert.Equal(0, (await root.PostAsync("/api/v1/import/org", Csv("posts.csv", reordered)).OkJson())["posts"]!.GetValue<int>());

        var unitId = (await root.GetAsync("/api/v1/units").OkJson()).AsArray().Single(u => u!["code"]!.GetValue<string>() == $"P{tag}")!["id"]!.GetValue<string>();
        var held = (await root.GetAsync($"/api/v1/posts?unitId={unitId}").OkJson()).AsArray()
            .Select(p => p!["holderName"]?.GetValue<string>() ?? "空缺").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(new[] { "王一", "王三", "王二", "空缺" }.Order(StringComparer.Ordinal), held);
    }

    [Fact]
    public async Task ImportCsv_BadRows_400NamesRowAndColumn_NothingImported()
    {
        var root = await app.LoginAsync("root");
        var tag = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var csv = $"编码,名称,类型,上级编码\nJ{tag},好的一行,section,C-A\nJ{tag}-2,坏的一行,section,NO-SUCH-PARENT\n";
        var p = await root.PostAsync("/api/v1/import/org", Csv("units.csv", csv)).Problem(HttpStatusCode.BadRequest);
        var err = p["errors"]!.AsArray().Single();
        Assert.Equal(3, err!["row"]!.GetValue<int>());
        Assert.Equal("上级编码", err["column"]!.GetValue<string>());
        var units = (await root.GetAsync("/api/v1/units").OkJson()).AsArray();
        Assert.DoesNotContain(units, u => u!["code"]!.GetValue<string>().StartsWith("J" + tag));
    }

    [Fact]
    public async Task ImportCsv_TownshipAdmin_RowsOutsideScopeRefused()
    {
        var a = await app.LoginAsync("a-admin");
        var tag = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var csv = $"编码,名称,类型,上级编码\nK{tag},本镇的,section,C-A\nK{tag}-B,别镇的,section,C-B\n";
        var p = await a.PostAsync("/api/v1/import/org", Csv("units.csv", csv)).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(3, p["errors"]!.AsArray().Single()!["row"]!.GetValue<int>());
        var units = (await (await app.LoginAsync("root")).GetAsync("/api/v1/units").OkJson()).AsArray();
        Assert.DoesNotContain(units, u => u!["code"]!.GetValue<string>().StartsWith("K" + tag));
    }

    [Fact]
    public async Task Template_IsAnXlsxWithTheThreeSheets()
    {
        var root = await app.LoginAsync("root");
        var res = await root.GetAsync("/api/v1/import/org/template");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", res.Content.Headers.ContentType?.MediaType);
        await using var s = await res.Content.ReadAsStreamAsync();
        using var doc = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(s, false);
        var names = doc.WorkbookPart!.Workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().Select(x => x.Name!.Value).ToList();
        Assert.Contains("单位", names);
        Assert.Contains("人员", names);
        Assert.Contains("岗位", names);
    }

    [Fact]
    public async Task Import_NoFile_400NamesFile()
    {
        var root = await app.LoginAsync("root");
        var p = await root.PostAsync("/api/v1/import/org", new MultipartFormDataContent { { new StringContent("x"), "other" } }).Problem(HttpStatusCode.BadRequest);
        Assert.NotNull(p["errors"]!["file"]);
    }
}

public sealed class ImportApiTests_Sqlite(SqliteApp app) : ImportApiTests<SqliteApp>(app);

public sealed class ImportApiTests_Postgres(PostgresApp app) : ImportApiTests<PostgresApp>(app);
