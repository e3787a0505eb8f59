using System.Text.Json.Nodes;
using Changxiao.Kernel.Access;
using Changxiao.Kernel.Notifications;
using Changxiao.Notifications;
using Changxiao.Store;
using Changxiao.Store.Model;
using Changxiao.Store.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Changxiao.Tests.Notifications;

/// <summary>The outbox end to end: queued with the command, sent by the dispatcher, every step on the journal.</summary>
public abstract class NotificationTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : NotifyApp
{
    private async Task<List<JournalRow>> JournalOf(Guid id)
    {
        await using var db = app.Database.Open();
        var key = id.ToString("N");
        return await db.Journal.AsNoTracking().Where(e => e.EntityType == "notification" && e.EntityId == key).OrderBy(e => e.Seq).ToListAsync();
    }

    private async Task<OutboxRow> OutboxOf(Guid id)
    {
        await using var db = app.Database.Open();
        return await db.Outbox.AsNoTracking().SingleAsync(o => o.Id == id);
    }

    private static JsonNode Data(JournalRow e) => JsonNode.Parse(e.Data)!;

    private long NowMs => app.Time.GetUtcNow().ToUnixTimeMilliseconds();

    [Fact]
    public async Task Notify_QueuesInboxEmailWebhook_InTheCommand_JournaledWithoutTheUrlToken()
    {
        var person = await app.NewPersonAsync("王芳", "wangfang@county.test");
        var ids = await app.NotifyAsync(person, "督办提醒", "请于3个工作日内办结。", "/matters/1");
        Assert.Equal(3, ids.Count);

        await using var db = app.Database.Open();
        var inbox = await db.Inbox.AsNoTracking().SingleAsync(m => m.Id == ids[0]);
        Assert.Equal((person, "督办提醒", "/matters/1", (long?)null), (inbox.PersonId, inbox.Subject, inbox.Link, inbox.ReadAtMs));
        Assert.False(await db.Outbox.AnyAsync(o => o.Id == ids[0])); // the inbox is not sent by anyone: it is delivered already
        var email = await OutboxOf(ids[1]);
        Assert.Equal((NotificationChannel.Email, "wangfang@county.test", NowMs, 0), (email.Channel, email.Address, email.NextAttemptAtMs, email.Attempts));
        var hook = await OutboxOf(ids[2]);
        Assert.Equal(NotificationChannel.Webhook, hook.Channel);
        Assert.Contains(NotifyApp.UrlToken, hook.Address); // the outbox has the full URL …

        var entries = new List<JournalRow>();
        foreach (var id in ids) entries.AddRange(await JournalOf(id));
        Assert.All(entries, e => Assert.Equal("notification.queued", e.Type));
        Assert.Equal(["inbox", "email", "webhook"], entries.Select(e => Data(e)["channel"]!.GetValue<string>()));
        Assert.Equal(person.ToString(), Data(entries[0])["personId"]!.GetValue<string>());
        Assert.Equal("wangfang@county.test", Data(entries[1])["address"]!.GetValue<string>());
        Assert.Equal(app.Hooks.Url.ToString(), Data(entries[2])["address"]!.GetValue<string>());
        Assert.DoesNotContain(entries, e => e.Data.Contains(NotifyApp.UrlToken)); // … the journal does not
        Assert.Equal(entries[0].Seq + 2, entries[2].Seq); // one command, consecutive entries
    }

    [Fact]
    public async Task RefusedCommand_QueuesNothing()
    {
        var person = await app.NewPersonAsync("赵强", "zhaoqiang@county.test");
        await using var before = app.Database.Open();
        var journal = await before.Journal.CountAsync();
        var (inbox, outbox) = (await before.Inbox.CountAsync(), await before.Outbox.CountAsync());
        await Assert.ThrowsAsync<InvalidOperationException>(() => app.ScopeAsync<bool>(sp =>
            sp.GetRequiredService<Writer>().RunAsync<bool>(Actor.System("test"), w =>
            {
                w.Notify(person, "不会发出", "命令被拒绝");
                throw new InvalidOperationException("the command is refused after notifying");
            })));
        await using var after = app.Database.Open();
        Assert.Equal((journal, inbox, outbox), (await after.Journal.CountAsync(), await after.Inbox.CountAsync(), await after.Outbox.CountAsync()));
    }

