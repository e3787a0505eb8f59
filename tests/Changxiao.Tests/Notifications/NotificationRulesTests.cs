using Changxiao.Kernel.Notifications;
using Changxiao.Kernel.Rules;
using Changxiao.Notifications;
using Microsoft.Extensions.Configuration;

namespace Changxiao.Tests.Notifications;

/// <summary>Routing, backoff, URL redaction, signatures and settings — no server needed.</summary>
public sealed class NotificationRulesTests
{
    private static readonly Guid Person = Guid.NewGuid();

    private static IReadOnlyList<NotificationQueued> For(string? email, NotificationRoutes routes) =>
        NotificationDecisions.ForPerson(Person, email, "主题", "正文", null, routes, Guid.CreateVersion7);

    [Fact]
    public void Routes_InboxAlways_EmailOnlyWithSmtpAndAnAddress_OnePerWebhook()
    {
        Assert.Equal(["inbox"], For("a@b.cn", NotificationRoutes.InboxOnly).Select(f => f.Channel));
        Assert.Equal(["inbox", "email"], For("a@b.cn", new(true, [])).Select(f => f.Channel));
        Assert.Equal(["inbox"], For(null, new(true, [])).Select(f => f.Channel));
        Assert.Equal(["inbox"], For("not an address", new(true, [])).Select(f => f.Channel));
        var facts = For("a@b.cn", new(true, ["https://h1.example/x?access_token=T", "https://h2.example/y"]));
        Assert.Equal(["inbox", "email", "webhook", "webhook"], facts.Select(f => f.Channel));
        Assert.Equal(("https://h1.example/x", "https://h1.example/x?access_token=T"), (facts[2].Address, facts[2].DeliverTo));
        Assert.Equal(("https://h2.example/y", (string?)null), (facts[3].Address, facts[3].DeliverTo));
        Assert.Equal(4, facts.Select(f => f.Id).Distinct().Count());
        Assert.DoesNotContain("access_token", Kernel.Journal.CanonicalJson.SerializeFact(facts[2]));
    }

    [Fact]
    public void Subject_RequiredOneLineAndBounded()
    {
        var e = Assert.Throws<FieldErrorsException>(() => NotificationDecisions.ForPerson(Person, null, " ", "x", null, NotificationRoutes.InboxOnly, Guid.NewGuid));
        Assert.Contains("subject", e.Errors.Keys);
        Assert.Throws<FieldErrorsException>(() => NotificationDecisions.ForPerson(Person, null, "a\r\nBcc: x@y", "x", null, NotificationRoutes.InboxOnly, Guid.NewGuid));
        Assert.Throws<FieldErrorsException>(() => NotificationDecisions.ForPerson(Person, null, new string('长', 201), "x", null, NotificationRoutes.InboxOnly, Guid.NewGuid));
    }

