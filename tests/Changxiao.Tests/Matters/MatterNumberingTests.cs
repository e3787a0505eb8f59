using System.Net;
using System.Net.Http.Json;
using Changxiao.Kernel.Access;
using Changxiao.Kernel.Org;
using Changxiao.Store.Services;
using Changxiao.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Changxiao.Tests.Matters;

/// <summary>
/// Two kinds without a number format of their own (tp/talk, election-discipline/talk) each count from 1 in a year:
/// their numbers must still differ (matter numbers are unique), not collide in the database and answer 500.
/// </summary>
public abstract class MatterNumberingTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : TestApp
{
    [Fact]
    public async Task TwoKindsWithoutFormat_BothOpen_WithDistinctNumbers()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        await app.ScopeAsync(async sp =>
        {
            var sys = Actor.System("test");
            var org = sp.GetRequiredService<OrgService>();
            var p = await org.CreatePersonAsync(sys, new PersonInput($"talker-{tag}", "约谈人" + tag, app.SectionA, null, null));
            await sp.GetRequiredService<AccountService>().CreateAsync(sys, $"talker-{tag}", p.Id, TestApp.Password);
            await org.AssignRoleAsync(sys, p.Id, "tp/intake", app.TownA, subtree: true);
            await org.AssignRoleAsync(sys, p.Id, "election-discipline/discipline", app.TownA, subtree: true);
            return true;
        });
        var http = await app.LoginAsync($"talker-{tag}");

        var numbers = new List<string>();
        foreach (var (path, reason) in new[] { ("tp/talk", "超期未办"), ("election-discipline/talk", "压案不查"), ("tp/talk", "再次超期"), ("election-discipline/talk", "查处不力") })
        {
            var opened = await http.PostAsJsonAsync($"/api/v1/matters/{path}", new
            {
                fields = new { reason },
                parties = new Dictionary<string, Guid[]> { ["subject"] = [app.PersonA] },
                unitId = app.SectionA,
            }).OkJson(HttpStatusCode.Created);
            numbers.Add(opened["matter"]!["number"]!.GetValue<string>());
        }

        Assert.Equal(4, numbers.Distinct().Count());
        Assert.StartsWith("TP-TALK-2025-", numbers[0], StringComparison.Ordinal);
        Assert.StartsWith("ELECTION-DISCIPLINE-TALK-2025-", numbers[1], StringComparison.Ordinal);
    }
}

public sealed class MatterNumberingTests_Sqlite(SqliteApp app) : MatterNumberingTests<SqliteApp>(app);

public sealed class MatterNumberingTests_Postgres(PostgresApp app) : MatterNumberingTests<PostgresApp>(app);
