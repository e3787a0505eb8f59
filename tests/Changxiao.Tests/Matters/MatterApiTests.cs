using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Changxiao.Kernel.Access;
using Changxiao.Kernel.Org;
using Changxiao.Store.Matters;
using Changxiao.Store.Model;
using Changxiao.Store.Services;
using Changxiao.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Changxiao.Tests.Matters;

/// <summary>
/// Matters over HTTP, run by the test pack `tp` (TestPacks/tp): opening in scope, confidential
/// fields encrypted and their readings journaled, recusal, sign-off by two people, the warning
/// ladder swept on the working-day calendar, and the linked talk matter.
/// </summary>
public abstract class MatterApiTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : TestApp
{
    private sealed record Cast(HttpClient Intake, HttpClient Handler, HttpClient Chief, HttpClient Subject, Guid HandlerId, Guid ChiefId, Guid SubjectId);

    /// <summary>People of 东岭镇党政办 with accounts: an intake officer (pack role tp/intake over the county), a handler, a chief and a subject.</summary>
    private async Task<Cast> CastAsync()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var ids = await app.ScopeAsync(async sp =>
        {
            var org = sp.GetRequiredService<OrgService>();
            var accounts = sp.GetRequiredService<AccountService>();
            var sys = Actor.System("test");
            var result = new List<Guid>();
            foreach (var (who, role, unit) in new[] { ("intake", "tp/intake", app.County), ("handler", "officer", app.SectionA), ("chief", "officer", app.SectionA), ("subject", "officer", app.SectionA) })
            {
                var p = await org.CreatePersonAsync(sys, new PersonInput($"{who}-{tag}", who + tag, app.SectionA, null, null));
                await accounts.CreateAsync(sys, $"{who}-{tag}", p.Id, TestApp.Password);
                await org.AssignRoleAsync(sys, p.Id, role, unit, subtree: true);
                result.Add(p.Id);
            }
            return result;
        });
        return new Cast(await app.LoginAsync($"intake-{tag}"), await app.LoginAsync($"handler-{tag}"), await app.LoginAsync($"chief-{tag}"),
            await app.LoginAsync($"subject-{tag}"), ids[1], ids[2], ids[3]);
    }

    private async Task<JsonNode> OpenAsync(Cast c, string content = "窗口办事拖沓，多次往返") =>
        await c.Intake.PostAsJsonAsync("/api/v1/matters/tp/complaint", new
        {
            fields = new { content, reporter_phone = "13912345678" },
            parties = new Dictionary<string, Guid[]> { ["subject"] = [c.SubjectId] },
            unitId = app.SectionA,
        }).OkJson(HttpStatusCode.Created);

    [Fact]
    public async Task ComplaintAboutAUnit_ItsPeopleAreRecused_OthersSeeIt()
    {
        var c = await CastAsync(); // everyone of the cast works in 东岭镇党政办 (SectionA); Intake holds tp/intake over the county
        var tag = Guid.NewGuid().ToString("N")[..6];
        await app.ScopeAsync(async sp =>
        {
            var sys = Actor.System("test");
            var p = await sp.GetRequiredService<OrgService>().CreatePersonAsync(sys, new PersonInput($"west-{tag}", "西岭受理员", app.SectionB, null, null));
            await sp.GetRequiredService<AccountService>().CreateAsync(sys, $"west-{tag}", p.Id, TestApp.Password);
            await sp.GetRequiredService<OrgService>().AssignRoleAsync(sys, p.Id, "tp/intake", app.County, subtree: true);
            return true;
        });
        var west = await app.LoginAsync($"west-{tag}");
        var opened = await west.PostAsJsonAsync("/api/v1/matters/tp/complaint", new
        {
            fields = new { content = "东岭镇党政办办事拖沓" },
            parties = new Dictionary<string, Guid[]> { ["about_unit"] = [app.SectionA] },
            unitId = app.TownA,
        }).OkJson(HttpStatusCode.Created);
        var id = opened["matter"]!["id"]!.GetValue<string>();

        // Nor may they register one about their own unit: someone else must (回避), and nothing is written.
        var refused = await c.Intake.PostAsJsonAsync("/api/v1/matters/tp/complaint", new
        {
            fields = new { content = "本科室：窗口人手不足" },
            parties = new Dictionary<string, Guid[]> { ["about_unit"] = [app.SectionA] },
            unitId = app.TownA,
        }).Problem(HttpStatusCode.Conflict);
        Assert.Equal("matter.recused", refused["code"]!.GetValue<string>());

        // The same role over the county, but working in the unit complained about: the matter does not exist for them.
        await c.Intake.GetAsync($"/api/v1/matters/{id}").Problem(HttpStatusCode.NotFound);
        await c.Intake.PostAsJsonAsync($"/api/v1/matters/{id}/actions/assign", new { }).Problem(HttpStatusCode.NotFound);
        var theirList = await c.Intake.GetAsync("/api/v1/matters?pack=tp&pageSize=200").OkJson();
        Assert.DoesNotContain(theirList["items"]!.AsArray(), m => m!["id"]!.GetValue<string>() == id);
        await west.GetAsync($"/api/v1/matters/{id}").OkJson();
    }

    [Fact]
    public async Task Open_InScope_NumberedWithClockOnWorkingDayCalendar()
    {
        var c = await CastAsync();
        var m = await OpenAsync(c);
        Assert.Matches(@"^TP-2025-\d{4}$", m["matter"]!["number"]!.GetValue<string>());
        Assert.Equal("accepted", m["matter"]!["state"]!.GetValue<string>());
        // Opened Friday 2025-09-26: Sunday 09-28 is a make-up working day and 10-01..08 is the National Day holiday.
        var clock = m["clocks"]!.AsArray().Single()!;
        Assert.Equal("2025-10-10", clock["due"]!.GetValue<string>());
        Assert.Contains("assign", m["availableActions"]!.AsArray().Select(a => a!.GetValue<string>()));
    }

    [Fact]
    public async Task ConfidentialField_EncryptedAtRest_ReadOnlyByIntakeAndJournaled()
    {
        var c = await CastAsync();
        var m = await OpenAsync(c);
        var id = m["matter"]!["id"]!.GetValue<string>();
        Assert.True(m["fields"]!["reporter_phone"]!["confidential"]!.GetValue<bool>());
        Assert.DoesNotContain("13912345678", m.ToJsonString());

        var read = await c.Intake.GetAsync($"/api/v1/matters/{id}/confidential/reporter_phone").OkJson();
        Assert.Equal("13912345678", read["value"]!.GetValue<string>());
        await c.Handler.GetAsync($"/api/v1/matters/{id}/confidential/reporter_phone").Problem(HttpStatusCode.Forbidden);

        await using var db = app.Database.Open();
        var secret = await db.Set<MatterSecretRow>().SingleAsync(s => s.MatterId == Guid.Parse(id));
        Assert.DoesNotContain("13912345678", secret.Ciphertext);
        var entries = await db.Journal.Where(e => e.EntityId == Guid.Parse(id).ToString("N")).ToListAsync();
        Assert.DoesNotContain(entries, e => e.Data.Contains("13912345678"));
        Assert.Single(entries, e => e.Type == "matter.confidential-read");
        Assert.Contains("sealed", entries.First(e => e.Type == "matter.opened").Data);
        Assert.True((await JournalService.VerifyAsync(db)).Ok);
    }

    [Fact]
    public async Task Subject_NeverSeesTheMatter_AndOtherTownshipNeither()
    {
        var c = await CastAsync();
        var id = (await OpenAsync(c))["matter"]!["id"]!.GetValue<string>();
        await c.Subject.GetAsync($"/api/v1/matters/{id}").Problem(HttpStatusCode.NotFound);
        await c.Subject.GetAsync($"/api/v1/matters/{id}/history").Problem(HttpStatusCode.NotFound);
        var list = await c.Subject.GetAsync("/api/v1/matters?pack=tp&pageSize=200").OkJson();
        Assert.DoesNotContain(list["items"]!.AsArray(), x => x!["id"]!.GetValue<string>() == id);
        await c.Subject.PostAsJsonAsync($"/api/v1/matters/{id}/actions/assign", new { }).Problem(HttpStatusCode.NotFound);

        var b = await app.LoginAsync("b-admin");
        await b.GetAsync($"/api/v1/matters/{id}").Problem(HttpStatusCode.NotFound);
        // The handler's colleague in the same unit (an officer there) can read it.
        await c.Chief.GetAsync($"/api/v1/matters/{id}").OkJson();
    }

    [Fact]
    public async Task Reply_SignoffBySamePersonTwice_Refused_ThenTwoPeopleSign()
    {
        var c = await CastAsync();
        var id = (await OpenAsync(c))["matter"]!["id"]!.GetValue<string>();
        await c.Intake.PostAsJsonAsync($"/api/v1/matters/{id}/actions/assign", new
        {
            parties = new Dictionary<string, Guid[]> { ["handler"] = [c.HandlerId], ["in_charge"] = [c.ChiefId] },
        }).OkJson();
        var same = await c.Handler.PostAsJsonAsync($"/api/v1/matters/{id}/actions/reply", new
        {
            fields = new { reply = "已督促窗口整改" }, signers = new[] { c.HandlerId, c.HandlerId },
        }).Problem(HttpStatusCode.Conflict);
        Assert.StartsWith("matter.signoff", same["code"]!.GetValue<string>());
        await c.Intake.PostAsJsonAsync($"/api/v1/matters/{id}/actions/reply", new
        {
            fields = new { reply = "x" }, signers = new[] { c.HandlerId, c.ChiefId },
        }).Problem(HttpStatusCode.Conflict); // not the handler: matter.not-authorised
        var done = await c.Handler.PostAsJsonAsync($"/api/v1/matters/{id}/actions/reply", new
        {
            fields = new { reply = "已督促窗口整改，并向投诉人致歉" }, signers = new[] { c.HandlerId, c.ChiefId },
        }).OkJson();
        Assert.Equal("replied", done["matter"]!["state"]!.GetValue<string>());
        Assert.Equal("stopped", done["clocks"]!.AsArray().Single()!["state"]!.GetValue<string>());
        var history = (await c.Handler.GetAsync($"/api/v1/matters/{id}/history").OkJson()).AsArray().Select(h => h!["type"]!.GetValue<string>()).ToList();
        Assert.Equal(["matter.opened", "matter.clock-started", "matter.acted", "matter.acted", "matter.clock-stopped"], history);
    }

    [Fact]
    public async Task Open_MissingRequiredField_400NamesIt_NothingWritten()
    {
        var c = await CastAsync();
        await using var db = app.Database.Open();
        var before = await db.Journal.CountAsync();
        var p = await c.Intake.PostAsJsonAsync("/api/v1/matters/tp/complaint", new { fields = new { }, unitId = app.SectionA }).Problem(HttpStatusCode.BadRequest);
        Assert.NotNull(p["errors"]!["content"]);
        Assert.Equal(before, await db.Journal.CountAsync());
    }

    [Fact]
    public async Task Open_UnitOfOtherTownship_NotFound()
    {
        var b = await app.LoginAsync("b-admin"); // org-admin of 西岭镇 only, and no tp role
        await b.PostAsJsonAsync("/api/v1/matters/tp/complaint", new { fields = new { content = "x" }, unitId = app.SectionA }).Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Sweep_LadderFiresOnceEachStep_ThenOpensLinkedTalk()
    {
        var c = await CastAsync();
        var id = (await OpenAsync(c))["matter"]!["id"]!.GetValue<string>();
        await c.Intake.PostAsJsonAsync($"/api/v1/matters/{id}/actions/assign", new
        {
            parties = new Dictionary<string, Guid[]> { ["handler"] = [c.HandlerId], ["in_charge"] = [c.ChiefId] },
        }).OkJson();
        // Due 2025-10-10; yellow 2 days before (10-08), red on 10-10, a talk 3 days after (10-13).
        var start = app.Time.GetUtcNow();
        try
        {
            app.Time.Advance(new DateTimeOffset(2025, 10, 8, 2, 0, 0, TimeSpan.Zero) - app.Time.GetUtcNow());
            await SweepAsync();
            await SweepAsync(); // idempotent
            var handler = await ReloginAsync(c.HandlerId); // sessions end after 8 hours; the clock moved 12 days
            var m = await handler.GetAsync($"/api/v1/matters/{id}").OkJson();
            Assert.Equal("yellow", m["matter"]!["level"]!.GetValue<string>());
            var inbox = await handler.GetAsync("/api/v1/inbox").OkJson();
            Assert.Single(inbox["items"]!.AsArray(), n => n!["subject"]!.GetValue<string>().Contains("黄牌"));

            app.Time.Advance(new DateTimeOffset(2025, 10, 13, 2, 0, 0, TimeSpan.Zero) - app.Time.GetUtcNow());
            await SweepAsync();
            await SweepAsync();
            handler = await ReloginAsync(c.HandlerId);
            m = await handler.GetAsync($"/api/v1/matters/{id}").OkJson();
            Assert.Equal("red", m["matter"]!["level"]!.GetValue<string>());
            Assert.True(m["matter"]!["overdue"]!.GetValue<bool>());
            var link = m["links"]!.AsArray().Single()!;
            Assert.Equal("led-to", link["relation"]!.GetValue<string>());
            var chain = (await handler.GetAsync($"/api/v1/matters/{id}/chain").OkJson()).AsArray();
            Assert.Equal(["complaint", "talk"], chain.Select(x => x!["kind"]!.GetValue<string>()));

            await using var db = app.Database.Open();
            var key = Guid.Parse(id).ToString("N");
            var steps = await db.Journal.Where(e => e.EntityId == key && e.Type == "matter.clock-step").CountAsync();
            Assert.Equal(3, steps);

            // The talk got the complaint's text through `complaint: $field.content`.
            var talkKey = Guid.Parse(link["otherId"]!.GetValue<string>()).ToString("N");
            var opened = JsonNode.Parse(await db.Journal.Where(e => e.EntityId == talkKey && e.Type == "matter.opened").Select(e => e.Data).SingleAsync())!;
            Assert.Equal("窗口办事拖沓，多次往返", opened["fields"]!["complaint"]!.GetValue<string>());
            Assert.Equal("超期未办", opened["fields"]!["reason"]!.GetValue<string>());
        }
        finally
        {
            app.Time.Advance(start - app.Time.GetUtcNow());
        }
    }

    private async Task<HttpClient> ReloginAsync(Guid personId)
    {
        await using var db = app.Database.Open();
        var username = await db.Accounts.Where(a => a.PersonId == personId).Select(a => a.Username).SingleAsync();
        return await app.LoginAsync(username);
    }

    private Task<int> SweepAsync() => app.ScopeAsync(sp => sp.GetRequiredService<MatterService>().SweepAsync());

    [Fact]
    public async Task Dashboard_And_Export_CountWhatTheCallerSees()
    {
        var c = await CastAsync();
        await OpenAsync(c, "仪表盘测试一");
        await OpenAsync(c, "仪表盘测试二");
        var dash = await c.Intake.GetAsync($"/api/v1/matters/dashboard?pack=tp&unitId={app.County}").OkJson();
        var east = dash["units"]!.AsArray().Single(u => u!["unitName"]!.GetValue<string>() == "东岭镇")!;
        Assert.True(east["open"]!.GetValue<int>() >= 2);
        Assert.Equal(0, dash["units"]!.AsArray().Single(u => u!["unitName"]!.GetValue<string>() == "西岭镇")!["open"]!.GetValue<int>());

        var res = await c.Intake.GetAsync("/api/v1/matters/export?pack=tp&q=仪表盘测试");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        await using var s = await res.Content.ReadAsStreamAsync();
        using var book = Changxiao.Import.Xlsx.Open(s);
        var rows = book.ReadRows(book.Sheets[0]).ToList();
        Assert.Equal("编号", rows[0].Cells[0]);
        Assert.Equal(3, rows.Count);
        Assert.All(rows.Skip(1), r => Assert.Equal("已受理", r.Cells[3]));

        // Someone with no role in 东岭镇 sees none of it.
        var b = await app.LoginAsync("b-admin");
        var theirs = await b.GetAsync($"/api/v1/matters/dashboard?pack=tp").OkJson();
        Assert.Equal(0, theirs["totals"]!["open"]!.GetValue<int>());
    }

    [Fact]
    public async Task Open_PreferMinimal_201WithIdAndLocationOnly()
    {
        var c = await CastAsync();
        using var req = new HttpRequestMessage(HttpMethod.Post, "/api/v1/matters/tp/complaint")
        {
            Content = JsonContent.Create(new { fields = new { content = "批量录入" }, unitId = app.SectionA }),
        };
        req.Headers.Add("Prefer", "return=minimal");
        var res = await c.Intake.SendAsync(req);
        var body = await Task.FromResult(res).OkJson(HttpStatusCode.Created);
        var id = body["id"]!.GetValue<string>();
        Assert.Null(body["matter"]);
        Assert.EndsWith(id, res.Headers.Location!.ToString());
        await c.Intake.GetAsync($"/api/v1/matters/{id}").OkJson();
    }

    [Fact]
    public async Task Packs_ListedWithKindsForTheConsole()
    {
        var root = await app.LoginAsync("root");
        var packs = (await root.GetAsync("/api/v1/packs").OkJson()).AsArray();
        var tp = packs.Single(p => p!["id"]!.GetValue<string>() == "tp")!;
        var complaint = tp["kinds"]!.AsArray().Single(k => k!["code"]!.GetValue<string>() == "complaint")!;
        Assert.Contains(complaint["fields"]!.AsArray(), f => f!["code"]!.GetValue<string>() == "reporter_phone" && f["confidential"]!.GetValue<bool>());
        var roles = (await root.GetAsync("/api/v1/roles").OkJson()).AsArray();
        Assert.Contains(roles, r => r!["code"]!.GetValue<string>() == "tp/intake");

        // A conditional requirement travels as its condition, not as a plain requirement; list fields carry their item type.
        var item = packs.Single(p => p!["id"]!.GetValue<string>() == "rectification")!["kinds"]!.AsArray().Single()!;
        var plan = item["actions"]!.AsArray().Single(a => a!["code"]!.GetValue<string>() == "plan")!;
        Assert.DoesNotContain(plan["requires"]!.AsArray(), r => r!.GetValue<string>() == "deadline");
        Assert.Equal("term == 限期", plan["requiredWhen"]!["deadline"]!.GetValue<string>());
        var letter = tp["kinds"]!.AsArray().Single(k => k!["code"]!.GetValue<string>() == "letter")!;
        Assert.Equal("attachment", letter["fields"]!.AsArray().Single(f => f!["code"]!.GetValue<string>() == "evidence")!["item"]!.GetValue<string>());
    }
}

public sealed class MatterApiTests_Sqlite(SqliteApp app) : MatterApiTests<SqliteApp>(app);

public sealed class MatterApiTests_Postgres(PostgresApp app) : MatterApiTests<PostgresApp>(app);
