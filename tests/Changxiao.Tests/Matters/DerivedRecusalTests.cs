using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Changxiao.Kernel.Access;
using Changxiao.Kernel.Org;
using Changxiao.Store;
using Changxiao.Store.Matters;
using Changxiao.Store.Model;
using Changxiao.Store.Services;
using Changxiao.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Changxiao.Tests.Matters;

/// <summary>
/// The talk a late complaint's ladder derives (TestPacks/tp: it copies the complaint's text) carries the complaint's
/// recusal: its subject, and the people of the unit complained about, hold the intake role like others, yet find the
/// talk nowhere — not in the list, its detail, history, chain or fields, nor in their inbox.
/// </summary>
public abstract class DerivedRecusalTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : TestApp
{
    private static readonly Actor Sys = Actor.System("test");

    [Fact]
    public async Task TalkDerivedFromAComplaint_HiddenFromItsSubjectAndItsUnitsPeople_SeenByOthers()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var text = "派生回避-" + tag;
        // Everyone holds tp/intake over the county: only recusal keeps the talk from the subject and from SectionB's people.
        var (reader, subject, insider, handler, chief) = await app.ScopeAsync(async sp =>
        {
            var org = sp.GetRequiredService<OrgService>();
            var accounts = sp.GetRequiredService<AccountService>();
            async Task<Guid> Person(string who, Guid unit, string? role)
            {
                var p = await org.CreatePersonAsync(Sys, new PersonInput($"{who}-{tag}", who + tag, unit, null, null));
                await accounts.CreateAsync(Sys, $"{who}-{tag}", p.Id, TestApp.Password);
                if (role is not null) await org.AssignRoleAsync(Sys, p.Id, role, app.County, subtree: true);
                return p.Id;
            }
            return (await Person("reader", app.County, "tp/intake"), await Person("subject", app.SectionA, "tp/intake"),
                await Person("insider", app.SectionB, "tp/intake"), await Person("handler", app.SectionA, null), await Person("chief", app.SectionA, null));
        });

        var complaint = await app.ScopeAsync(async sp =>
        {
            var matters = sp.GetRequiredService<MatterService>();
            var (id, _) = await matters.OpenAsync(Sys, "tp", "complaint", new Kernel.Matters.OpenInput(
                new Dictionary<string, JsonNode?> { ["content"] = text, ["reporter_phone"] = "13900001111" },
                new Dictionary<string, IReadOnlyList<Guid>> { ["subject"] = [subject], ["about_unit"] = [app.SectionB] }, app.SectionA));
            await matters.ActAsync(Sys, id, "assign", new Kernel.Matters.ActInput(
                Parties: new Dictionary<string, IReadOnlyList<Guid>> { ["handler"] = [handler], ["in_charge"] = [chief] }));
            return id;
        });

        var start = app.Time.GetUtcNow();
        try
        {
            // Due 2025-10-10; three days later the ladder opens the talk about the handler, copying the complaint's text.
            app.Time.Advance(new DateTimeOffset(2025, 10, 13, 2, 0, 0, TimeSpan.Zero) - app.Time.GetUtcNow());
            await app.ScopeAsync(async sp =>
            {
                while (await sp.GetRequiredService<MatterService>().SweepAsync() > 0)
                {
                }
                return true;
            });
            Guid talk;
            await using (var db = app.Database.Open())
            {
                var row = await db.Set<MatterRow>().AsNoTracking().SingleAsync(m => m.Id == complaint);
                talk = MatterSnapshotJson.Read(row.Snapshot).Links.Single(l => l.Relation == Kernel.Matters.MatterRelations.LedTo).OtherId;
            }

            // A ladder naming the intake role would tell all three: the one place every recipient list passes leaves two out.
            var told = await app.ScopeAsync(sp => sp.GetRequiredService<Writer>().RunAsync(Sys, w =>
                w.NotifyAboutMatterAsync(talk, [reader, subject, insider], "约谈提醒-" + tag, "约谈待办", $"/matters/{talk}")));
            Assert.Equal([reader], told);

            var others = await app.LoginAsync($"reader-{tag}");
            var detail = await others.GetAsync($"/api/v1/matters/{talk}").OkJson();
            Assert.Equal("talk", detail["matter"]!["kind"]!.GetValue<string>());
            Assert.Equal(text, detail["fields"]!["complaint"]!.GetValue<string>());
            await others.GetAsync($"/api/v1/matters/{talk}/history").OkJson();
            await others.GetAsync($"/api/v1/matters/{talk}/chain").OkJson();
            await others.GetAsync($"/api/v1/matters/{talk}/confidential/complaint").OkJson();
            Assert.Contains(await ListAsync(others), id => id == talk);
            Assert.Contains(await InboxAsync(others), s => s.Contains(tag, StringComparison.Ordinal));

            foreach (var login in new[] { $"subject-{tag}", $"insider-{tag}" })
            {
                var http = await app.LoginAsync(login);
                await http.GetAsync($"/api/v1/matters/{talk}").Problem(HttpStatusCode.NotFound);
                await http.GetAsync($"/api/v1/matters/{talk}/history").Problem(HttpStatusCode.NotFound);
                await http.GetAsync($"/api/v1/matters/{talk}/chain").Problem(HttpStatusCode.NotFound);
                await http.GetAsync($"/api/v1/matters/{talk}/confidential/complaint").Problem(HttpStatusCode.NotFound);
                await http.PostAsJsonAsync($"/api/v1/matters/{talk}/actions/hold", new { }).Problem(HttpStatusCode.NotFound);
                Assert.DoesNotContain(await ListAsync(http), id => id == talk || id == complaint);
                Assert.DoesNotContain(await InboxAsync(http), s => s.Contains(tag, StringComparison.Ordinal));
                var search = await http.GetAsync($"/api/v1/matters?q={Uri.EscapeDataString(text)}&pageSize=200").OkJson();
                Assert.Equal(0, search["total"]!.GetValue<int>());
            }
        }
        finally
        {
            app.Time.Advance(start - app.Time.GetUtcNow());
        }
    }

    private static async Task<List<Guid>> ListAsync(HttpClient http) =>
        (await http.GetAsync("/api/v1/matters?pack=tp&pageSize=200").OkJson())["items"]!.AsArray()
        .Select(x => Guid.Parse(x!["id"]!.GetValue<string>())).ToList();

    private static async Task<List<string>> InboxAsync(HttpClient http) =>
        (await http.GetAsync("/api/v1/inbox?pageSize=200").OkJson())["items"]!.AsArray()
        .Select(x => x!["subject"]!.GetValue<string>() + " " + x["body"]!.GetValue<string>()).ToList();
}

public sealed class DerivedRecusalTests_Sqlite(SqliteApp app) : DerivedRecusalTests<SqliteApp>(app);

public sealed class DerivedRecusalTests_Postgres(PostgresApp app) : DerivedRecusalTests<PostgresApp>(app);