    [Fact]
    public async Task Email_ChineseSubjectIntact_StableMessageId_Journaled()
    {
        var person = await app.NewPersonAsync("陈静", "chenjing@county.test");
        const string subject = "【督查整改】关于西岭镇人居环境整治问题整改落实情况的提醒：请于3个工作日内办结并上传佐证材料";
        var ids = await app.NotifyAsync(person, subject, "陈静同志：\n您承办的事项即将到期，请及时办理。", "/matters/42");
        var result = await app.NewDispatcher().RunOnceAsync();
        Assert.True(result.Delivered >= 2);

        var mail = Assert.Single(app.Smtp.Messages, m => m.Headers.GetValueOrDefault("Message-ID") == $"<{ids[1]:N}@changxiao.test>");
        Assert.Equal(subject, mail.Subject);
        Assert.Equal(["chenjing@county.test"], mail.To);
        Assert.Equal("notify@changxiao.test", mail.From);
        Assert.Contains("您承办的事项即将到期", mail.Body);
        Assert.Contains("https://cx.example.gov.cn/matters/42", mail.Body);
        Assert.Equal(ids[1].ToString(), mail.Headers["X-Changxiao-Delivery"]);

        var history = await JournalOf(ids[1]);
        Assert.Equal(["notification.queued", "notification.delivered"], history.Select(e => e.Type));
        Assert.Equal(1, Data(history[1])["attempt"]!.GetValue<int>());
        Assert.Equal("email", Data(history[1])["channel"]!.GetValue<string>());
        Assert.StartsWith("notify:dispatcher", history[1].Actor);
        var row = await OutboxOf(ids[1]);
        Assert.Equal((NowMs, (long?)null, 1, (string?)null), (row.DeliveredAtMs, row.NextAttemptAtMs, row.Attempts, row.LeaseOwner));
    }

    [Fact]
    public async Task Webhook_SignedPost_SignatureVerifies_DeliveryIdIsTheNotification()
    {
        var person = await app.NewPersonAsync("刘洋", null); // no email address: inbox and webhook only
        var ids = await app.NotifyAsync(person, "考核结果公示", "2025年度考核结果已公示。", "/assessments/2025");
        Assert.Equal(2, ids.Count);
        await app.NewDispatcher().RunOnceAsync();

        var hit = Assert.Single(app.Hooks.For(ids[1]));
        Assert.Equal("/hook?token=" + NotifyApp.UrlToken, hit.PathAndQuery);
        Assert.Equal(app.Time.GetUtcNow().ToUnixTimeSeconds().ToString(), hit.Timestamp);
        Assert.True(WebhookSignature.Verify(NotifyApp.Secret, hit.Timestamp!, hit.Body, hit.Signature));
        Assert.False(WebhookSignature.Verify("another secret", hit.Timestamp!, hit.Body, hit.Signature));
        Assert.False(WebhookSignature.Verify(NotifyApp.Secret, hit.Timestamp!, hit.Body.Replace("2025", "2024"), hit.Signature));
        // The signature is HMAC-SHA256 over "timestamp.body", computed here independently.
        using var hmac = new System.Security.Cryptography.HMACSHA256(System.Text.Encoding.UTF8.GetBytes(NotifyApp.Secret));
        var expected = "sha256=" + Convert.ToHexStringLower(hmac.ComputeHash(System.Text.Encoding.UTF8.GetBytes(hit.Timestamp + "." + hit.Body)));
        Assert.Equal(expected, hit.Signature);

        var payload = JsonNode.Parse(hit.Body)!;
        Assert.Equal(ids[1].ToString(), payload["id"]!.GetValue<string>());
        Assert.Equal(person.ToString(), payload["personId"]!.GetValue<string>());
        Assert.Equal("考核结果公示", payload["subject"]!.GetValue<string>());
        Assert.Equal("https://cx.example.gov.cn/assessments/2025", payload["link"]!.GetValue<string>());
        Assert.Equal("notification.delivered", (await JournalOf(ids[1]))[^1].Type);
    }

