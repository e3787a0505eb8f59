using System.Net;
using System.Net.Http.Json;
using System.Text;
using Changxiao.Kernel.Access;
using Changxiao.Kernel.Org;
using Changxiao.Store.Model;
using Changxiao.Store.Services;
using Changxiao.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Changxiao.Tests.Api;

/// <summary>
/// Errors say what is wrong and confirm nothing one may not see (issue 8, point 9): a body of the wrong media type is
/// 415, a missing or <c>null</c> body a 400 naming the body, an id that names nothing the same 404 as one out of scope,
/// a party that names no person a 400 naming the party.
/// </summary>
public abstract class ErrorAnswerTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : TestApp
{
    private static string Tag() => Guid.NewGuid().ToString("N")[..6];

    private async Task<long> JournalCountAsync()
    {
        await using var db = app.Database.Open();
        return await db.Journal.LongCountAsync();
    }

    /// <summary>An intake officer of the test pack over 东岭镇 only (not the whole county).</summary>
    private Task<HttpClient> TownshipIntakeAsync() => app.NewOfficialAsync("tp/intake", app.SectionA, app.TownA);

    [Fact]
    public async Task TextPlainBody_OnJsonEndpoint_415()
    {
        var root = await app.LoginAsync("root");
        var before = await JournalCountAsync();
        var body = $"{{\"code\":\"TP{Tag()}\",\"name\":\"x\",\"kind\":\"section\",\"parentId\":\"{app.TownA}\"}}";
        var p = await root.PostAsync("/api/v1/units", new StringContent(body, Encoding.UTF8, "text/plain")).Problem(HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("request.media-type", p["code"]!.GetValue<string>());
        Assert.Contains("application/json", p["title"]!.GetValue<string>() + p["detail"]);
        var login = await app.Anonymous().PostAsync("/api/v1/session", new StringContent("username=root&password=x", Encoding.UTF8, "application/x-www-form-urlencoded"))
            .Problem(HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("request.media-type", login["code"]!.GetValue<string>());
        Assert.Equal(before, await JournalCountAsync());
    }

    [Theory]
    [InlineData("null")]
    [InlineData("")]
    [InlineData("  \n ")]
    public async Task NullOrEmptyBody_400NamesTheBody(string body)
    {
        var root = await app.LoginAsync("root");
        foreach (var (method, url) in new[] { (HttpMethod.Post, "/api/v1/units"), (HttpMethod.Put, $"/api/v1/units/{app.SectionA}"), (HttpMethod.Post, "/api/v1/tokens") })
        {
            var res = await root.SendAsync(new HttpRequestMessage(method, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
            var p = await Task.FromResult(res).Problem(HttpStatusCode.BadRequest);
            Assert.Equal(["body"], p["errors"]!.AsObject().Select(kv => kv.Key));
            Assert.DoesNotContain("Body", p.ToJsonString()); // no parameter or type names of the server
        }
    }

    [Fact]
    public async Task NoBodyAtAll_400NamesTheBody()
    {
        var p = await app.Anonymous().PostAsync("/api/v1/session", null).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["body"], p["errors"]!.AsObject().Select(kv => kv.Key));
    }

    [Fact]
    public async Task KnownPathWrongMethod_405WithAllow_UnknownPath404()
    {
        var root = await app.LoginAsync("root");
        var p = await root.DeleteAsync("/api/v1/units").Problem(HttpStatusCode.MethodNotAllowed);
        Assert.Equal("request.method", p["code"]!.GetValue<string>());
        var allow = (await root.DeleteAsync("/api/v1/units")).Content.Headers.Allow;
        Assert.Equal(["GET", "POST"], allow.Order());
        await root.PostAsJsonAsync("/api/v1/no-such-thing", new { }).Problem(HttpStatusCode.NotFound);
        await root.GetAsync($"/api/v1/units/not-a-guid").Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task OpenMatter_UnknownUnit_SameNeutral404AsAUnitOutOfScope()
    {
        var intake = await TownshipIntakeAsync();
        var before = await JournalCountAsync();
        var unknown = await intake.PostAsJsonAsync("/api/v1/matters/tp/complaint", new { fields = new { content = "内容" }, unitId = Guid.NewGuid() })
            .Problem(HttpStatusCode.NotFound);
        var outOfScope = await intake.PostAsJsonAsync("/api/v1/matters/tp/complaint", new { fields = new { content = "内容" }, unitId = app.SectionB })
            .Problem(HttpStatusCode.NotFound);
        Assert.Equal(outOfScope["detail"]!.GetValue<string>(), unknown["detail"]!.GetValue<string>());
        Assert.Equal("单位不存在，或您无权查看", unknown["detail"]!.GetValue<string>());
        Assert.Equal(before, await JournalCountAsync());
    }

    [Fact]
    public async Task UnknownParentPersonHolderOrUnit_404_NeutralAndWithoutIds()
    {
        var root = await app.LoginAsync("root");
        var nobody = Guid.NewGuid();
        var before = await JournalCountAsync();
        var answers = new[]
        {
            await root.PutAsJsonAsync($"/api/v1/units/{app.SectionA}", new { code = "C-A-1", name = "东岭镇党政办", kind = "section", parentId = nobody }).Problem(HttpStatusCode.NotFound),
            await root.PostAsJsonAsync("/api/v1/role-assignments", new { personId = nobody, role = "officer", unitId = app.SectionA }).Problem(HttpStatusCode.NotFound),
            await root.PostAsJsonAsync("/api/v1/role-assignments", new { personId = app.PersonA, role = "officer", unitId = nobody }).Problem(HttpStatusCode.NotFound),
            await root.PostAsJsonAsync("/api/v1/posts", new { unitId = app.SectionA, title = "副主任", rank = "deputy", holderId = nobody }).Problem(HttpStatusCode.NotFound),
            await root.GetAsync($"/api/v1/matters?unitId={nobody}").Problem(HttpStatusCode.NotFound),
        };
        foreach (var p in answers)
        {
            Assert.Equal("not-found", p["code"]!.GetValue<string>());
            Assert.DoesNotContain(nobody.ToString("N"), p.ToJsonString());
            Assert.DoesNotContain(nobody.ToString("D"), p.ToJsonString());
            Assert.EndsWith("不存在，或您无权查看", p["detail"]!.GetValue<string>());
        }
        Assert.Equal(before, await JournalCountAsync());
    }

    [Fact]
    public async Task OpenMatter_PartyOrPersonFieldNamingNoOne_400NamesIt_NothingWritten()
    {
        var intake = await TownshipIntakeAsync();
        var before = await JournalCountAsync();
        var p = await intake.PostAsJsonAsync("/api/v1/matters/tp/complaint", new
        {
            fields = new { content = "内容" },
            parties = new Dictionary<string, Guid[]> { ["subject"] = [Guid.NewGuid()], ["about_unit"] = [Guid.NewGuid()] },
            unitId = app.SectionA,
        }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["about_unit", "subject"], p["errors"]!.AsObject().Select(kv => kv.Key).Order());
        Assert.Equal(before, await JournalCountAsync());
        await using var db = app.Database.Open();
        Assert.Equal(0, await db.Set<MatterPartyRow>().CountAsync(x => !db.People.Any(pp => pp.Id == x.MemberId) && !db.Units.Any(u => u.Id == x.MemberId)));
    }

    [Fact]
    public async Task Action_HandlerNamingNoOne_400NamesIt()
    {
        var intake = await TownshipIntakeAsync();
        var m = await intake.PostAsJsonAsync("/api/v1/matters/tp/complaint", new { fields = new { content = "内容" }, unitId = app.SectionA })
            .OkJson(HttpStatusCode.Created);
        var id = m["matter"]!["id"]!.GetValue<string>();
        var p = await intake.PostAsJsonAsync($"/api/v1/matters/{id}/actions/assign", new
        {
            parties = new Dictionary<string, Guid[]> { ["handler"] = [Guid.NewGuid()], ["in_charge"] = [app.PersonA] },
        }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["handler"], p["errors"]!.AsObject().Select(kv => kv.Key));
        var after = await intake.GetAsync($"/api/v1/matters/{id}").OkJson();
        Assert.Equal("accepted", after["matter"]!["state"]!.GetValue<string>());
    }
}

public sealed class ErrorAnswerTests_Sqlite(SqliteApp app) : ErrorAnswerTests<SqliteApp>(app);

public sealed class ErrorAnswerTests_Postgres(PostgresApp app) : ErrorAnswerTests<PostgresApp>(app);
