using System.Text.Json.Nodes;
using Changxiao.Kernel.Access;
using Changxiao.Kernel.Matters;
using Changxiao.Kernel.Notifications;
using Changxiao.Kernel.Org;
using Changxiao.Store.Matters;
using Changxiao.Store.Model;
using Changxiao.Store.Services;
using Changxiao.Tests.Infrastructure;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Changxiao.Tests.Notifications;

/// <summary>
/// The subject of a matter learns nothing of it: warning-ladder notifications addressed by role skip whoever is recused
/// from the matter — on the inbox, email and webhook alike — and the monthly bulletin (its list and its Word document)
/// does not carry the matter to them. Webhook calls about a matter name no matter at all.
/// </summary>
public abstract class RecusalNotificationTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : NotifyApp
{
    private sealed record Someone(Guid Id, string Username, string Email);

    /// <summary>A person with an email address and an account, in <paramref name="unit"/>, holding each role over the county's subtree.</summary>
    private Task<Someone> PersonAsync(string name, Guid unit, params string[] roles) => app.ScopeAsync(async sp =>
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var sys = Actor.System("test");
        var org = sp.GetRequiredService<OrgService>();
        var email = $"{tag}@county.test";
        var p = await org.CreatePersonAsync(sys, new PersonInput("R" + tag, name, unit, null, email));
        await sp.GetRequiredService<AccountService>().CreateAsync(sys, "r-" + tag, p.Id, TestApp.Password);
        foreach (var role in roles) await org.AssignRoleAsync(sys, p.Id, role, app.County, subtree: true);
        return new Someone(p.Id, "r-" + tag, email);
    });

    private Task<Guid> OpenAsync(string pack, string kind, Dictionary<string, JsonNode?> fields, Dictionary<string, IReadOnlyList<Guid>> parties, Guid unit) =>
        app.ScopeAsync(async sp => (await sp.GetRequiredService<MatterService>().OpenAsync(Actor.System("test"), pack, kind,
            new OpenInput(fields, parties, unit))).Id);

    /// <summary>Moves the clock on by <paramref name="days"/> and sweeps until nothing is left, then sends the outbox.</summary>
    private async Task SweepAfterAsync(int days)
    {
        app.Time.Advance(TimeSpan.FromDays(days));
        await app.ScopeAsync(async sp =>
        {
            var matters = sp.GetRequiredService<MatterService>();
            while (await matters.SweepAsync() > 0) { }
            return true;
        });
        await app.NewDispatcher().RunOnceAsync();
    }

    private async Task<(List<InboxRow> Inbox, List<OutboxRow> Outbox)> TellingsAsync(Guid person)
    {
        await using var db = app.Database.Open();
        return (await db.Inbox.AsNoTracking().Where(m => m.PersonId == person).ToListAsync(),
                await db.Outbox.AsNoTracking().Where(o => o.PersonId == person).ToListAsync());
    }

    private IReadOnlyList<JsonNode> WebhooksFor(Guid person) =>
        app.Hooks.Hits.Select(h => JsonNode.Parse(h.Body)!).Where(b => b["personId"]?.GetValue<string>() == person.ToString()).ToList();

    private bool EmailedTo(Someone who) => app.Smtp.Messages.Any(m => m.To.Any(t => t.Contains(who.Email, StringComparison.OrdinalIgnoreCase)));

    [Fact]
    public async Task LadderByRole_SubjectHoldingTheRole_GetsNoInboxEmailWebhook_NorTheBulletin_WhileAColleagueDoes()
    {
        // Both hold the roles the efficiency ladder notifies (center-head) and may read matters (officer) over the county.
        const string head = "efficiency-complaints/center-head";
        var subject = await PersonAsync("孙被诉", app.SectionA, head, SystemRoles.Officer.Code);
        var colleague = await PersonAsync("周主任", app.SectionA, head, SystemRoles.Officer.Code);
        var id = await OpenAsync("efficiency-complaints", "complaint",
            new() { ["channel"] = "投诉电话", ["category"] = "办事拖拉", ["content"] = "孙被诉窗口办证一拖再拖" },
            new() { ["about_person"] = [subject.Id] }, app.SectionA);
        string number;
        await using (var db = app.Database.Open()) number = await db.Set<MatterRow>().Where(m => m.Id == id).Select(m => m.Number).SingleAsync();

        // Never accepted: the acceptance clock's red step tells the centre's head and lists it in the bulletin.
        await SweepAfterAsync(20);

        var (theirInbox, theirOutbox) = await TellingsAsync(colleague.Id);
        Assert.Contains(theirInbox, m => m.Subject.StartsWith("【红牌】") && m.Subject.Contains(number));
        Assert.Contains(theirOutbox, o => o.Channel == NotificationChannel.Email && o.DeliveredAtMs != null);
        Assert.True(EmailedTo(colleague));
        Assert.NotEmpty(WebhooksFor(colleague.Id));

        var (subjectInbox, subjectOutbox) = await TellingsAsync(subject.Id);
        Assert.Empty(subjectInbox);
        Assert.Empty(subjectOutbox); // no email, no webhook queued
        Assert.False(EmailedTo(subject));
        Assert.Empty(WebhooksFor(subject.Id));

        // A webhook URL may be a group chat: what it receives about a matter names no matter.
        Assert.All(app.Hooks.Hits.Where(h => h.Body.Contains(colleague.Id.ToString())), h =>
        {
            Assert.DoesNotContain(number, h.Body);
            Assert.DoesNotContain("孙被诉", h.Body);
            Assert.Contains(NotificationDecisions.WebhookMatterSubject, h.Body);
        });

        // The bulletin goes to the colleague with the matter on it, and to the subject without.
        string listedMonth;
        await using (var db = app.Database.Open())
        {
            var listing = await db.Journal.Where(e => e.EntityId == id.ToString("N") && e.Type == "matter.bulletin").Select(e => e.Data).SingleAsync();
            listedMonth = JsonNode.Parse(listing)!["date"]!.GetValue<string>()[..7];
        }
        foreach (var (who, sees) in new[] { (colleague, true), (subject, false) })
        {
            var http = await app.LoginAsync(who.Username);
            var list = (await http.GetAsync($"/api/v1/matters/bulletin?pack=efficiency-complaints&month={listedMonth}").OkJson()).AsArray();
            Assert.Equal(sees, list.Any(e => e!["matter"]!["id"]!.GetValue<string>() == id.ToString()));
            using var word = WordprocessingDocument.Open(new MemoryStream(
                await http.GetByteArrayAsync($"/api/v1/matters/bulletin/document?pack=efficiency-complaints&month={listedMonth}")), false);
            Assert.Equal(sees, word.MainDocumentPart!.Document.Body!.InnerText.Contains(number));
        }
        await (await app.LoginAsync("root")).GetAsync("/api/v1/journal/verify").OkJson();
    }

    [Fact]
    public async Task LadderByRole_PeopleOfTheUnitComplainedAbout_AreNotTold_OthersWithTheRoleAre()
    {
        // tp's red step tells the handler and every tp/intake over the matter's unit; the complaint is about 东岭镇党政办.
        var inside = await PersonAsync("东岭受理员", app.SectionA, "tp/intake");
        var outside = await PersonAsync("西岭受理员", app.SectionB, "tp/intake");
        var handler = await PersonAsync("西岭承办人", app.SectionB);
        var chief = await PersonAsync("西岭负责人", app.SectionB);
        var id = await OpenAsync("tp", "complaint", new() { ["content"] = "东岭镇党政办窗口推诿" },
            new() { ["about_unit"] = [app.SectionA] }, app.TownA);
        await app.ScopeAsync(async sp =>
        {
            await sp.GetRequiredService<MatterService>().ActAsync(Actor.System("test"), id, "assign",
                new ActInput(Parties: new Dictionary<string, IReadOnlyList<Guid>> { ["handler"] = [handler.Id], ["in_charge"] = [chief.Id] }));
            return true;
        });

        await SweepAfterAsync(25); // past the 5-working-day limit (国庆 may fall inside it): red

        Assert.Contains((await TellingsAsync(outside.Id)).Inbox, m => m.Subject.StartsWith("【红牌】") && m.Link == $"/matters/{id}");
        Assert.Contains((await TellingsAsync(handler.Id)).Inbox, m => m.Subject.StartsWith("【红牌】") && m.Link == $"/matters/{id}");
        var (inbox, outbox) = await TellingsAsync(inside.Id);
        Assert.DoesNotContain(inbox, m => m.Link == $"/matters/{id}");
        Assert.Empty(outbox);
        Assert.False(EmailedTo(inside));
        Assert.Empty(WebhooksFor(inside.Id));
    }
}

public sealed class RecusalNotificationTests_Sqlite(NotifySqliteApp app) : RecusalNotificationTests<NotifySqliteApp>(app);

public sealed class RecusalNotificationTests_Postgres(NotifyPostgresApp app) : RecusalNotificationTests<NotifyPostgresApp>(app);
