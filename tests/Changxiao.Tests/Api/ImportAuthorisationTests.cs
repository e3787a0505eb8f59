using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Changxiao.Tests.Cli;
using Changxiao.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Changxiao.Tests.Api;

/// <summary>
/// A township's org administrator (a-admin over 东岭镇) imports files that reach outside the township — through the
/// console's upload and through `import org --as` — and is refused exactly as the API would refuse the same commands:
/// nothing from the file is written, and the answer says nothing of what lies outside.
/// </summary>
public abstract class ImportAuthorisationTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : TestApp
{
    private const string PeopleHeader = "编号,姓名,单位编码,手机,邮箱\n";
    private const string PostsHeader = "单位编码,岗位名称,职级,在岗人员编号\n";

    /// <summary>One import as <paramref name="user"/>: whether it went through, and the whole answer as the operator reads it.</summary>
    private async Task<(bool Ok, string Answer)> ImportAs(string channel, string user, string fileName, string csv)
    {
        if (channel == "cli")
        {
            var file = Path.Combine(Path.GetTempPath(), $"cx-import-{Guid.NewGuid():N}-{fileName}");
            await File.WriteAllTextAsync(file, csv);
            try
            {
                var (code, stdout, stderr) = await CliTests.Run("import", "org", file, "--as", user, "--db", app.Database.Spec);
                return (code == 0, stdout + stderr);
            }
            finally
            {
                File.Delete(file);
            }
        }
        var http = await app.LoginAsync(user);
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var res = await http.PostAsync("/api/v1/import/org", new MultipartFormDataContent { { content, "file", fileName } });
        var body = await res.Content.ReadAsStringAsync();
        if (res.StatusCode == HttpStatusCode.OK) return (true, body);
        if (res.StatusCode == HttpStatusCode.Forbidden) return (false, body);
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        // The errors as the CLI prints them ("人员 第2行 [编号]: …"), so both channels are read alike.
        var errors = System.Text.Json.Nodes.JsonNode.Parse(body)!["errors"]!.AsArray()
            .Select(e => $"{e!["sheet"]} 第{e["row"]}行 [{e["column"]}]: {e["message"]}");
        return (false, body + "\n" + string.Join("\n", errors));
    }

    /// <summary>Journal entries other than logins (which a login itself records).</summary>
    private async Task<int> JournalCount()
    {
        await using var db = app.Database.Open();
        return await db.Journal.CountAsync(e => e.EntityType != "account");
    }

    private static string Tag() => Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();

    [Theory]
    [InlineData("http")]
    [InlineData("cli")]
    public async Task ImportPeople_TownshipAdminTakesCountyAdminsPersonCode_RefusedNothingWritten(string channel)
    {
        var before = await JournalCount();

        var (ok, answer) = await ImportAs(channel, "a-admin", "people.csv", PeopleHeader + "ADM-root,冒名顶替,C-A-1,,\n");

        Assert.False(ok, answer);
        Assert.Contains("人员 第2行 [编号]", answer);
        Assert.DoesNotContain("县管理员", answer);
        Assert.DoesNotContain("已被使用", answer);
        Assert.Equal(before, await JournalCount());
        await using var db = app.Database.Open();
        var admin = await db.People.SingleAsync(p => p.Code == "ADM-root");
        Assert.Equal((app.County, "县管理员"), (admin.UnitId, admin.Name));
    }

    [Theory]
    [InlineData("http")]
    [InlineData("cli")]
    public async Task ImportPosts_HolderFromAnotherTownship_RefusedWithoutTheirName(string channel)
    {
        var before = await JournalCount();
        var title = "主任" + Tag();

        var (ok, answer) = await ImportAs(channel, "a-admin", "posts.csv", PostsHeader + $"C-A-1,{title},一把手,PB1\n");

        Assert.False(ok, answer);
        Assert.Contains("岗位 第2行 [在岗人员编号]", answer);
        Assert.DoesNotContain("李娜", answer);
        Assert.Equal(before, await JournalCount());
        await using var db = app.Database.Open();
        Assert.False(await db.Posts.AnyAsync(p => p.Title == title));
    }

    [Theory]
    [InlineData("http", "改了名字", "C-B-1")]
    [InlineData("http", "李娜", "C-A-1")]
    [InlineData("cli", "改了名字", "C-B-1")]
    [InlineData("cli", "李娜", "C-A-1")]
    public async Task ImportPeople_RenameOrMovePersonOfAnotherTownship_Refused(string channel, string name, string unitCode)
    {
        var before = await JournalCount();

        var (ok, answer) = await ImportAs(channel, "a-admin", "people.csv", PeopleHeader + $"PB1,{name},{unitCode},,\n");

        Assert.False(ok, answer);
        Assert.Contains("人员 第2行 [", answer);
        Assert.DoesNotContain("西岭镇", answer);
        Assert.Equal(before, await JournalCount());
        await using var db = app.Database.Open();
        var person = await db.People.SingleAsync(p => p.Id == app.PersonB);
        Assert.Equal(("李娜", app.SectionB), (person.Name, person.UnitId));
    }