    [Fact]
    public async Task FailedWebhook_RetriedWithExponentialBackoff_EachAttemptJournaled()
    {
        var person = await app.NewPersonAsync("周敏", null);
        var ids = await app.NotifyAsync(person, "逾期预警", "事项已逾期1天。");
        var hook = ids[1];
        app.Hooks.FailTimes[hook.ToString()] = 2;
        var d = app.NewDispatcher();

        var t0 = NowMs;
        await d.RunOnceAsync();
        var row = await OutboxOf(hook);
        Assert.Equal((1, t0 + 60_000, (long?)null), (row.Attempts, row.NextAttemptAtMs, row.DeliveredAtMs));
        Assert.Contains("HTTP 500", row.LastError);

        await d.RunOnceAsync(); // not due yet: nothing is sent
        app.Time.Advance(TimeSpan.FromSeconds(59));
        await d.RunOnceAsync();
        Assert.Single(app.Hooks.For(hook));

        app.Time.Advance(TimeSpan.FromSeconds(1));
        var t1 = NowMs;
        await d.RunOnceAsync(); // second attempt fails: the delay doubles
        Assert.Equal((2, t1 + 120_000), ((await OutboxOf(hook)).Attempts, (await OutboxOf(hook)).NextAttemptAtMs));

        app.Time.Advance(TimeSpan.FromMinutes(2));
        await d.RunOnceAsync();
        Assert.Equal([500, 500, 200], app.Hooks.For(hook).Select(h => h.Status));
        Assert.Single(app.Hooks.For(hook).Select(h => h.Delivery).Distinct());

        var history = await JournalOf(hook);
        Assert.Equal(["notification.queued", "notification.failed", "notification.failed", "notification.delivered"], history.Select(e => e.Type));
        Assert.Equal(t0 + 60_000, Data(history[1])["nextAttemptAtMs"]!.GetValue<long>());
        Assert.Contains("HTTP 500", Data(history[1])["error"]!.GetValue<string>());
        Assert.Equal(3, Data(history[3])["attempt"]!.GetValue<int>());
        row = await OutboxOf(hook);
        Assert.Equal((3, (long?)null, (string?)null), (row.Attempts, row.NextAttemptAtMs, row.LastError));
    }

    [Fact]
    public async Task FailingForever_GivenUpAfterMaxAttempts()
    {
        var person = await app.NewPersonAsync("吴刚", null);
        var hook = (await app.NotifyAsync(person, "问责通知", "请按时报送说明材料。"))[1];
        app.Hooks.FailTimes[hook.ToString()] = 100;
        var d = app.NewDispatcher();
        for (var i = 0; i < 5; i++)
        {
            await d.RunOnceAsync();
            app.Time.Advance(TimeSpan.FromHours(1));
        }
        Assert.Equal(3, app.Hooks.For(hook).Count); // max attempts in the fixture
        var history = await JournalOf(hook);
        Assert.Equal(3, history.Count(e => e.Type == "notification.failed"));
        Assert.Null(Data(history[^1])["nextAttemptAtMs"]);
        var row = await OutboxOf(hook);
        Assert.Equal((3, (long?)null, (long?)null), (row.Attempts, row.NextAttemptAtMs, row.DeliveredAtMs));
    }

    [Fact]
    public async Task SmtpRefusal_RecordedAsFailure_ThenDeliveredOnRetry()
    {
        var person = await app.NewPersonAsync("郑丽", "zhengli@county.test");
        app.Smtp.Reject["zhengli@county.test"] = true;
        var email = (await app.NotifyAsync(person, "诚信档案变更提醒", "您的诚信档案有新记录。"))[1];
        var d = app.NewDispatcher();
        await d.RunOnceAsync();
        var row = await OutboxOf(email);
        Assert.Equal(1, row.Attempts);
        Assert.Contains("SMTP", row.LastError);
        app.Smtp.Reject.TryRemove("zhengli@county.test", out _);
        app.Time.Advance(TimeSpan.FromMinutes(1));
        await d.RunOnceAsync();
        Assert.Single(app.Smtp.Messages, m => m.To.Contains("zhengli@county.test"));
        Assert.Equal(["notification.queued", "notification.failed", "notification.delivered"], (await JournalOf(email)).Select(e => e.Type));
    }

