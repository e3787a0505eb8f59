using System.Net;
using System.Net.Http.Json;
using Changxiao.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Changxiao.Tests.Api;

/// <summary>
/// A township administrator asking for a unit or person code that is held elsewhere learns only that it is
/// unavailable — not that it is taken, nor by whom; a code held in its own township may still be called taken.
/// </summary>
public abstract class CodeUnavailableTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : TestApp
{
    private async Task<int> JournalCount()
    {
        await using var db = app.Database.Open();
        return await db.Journal.CountAsync(e => e.EntityType != "account");
    }

    private static async Task AssertUnavailable(Task<HttpResponseMessage> call)
    {
        var res = await call;
        var body = await res.Content.ReadAsStringAsync();
        var p = await Task.FromResult(res).Problem(HttpStatusCode.Conflict);
        Assert.Equal("org.code-unavailable", p["code"]!.GetValue<string>());
        foreach (var secret in new[] { "已被使用", "taken", "李娜", "县管理员", "西岭镇", "青溪县" })
            Assert.DoesNotContain(secret, body);
    }

    [Theory]
    [InlineData("PB1")]
    [InlineData("ADM-root")]
    public async Task CreatePerson_CodeHeldOutsideTownship_409UnavailableNothingWritten(string code)
    {
        var a = await app.LoginAsync("a-admin");
        var before = await JournalCount();

        await AssertUnavailable(a.PostAsJsonAsync("/api/v1/people", new { code, name = "王芳", unitId = app.SectionA }));

        Assert.Equal(before, await JournalCount());
    }

    [Theory]
    [InlineData("C-B-1")]
    [InlineData("C")]
    public async Task CreateUnit_CodeHeldOutsideTownship_409Unavailable(string code)
    {
        var a = await app.LoginAsync("a-admin");
        var before = await JournalCount();

        await AssertUnavailable(a.PostAsJsonAsync("/api/v1/units", new { code, name = "新股室", kind = "section", parentId = app.TownA }));

        Assert.Equal(before, await JournalCount());
    }

    [Fact]
    public async Task UpdateOwnPersonAndUnit_ToCodesHeldOutside_409Unavailable()
    {
        var a = await app.LoginAsync("a-admin");
        var before = await JournalCount();

        await AssertUnavailable(a.PutAsJsonAsync($"/api/v1/people/{app.PersonA}", new { code = "PB1", name = "张伟", unitId = app.SectionA }));
        await AssertUnavailable(a.PutAsJsonAsync($"/api/v1/units/{app.SectionA}", new { code = "C-B-1", name = "东岭镇党政办", kind = "section", parentId = app.TownA }));

        Assert.Equal(before, await JournalCount());
    }

    [Fact]
    public async Task CreateInOwnTownship_CodeHeldInOwnTownship_409Taken()
    {
        var a = await app.LoginAsync("a-admin");

        var person = await a.PostAsJsonAsync("/api/v1/people", new { code = "PA1", name = "王芳", unitId = app.SectionA }).Problem(HttpStatusCode.Conflict);
        var unit = await a.PostAsJsonAsync("/api/v1/units", new { code = "C-A-1", name = "新股室", kind = "section", parentId = app.TownA }).Problem(HttpStatusCode.Conflict);

        Assert.Equal("person.code-taken", person["code"]!.GetValue<string>());
        Assert.Equal("unit.code-taken", unit["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task CreatePerson_CountyAdministratorSeesEverything_409Taken()
    {
        var root = await app.LoginAsync("root");

        var p = await root.PostAsJsonAsync("/api/v1/people", new { code = "PB1", name = "王芳", unitId = app.SectionA }).Problem(HttpStatusCode.Conflict);

        Assert.Equal("person.code-taken", p["code"]!.GetValue<string>());
    }
}

public sealed class CodeUnavailableTests_Sqlite(SqliteApp app) : CodeUnavailableTests<SqliteApp>(app);

public sealed class CodeUnavailableTests_Postgres(PostgresApp app) : CodeUnavailableTests<PostgresApp>(app);
