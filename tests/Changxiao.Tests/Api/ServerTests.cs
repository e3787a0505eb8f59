using System.Net;
using Changxiao.Tests.Infrastructure;

namespace Changxiao.Tests.Api;

public abstract class ServerTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : TestApp
{
    [Fact]
    public async Task Healthz_Ok()
    {
        var res = await app.Anonymous().GetAsync("/healthz").OkJson();
        Assert.Equal("ok", res["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task OpenApi_DescribesTheApiWithStableOperationIds()
    {
        var doc = await app.Anonymous().GetAsync("/openapi/v1.json").OkJson();
        var paths = doc["paths"]!.AsObject();
        Assert.Contains("/api/v1/units", paths.Select(p => p.Key));
        Assert.Contains("/api/v1/people", paths.Select(p => p.Key));
        Assert.Equal("ListUnits", paths["/api/v1/units"]!["get"]!["operationId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Api_Anonymous_401()
    {
        foreach (var url in new[] { "/api/v1/units", "/api/v1/people", "/api/v1/accounts", "/api/v1/journal", "/api/v1/session" })
            Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task Stats_CountsVisibleOrgOnly()
    {
        var a = await app.LoginAsync("a-admin");
        var stats = await a.GetAsync("/api/v1/stats/org").OkJson();
        var b = await (await app.LoginAsync("root")).GetAsync("/api/v1/stats/org").OkJson();
        Assert.True(stats["totals"]!["units"]!.GetValue<int>() < b["totals"]!["units"]!.GetValue<int>());
    }
}

public sealed class ServerTests_Sqlite(SqliteApp app) : ServerTests<SqliteApp>(app);

public sealed class ServerTests_Postgres(PostgresApp app) : ServerTests<PostgresApp>(app);