    [Fact]
    public async Task CrashAfterSendingBeforeRecording_SentAgainWithTheSameIdAfterTheLease_RecordedOnce()
    {
        var person = await app.NewPersonAsync("孙磊", null);
        var hook = (await app.NotifyAsync(person, "集体决策会议通知", "定于周五召开党委会。"))[1];

        // Dispatcher A claims the row, sends it, and dies before recording anything.
        var a = app.NewDispatcher();
        var claim = await a.ClaimAsync();
        var row = Assert.Single(claim.Rows, r => r.Id == hook);
        Assert.StartsWith(a.Name, (await OutboxOf(hook)).LeaseOwner);
        await a.SendAsync(row);
        Assert.Single(app.Hooks.For(hook));

        // Dispatcher B finds it leased until A's lease runs out …
        var b = app.NewDispatcher();
        await b.RunOnceAsync();
        Assert.Single(app.Hooks.For(hook));
        Assert.Equal(["notification.queued"], (await JournalOf(hook)).Select(e => e.Type));
        app.Time.Advance(app.Notify.Lease - TimeSpan.FromSeconds(1));
        await b.RunOnceAsync();
        Assert.Single(app.Hooks.For(hook));

        // … then sends it again, with the same delivery id, and records it once.
        app.Time.Advance(TimeSpan.FromSeconds(1));
        await b.RunOnceAsync();
        var hits = app.Hooks.For(hook);
        Assert.Equal(2, hits.Count);
        Assert.All(hits, h => Assert.True(WebhookSignature.Verify(NotifyApp.Secret, h.Timestamp!, h.Body, h.Signature)));
        Assert.Single(hits.Select(h => h.Delivery).Distinct()); // a receiver that dedupes on it sees one
        var history = await JournalOf(hook);
        Assert.Equal(["notification.queued", "notification.delivered"], history.Select(e => e.Type));
        Assert.Equal(1, Data(history[1])["attempt"]!.GetValue<int>());

        // A waking up late and recording its (real) send finds the delivery recorded and adds nothing.
        Assert.Null(await a.DeliverAsync(claim.Owner, row));
        Assert.Equal(2, (await JournalOf(hook)).Count);
        Assert.Equal(3, app.Hooks.For(hook).Count);
    }

    [Fact]
    public async Task TwoDispatchersAtOnce_EachNotificationDeliveredOnce()
    {
        var people = new List<Guid>();
        for (var i = 0; i < 4; i++) people.Add(await app.NewPersonAsync("并发" + i, $"p{i}-{Guid.NewGuid():N}@county.test"));
        var ids = await app.ScopeAsync(sp => sp.GetRequiredService<Writer>().RunAsync(Actor.System("test:notify"), w =>
        {
            var all = new List<Guid>();
            for (var n = 0; n < 5; n++)
                foreach (var p in people) all.AddRange(w.Notify(p, $"第{n}号通知", "并发投递测试"));
            return Task.FromResult(all);
        }));
        await using var db = app.Database.Open();
        var sent = await db.Outbox.AsNoTracking().Where(o => ids.Contains(o.Id)).Select(o => new { o.Id, o.Channel }).ToListAsync();
        Assert.Equal(40, sent.Count); // 20 emails, 20 webhooks

        var small = app.Notify with { BatchSize = 3 };
        var (d1, d2) = (app.NewDispatcher(small), app.NewDispatcher(small));
        var results = await Task.WhenAll(Task.Run(() => d1.RunOnceAsync()), Task.Run(() => d2.RunOnceAsync()));
        Assert.True(results.Sum(r => r.Delivered) >= 40);

        foreach (var o in sent)
        {
            if (o.Channel == NotificationChannel.Webhook) Assert.Single(app.Hooks.For(o.Id));
            else Assert.Single(app.Smtp.Messages, m => m.Headers.GetValueOrDefault("Message-ID") == $"<{o.Id:N}@changxiao.test>");
        }
        var keys = sent.Select(o => o.Id.ToString("N")).ToList();
        var delivered = await db.Journal.AsNoTracking().Where(e => e.Type == "notification.delivered" && keys.Contains(e.EntityId)).ToListAsync();
        Assert.Equal(40, delivered.Count);
        Assert.Equal(40, delivered.Select(e => e.EntityId).Distinct().Count());
        Assert.True((await JournalService.VerifyAsync(db)).Ok);
    }
}

public sealed class NotificationTests_Sqlite(NotifySqliteApp app) : NotificationTests<NotifySqliteApp>(app);

public sealed class NotificationTests_Postgres(NotifyPostgresApp app) : NotificationTests<NotifyPostgresApp>(app);