    [Fact]
    public void Backoff_DoublesUpToTheCap_ThenGivesUp()
    {
        var p = new RetryPolicy(6, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5));
        Assert.Equal([60_000L, 120_000, 240_000, 300_000, 300_000], Enumerable.Range(1, 5).Select(a => p.NextAttemptAtMs(a, 0)!.Value));
        Assert.Null(p.NextAttemptAtMs(6, 0));
        var failed = NotificationDecisions.Failed(Guid.NewGuid(), 1, "line one\r\nline two " + new string('x', 600), 1000, p);
        Assert.Equal(NotificationDecisions.MaxError, failed.Error.Length);
        Assert.StartsWith("line one line two", failed.Error);
        Assert.Equal(61_000, failed.NextAttemptAtMs);
    }

    [Fact]
    public void Signature_IsHmacSha256OverTimestampDotBody()
    {
        // Reference value computed with: printf '1758852000.{"a":1}' | openssl dgst -sha256 -hmac secret
        Assert.Equal("sha256=6c694bd7dd3833e141ed8016cd7a089cab3b6666bd7dc01163c4f19fb47c6c89",
            WebhookSignature.Sign("secret", "1758852000", "{\"a\":1}"));
        Assert.True(WebhookSignature.Verify("secret", "1758852000", "{\"a\":1}", WebhookSignature.Sign("secret", "1758852000", "{\"a\":1}")));
        Assert.False(WebhookSignature.Verify("secret", "1758852001", "{\"a\":1}", WebhookSignature.Sign("secret", "1758852000", "{\"a\":1}")));
        Assert.False(WebhookSignature.Verify("secret", "1", "b", null));
    }

    private static NotificationSettings Settings(Dictionary<string, string?> config, Dictionary<string, string>? env = null) =>
        NotificationSettings.From(new ConfigurationBuilder().AddInMemoryCollection(config).Build(), k => env?.GetValueOrDefault(k));

    [Fact]
    public void Settings_NothingConfigured_InboxOnly()
    {
        var s = Settings([]);
        Assert.Null(s.Smtp);
        Assert.Empty(s.WebhookUrls);
        Assert.Equal(NotificationRoutes.InboxOnly.Email, s.Routes.Email);
        Assert.Equal(8, s.Retry.MaxAttempts);
        Assert.True(s.Dispatch);
    }

    [Fact]
    public void Settings_ConfigKeysThenPlainEnvironment()
    {
        var s = Settings(new() { ["Changxiao:Smtp:Host"] = "smtp.gov.cn", ["Changxiao:Smtp:Port"] = "587", ["Changxiao:Webhooks:Urls:0"] = "https://a.example/h" },
            new()
            {
                ["CHANGXIAO_SMTP_HOST"] = "ignored.example", ["CHANGXIAO_SMTP_FROM"] = "noreply@gov.cn", ["CHANGXIAO_SMTP_ENABLE_SSL"] = "true",
                ["CHANGXIAO_WEBHOOK_SECRET"] = "k", ["CHANGXIAO_NOTIFY_MAX_ATTEMPTS"] = "3", ["CHANGXIAO_NOTIFY_RETRY_SECONDS"] = "30",
            });
        Assert.Equal(new SmtpSettings("smtp.gov.cn", 587, "noreply@gov.cn", null, null, true), s.Smtp);
        Assert.Equal(["https://a.example/h"], s.WebhookUrls);
        Assert.Equal((3, TimeSpan.FromSeconds(30)), (s.Retry.MaxAttempts, s.Retry.FirstDelay));
        Assert.True(s.Routes.Email);

        var env = Settings([], new() { ["CHANGXIAO_WEBHOOK_URLS"] = "https://a.example/1, https://b.example/2", ["CHANGXIAO_WEBHOOK_SECRET"] = "k" });
        Assert.Equal(["https://a.example/1", "https://b.example/2"], env.WebhookUrls);
    }

    [Theory]
    [InlineData("Changxiao:Smtp:Host", "smtp.gov.cn", "Changxiao:Smtp:From")]
    [InlineData("Changxiao:Webhooks:Urls", "https://a.example/h", "Changxiao:Webhooks:Secret")]
    [InlineData("Changxiao:Webhooks:Urls", "ftp://a.example/h", "Changxiao:Webhooks:Urls")]
    [InlineData("Changxiao:Notifications:MaxAttempts", "zero", "Changxiao:Notifications:MaxAttempts")]
    public void Settings_Bad_ArgumentExceptionNamesTheSetting(string key, string value, string named)
    {
        var e = Assert.Throws<ArgumentException>(() => Settings(new() { [key] = value }));
        Assert.Contains(named, e.Message);
    }

    [Fact]
    public void MessageId_StableFromTheNotificationId()
    {
        var id = Guid.Parse("0199a0b2-1111-7222-8333-444455556666");
        Assert.Equal("<0199a0b2111172228333444455556666@gov.cn>", EmailSender.MessageId(id, "noreply@gov.cn"));
        Assert.Equal(EmailSender.MessageId(id, "noreply@gov.cn"), EmailSender.MessageId(id, "noreply@gov.cn"));
    }

    [Fact]
    public void PublicUrl_MakesRelativeLinksAbsolute()
    {
        var s = NotificationSettings.None with { PublicUrl = "https://cx.gov.cn" };
        Assert.Equal("https://cx.gov.cn/matters/1", s.AbsoluteLink("/matters/1"));
        Assert.Equal("https://other.example/x", s.AbsoluteLink("https://other.example/x"));
        Assert.Null(s.AbsoluteLink(null));
        Assert.Equal("/matters/1", NotificationSettings.None.AbsoluteLink("/matters/1"));
    }
}
