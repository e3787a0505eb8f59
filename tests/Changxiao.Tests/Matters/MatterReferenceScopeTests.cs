using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Changxiao.Kernel.Access;
using Changxiao.Kernel.Matters;
using Changxiao.Kernel.Org;
using Changxiao.Store.Matters;
using Changxiao.Store.Model;
using Changxiao.Store.Services;
using Changxiao.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Changxiao.Tests.Matters;

/// <summary>
/// Every id a matter command names resolves through the actor's view. An officer of 东岭镇 (pack roles over the township
/// only) names 西岭镇's person, unit, matter or attachment: the answer is the very 400 a nonexistent id gets, and nothing is
/// written. Their own references work, and what the matter already holds may be sent again.
/// </summary>
public abstract class MatterReferenceScopeTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : TestApp
{
    private static readonly Actor Sys = Actor.System("test");

    private sealed record Officer(HttpClient Http, Guid PersonId);

    /// <summary>A person of 东岭镇党政办 holding the intake role of three packs over 东岭镇 (not the county).</summary>
    private async Task<Officer> OfficerAsync()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var id = await app.ScopeAsync(async sp =>
        {
            var org = sp.GetRequiredService<OrgService>();
            var p = await org.CreatePersonAsync(Sys, new PersonInput($"ref-{tag}", "东岭受理员" + tag, app.SectionA, null, null));
            await sp.GetRequiredService<AccountService>().CreateAsync(Sys, $"ref-{tag}", p.Id, TestApp.Password);
            foreach (var role in new[] { "tp/intake", "efficiency-complaints/intake", "election-discipline/intake" })
                await org.AssignRoleAsync(Sys, p.Id, role, app.TownA, subtree: true);
            return p.Id;
        });
        return new Officer(await app.LoginAsync($"ref-{tag}"), id);
    }

    /// <summary>A matter opened by the system (which sees everything), e.g. one of 西岭镇.</summary>
    private Task<Guid> SystemOpensAsync(string pack, string kind, Guid unit, object fields, Dictionary<string, IReadOnlyList<Guid>>? parties = null) =>
        app.ScopeAsync(async sp =>
        {
            var node = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(fields))!.AsObject();
            var values = node.ToDictionary(kv => kv.Key, kv => kv.Value?.DeepClone());
            return (await sp.GetRequiredService<MatterService>().OpenAsync(Sys, pack, kind, new OpenInput(values, parties, unit))).Id;
        });

    private async Task<(int Matters, int Journal)> CountsAsync()
    {
        await using var db = app.Database.Open();
        return (await db.Set<MatterRow>().CountAsync(), await db.Journal.CountAsync());
    }

    /// <summary>
    /// Sends the same command twice — naming B's object, then an id that names nothing — and asserts both answer the same
    /// 400 on the same field, and that nothing was written.
    /// </summary>
    private async Task SameRefusalAsync(Func<object, Task<HttpResponseMessage>> send, object foreign, object ghost, string field)
    {
        var before = await CountsAsync();
        var toB = await send(foreign).Problem(HttpStatusCode.BadRequest);
        var toNothing = await send(ghost).Problem(HttpStatusCode.BadRequest);
        Assert.Equal("validation", toB["code"]!.GetValue<string>());
        Assert.NotNull(toB["errors"]![field]);
        // The same answer but for the request's own trace id.
        toB.AsObject().Remove("traceId");
        toNothing.AsObject().Remove("traceId");
        Assert.Equal(toNothing.ToJsonString(), toB.ToJsonString());
        Assert.Equal(before, await CountsAsync());
    }

    private static Guid Ghost() => Guid.CreateVersion7();

    [Fact]
    public async Task PartyOfB_RefusedLikeNoOne_OwnPersonWorks()
    {
        var o = await OfficerAsync();
        Task<HttpResponseMessage> Open(object subject) => o.Http.PostAsJsonAsync("/api/v1/matters/tp/complaint", new
        {
            fields = new { content = "窗口办事拖沓" },
            parties = new Dictionary<string, object[]> { ["subject"] = [subject] },
            unitId = app.SectionA,
        });

        await SameRefusalAsync(Open, app.PersonB, Ghost(), "subject");
        await Open(app.PersonA).OkJson(HttpStatusCode.Created);
    }

    [Fact]
    public async Task AssigningBsPerson_RefusedLikeNoOne_OwnPersonWorks()
    {
        var o = await OfficerAsync();
        var id = (await o.Http.PostAsJsonAsync("/api/v1/matters/tp/complaint", new { fields = new { content = "窗口办事拖沓" }, unitId = app.SectionA })
            .OkJson(HttpStatusCode.Created))["matter"]!["id"]!.GetValue<string>();
        Task<HttpResponseMessage> Assign(object who) => o.Http.PostAsJsonAsync($"/api/v1/matters/{id}/actions/assign", new
        {
            parties = new Dictionary<string, object[]> { ["handler"] = [who], ["in_charge"] = [who] },
        });

        await SameRefusalAsync(Assign, app.PersonB, Ghost(), "handler");
        var done = await Assign(app.PersonA).OkJson();
        Assert.Equal("handling", done["matter"]!["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task UnitOfB_InAFieldOrAParty_RefusedLikeNoUnit_OwnUnitWorks()
    {
        var o = await OfficerAsync();
        Task<HttpResponseMessage> Open(object unit, object dept) => o.Http.PostAsJsonAsync("/api/v1/matters/efficiency-complaints/complaint", new
        {
            fields = new Dictionary<string, object> { ["channel"] = "投诉电话", ["category"] = "办事拖拉", ["content"] = "窗口办事拖沓", ["about_unit"] = unit },
            parties = new Dictionary<string, object[]> { ["dept"] = [dept] },
            unitId = app.SectionA,
        });

        await SameRefusalAsync(u => Open(u, app.SectionA), app.SectionB, Ghost(), "about_unit");
        await SameRefusalAsync(d => Open(app.SectionA, d), app.SectionB, Ghost(), "dept");
        await Open(app.SectionA, app.SectionA).OkJson(HttpStatusCode.Created);
    }

    [Fact]
    public async Task WhatTheMatterHolds_MayBeSentAgain_ButNothingElseOfB()
    {
        var o = await OfficerAsync();
        // The system put B's unit in an A matter's field; the officer's edit may re-send it, not name another of B's units.
        var id = await SystemOpensAsync("efficiency-complaints", "complaint", app.SectionA,
            new { channel = "投诉电话", category = "办事拖拉", content = "窗口办事拖沓", about_unit = app.SectionB });
        Task<HttpResponseMessage> Accept(object unit) => o.Http.PostAsJsonAsync($"/api/v1/matters/{id}/actions/accept", new
        {
            fields = new Dictionary<string, object> { ["about_unit"] = unit },
            parties = new Dictionary<string, object[]> { ["handler"] = [o.PersonId] },
        });

        await SameRefusalAsync(Accept, app.TownB, Ghost(), "about_unit");
        var done = await Accept(app.SectionB).OkJson();
        Assert.Equal("accepted", done["matter"]!["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task MatterOfB_InAMatterField_RefusedLikeNoMatter_OwnMatterWorks()
    {
        var o = await OfficerAsync();
        var bInspection = await SystemOpensAsync("election-discipline", "inspection", app.SectionB, new { ends_on = "2025-11-28" });
        var aInspection = await SystemOpensAsync("election-discipline", "inspection", app.SectionA, new { ends_on = "2025-11-28" });
        // about_candidate: the report's clock takes its due date from the inspection named (the linked due date).
        Task<HttpResponseMessage> Open(object inspection) => o.Http.PostAsJsonAsync("/api/v1/matters/election-discipline/report", new
        {
            fields = new Dictionary<string, object> { ["channel"] = "12380", ["content"] = "拉票", ["about_candidate"] = true, ["inspection"] = inspection },
            unitId = app.SectionA,
        });

        await SameRefusalAsync(Open, bInspection, Ghost(), "inspection");
        var opened = await Open(aInspection).OkJson(HttpStatusCode.Created);
        Assert.Contains(opened["clocks"]!.AsArray(), c => c!["due"]?.GetValue<string>() == "2025-11-28");
    }

    [Fact]
    public async Task AttachmentOfB_RefusedLikeNoAttachment_WhatTheMatterHoldsWorks()
    {
        var o = await OfficerAsync();
        string NewAttachment() => $"2025/{Guid.CreateVersion7():N}.pdf";
        var (bFile, aFile, aReport) = (NewAttachment(), NewAttachment(), NewAttachment());
        await SystemOpensAsync("election-discipline", "report", app.SectionB, new { channel = "12380", content = "西岭举报", evidence = new[] { bFile } });
        var id = await SystemOpensAsync("election-discipline", "report", app.SectionA,
            new { channel = "12380", content = "东岭举报", evidence = new[] { aFile }, report_file = aReport });

        // A new matter holds nothing yet, and an official stores no files: B's attachment is no one's.
        await SameRefusalAsync(f => o.Http.PostAsJsonAsync("/api/v1/matters/election-discipline/report", new
        {
            fields = new Dictionary<string, object> { ["channel"] = "12380", ["content"] = "拉票", ["evidence"] = new[] { f } },
            unitId = app.SectionA,
        }), bFile, NewAttachment(), "evidence");

        // The officer handles A's report; concluding it re-sends what it holds, plus B's file or a made-up one.
        await app.ScopeAsync(async sp =>
        {
            await sp.GetRequiredService<MatterService>().ActAsync(Sys, id, "assign",
                new ActInput(Parties: new Dictionary<string, IReadOnlyList<Guid>> { ["handler"] = [o.PersonId], ["in_charge"] = [app.PersonA] }));
            return true;
        });
        await o.Http.PostAsJsonAsync($"/api/v1/matters/{id}/actions/start", new { }).OkJson();
        Task<HttpResponseMessage> Conclude(object extra) => o.Http.PostAsJsonAsync($"/api/v1/matters/{id}/actions/conclude", new
        {
            fields = new Dictionary<string, object> { ["outcome"] = "不属实", ["conclusion"] = "经查不属实", ["report_file"] = aReport, ["evidence"] = new[] { aFile, extra } },
            signers = new[] { o.PersonId, app.PersonA },
        });

        await SameRefusalAsync(Conclude, bFile, NewAttachment(), "evidence");
        var done = await o.Http.PostAsJsonAsync($"/api/v1/matters/{id}/actions/conclude", new
        {
            fields = new Dictionary<string, object> { ["outcome"] = "不属实", ["conclusion"] = "经查不属实", ["report_file"] = aReport, ["evidence"] = new[] { aFile } },
            signers = new[] { o.PersonId, app.PersonA },
        }).OkJson();
        Assert.Equal("concluded", done["matter"]!["state"]!.GetValue<string>());

        await using var db = app.Database.Open();
        Assert.True((await JournalService.VerifyAsync(db)).Ok);
    }
}

public sealed class MatterReferenceScopeTests_Sqlite(SqliteApp app) : MatterReferenceScopeTests<SqliteApp>(app);

public sealed class MatterReferenceScopeTests_Postgres(PostgresApp app) : MatterReferenceScopeTests<PostgresApp>(app);