    [Theory]
    [InlineData("http")]
    [InlineData("cli")]
    public async Task ImportAll_OneRowOutsideAmongGoodOnes_NothingFromTheFileWritten(string channel)
    {
        var before = await JournalCount();
        var tag = Tag();

        var (ok, answer) = await ImportAs(channel, "a-admin", "people.csv",
            PeopleHeader + $"G{tag}-1,好人一,C-A-1,,\nPB1,李娜,C-A-1,,\nG{tag}-2,好人二,C-A-1,,\n");

        Assert.False(ok, answer);
        Assert.Contains("人员 第3行 [编号]", answer);
        Assert.DoesNotContain("第2行", answer);
        Assert.Equal(before, await JournalCount());
        await using var db = app.Database.Open();
        Assert.False(await db.People.AnyAsync(p => p.Code.StartsWith("G" + tag)));
    }

    [Theory]
    [InlineData("http")]
    [InlineData("cli")]
    public async Task ImportUnits_CodeHeldInAnotherTownship_UnavailableNotTaken(string channel)
    {
        var (ok, answer) = await ImportAs(channel, "a-admin", "units.csv", "编码,名称,类型,上级编码\nC-B-1,抢来的编码,section,C-A\n");

        Assert.False(ok, answer);
        Assert.Contains("单位 第2行 [编码]", answer);
        Assert.Contains("不可用", answer);
        Assert.DoesNotContain("已被使用", answer);
        Assert.DoesNotContain("西岭镇", answer);
        await using var db = app.Database.Open();
        Assert.Equal(app.TownB, (await db.Units.SingleAsync(u => u.Code == "C-B-1")).ParentId);
    }

    [Fact]
    public async Task ImportCli_AsUnknownAccount_Exit2NamesOption()
    {
        var file = Path.Combine(Path.GetTempPath(), $"cx-import-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, PeopleHeader + "Q1,某人,C-A-1,,\n");
        try
        {
            var (code, _, err) = await CliTests.Run("import", "org", file, "--as", "nobody-" + Tag(), "--db", app.Database.Spec);

            Assert.Equal(2, code);
            Assert.Contains("--as", err);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("http")]
    [InlineData("cli")]
    public async Task ImportPeople_OfficerWithoutOrgWrite_RefusedNothingWritten(string channel)
    {
        var before = await JournalCount();
        var tag = Tag();

        var (ok, answer) = await ImportAs(channel, "b-user", "people.csv", PeopleHeader + $"O{tag},某人,C-B-1,,\n");

        Assert.False(ok, answer);
        Assert.Equal(before, await JournalCount());
    }

    [Theory]
    [InlineData("http")]
    [InlineData("cli")]
    public async Task ImportAll_TownshipAdminWithinOwnTownship_CreatesThenUpdates(string channel)
    {
        var tag = Tag();
        var units = $"编码,名称,类型,上级编码\nU{tag},东岭镇新所{tag},section,C-A\n";
        var people = PeopleHeader + $"P{tag},王新,U{tag},13900000001,\n";
        var posts = PostsHeader + $"U{tag},所长,一把手,P{tag}\nU{tag},副所长,副职,PA1\n";

        var u = await ImportAs(channel, "a-admin", "units.csv", units);
        var p = await ImportAs(channel, "a-admin", "people.csv", people);
        var q = await ImportAs(channel, "a-admin", "posts.csv", posts);
        // The same person again, moved to the section and renamed: an update of someone in the township.
        var moved = await ImportAs(channel, "a-admin", "people.csv", PeopleHeader + $"P{tag},王新改,C-A-1,13900000001,\n");

        Assert.True(u.Ok && p.Ok && q.Ok && moved.Ok, string.Join("\n", u.Answer, p.Answer, q.Answer, moved.Answer));
        await using var db = app.Database.Open();
        var unit = await db.Units.SingleAsync(x => x.Code == "U" + tag);
        Assert.Equal(app.TownA, unit.ParentId);
        var person = await db.People.SingleAsync(x => x.Code == "P" + tag);
        Assert.Equal(("王新改", app.SectionA), (person.Name, person.UnitId));
        var held = (await db.Posts.Where(x => x.UnitId == unit.Id).ToListAsync()).ToDictionary(x => x.Title, x => x.HolderId);
        Assert.Equal(person.Id, held["所长"]);
        Assert.Equal(app.PersonA, held["副所长"]);
    }
}

public sealed class ImportAuthorisationTests_Sqlite(SqliteApp app) : ImportAuthorisationTests<SqliteApp>(app);

public sealed class ImportAuthorisationTests_Postgres(PostgresApp app) : ImportAuthorisationTests<PostgresApp>(app);
