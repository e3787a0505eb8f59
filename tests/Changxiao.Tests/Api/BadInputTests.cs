using System.Net;
using System.Net.Http.Json;
using System.Text;
using Changxiao.Tests.Infrastructure;

namespace Changxiao.Tests.Api;

public abstract class BadInputTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : TestApp
{
    [Fact]
    public async Task CreateUnit_MissingFields_400WithEveryFieldNamed()
    {
        var root = await app.LoginAsync("root");
        var p = await root.PostAsJsonAsync("/api/v1/units", new { parentId = app.TownA }).Problem(HttpStatusCode.BadRequest);
        var errors = p["errors"]!.AsObject().Select(kv => kv.Key).ToHashSet();
        Assert.Superset(new HashSet<string> { "code", "name", "kind" }, errors);
    }

    [Fact]
    public async Task CreateUnit_UnknownKind_400NamesKind()
    {
        var root = await app.LoginAsync("root");
        var p = await root.PostAsJsonAsync("/api/v1/units", new { code = "K1", name = "x", kind = "spaceship", parentId = app.TownA }).Problem(HttpStatusCode.BadRequest);
        Assert.Contains("spaceship", p["errors"]!["kind"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task CreateUnit_DuplicateCode_409WithRuleCode()
    {
        var root = await app.LoginAsync("root");
        var p = await root.PostAsJsonAsync("/api/v1/units", new { code = "C-A", name = "重复", kind = "section", parentId = app.TownA }).Problem(HttpStatusCode.Conflict);
        Assert.Equal("unit.code-taken", p["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task MalformedJson_400NamesWhereItBroke()
    {
        var root = await app.LoginAsync("root");
        var res = await root.PostAsync("/api/v1/units", new StringContent("{\"code\": \"X\", \"name\": ", Encoding.UTF8, "application/json"));
        var p = await Task.FromResult(res).Problem(HttpStatusCode.BadRequest);
        Assert.Equal("request.malformed", p["code"]!.GetValue<string>());
        Assert.NotEmpty(p["errors"]!.AsObject());
    }

    [Fact]
    public async Task WrongJsonType_400NamesField()
    {
        var root = await app.LoginAsync("root");
        var res = await root.PostAsync("/api/v1/units", new StringContent("{\"code\":\"X\",\"name\":\"x\",\"kind\":\"section\",\"parentId\":\"not-a-guid\"}", Encoding.UTF8, "application/json"));
        var p = await Task.FromResult(res).Problem(HttpStatusCode.BadRequest);
        Assert.Contains("parentId", p["errors"]!.AsObject().Select(kv => kv.Key));
    }

    [Fact]
    public async Task OversizedBody_413()
    {
        var root = await app.LoginAsync("root");
        var huge = new string('x', 2 * 1024 * 1024);
        // Expect: 100-continue lets the server refuse on Content-Length before the client sends the body; without it the
        // client may still be writing when the server has answered and closed, and sees a broken pipe instead of the 413.
        using var req = new HttpRequestMessage(HttpMethod.Post, "/api/v1/units")
        {
            Content = new StringContent($"{{\"code\":\"{huge}\"}}", Encoding.UTF8, "application/json"),
        };
        req.Headers.ExpectContinue = true;
        var res = await root.SendAsync(req);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, res.StatusCode);
    }

    [Fact]
    public async Task UnknownIds_404ProblemDetails()
    {
        var root = await app.LoginAsync("root");
        var id = Guid.NewGuid();
        foreach (var url in new[] { $"/api/v1/units/{id}", $"/api/v1/people/{id}", $"/api/v1/accounts/{id}", $"/api/v1/history/unit/{id}" })
            await root.GetAsync(url).Problem(HttpStatusCode.NotFound);
        await root.PutAsJsonAsync($"/api/v1/units/{id}", new { code = "Z", name = "z", kind = "section", parentId = app.TownA }).Problem(HttpStatusCode.NotFound);
        await root.PostAsJsonAsync("/api/v1/people", new { code = "PZ", name = "z", unitId = id }).Problem(HttpStatusCode.NotFound);
        await root.GetAsync("/api/v1/no-such-endpoint").Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Errors_NeverLeakStackTracesOrSql()
    {
        var root = await app.LoginAsync("root");
        var bodies = new[]
        {
            await (await root.PostAsync("/api/v1/units", new StringContent("{bad", Encoding.UTF8, "application/json"))).Content.ReadAsStringAsync(),
            await (await root.GetAsync($"/api/v1/units/{Guid.NewGuid()}")).Content.ReadAsStringAsync(),
            await (await root.GetAsync("/api/v1/history/spaceship/" + Guid.NewGuid())).Content.ReadAsStringAsync(),
        };
        foreach (var b in bodies)
        {
            Assert.DoesNotContain("   at ", b);
            Assert.DoesNotContain("SELECT", b, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Exception", b);
        }
    }

    [Fact]
    public async Task MoveUnit_UnderItsOwnChild_409Cycle()
    {
        var root = await app.LoginAsync("root");
        var p = await root.PutAsJsonAsync($"/api/v1/units/{app.TownA}", new { code = "C-A", name = "东岭镇", kind = "township", parentId = app.SectionA })
            .Problem(HttpStatusCode.Conflict);
        Assert.Equal("unit.parent-cycle", p["code"]!.GetValue<string>());
    }
}

public sealed class BadInputTests_Sqlite(SqliteApp app) : BadInputTests<SqliteApp>(app);

public sealed class BadInputTests_Postgres(PostgresApp app) : BadInputTests<PostgresApp>(app);
