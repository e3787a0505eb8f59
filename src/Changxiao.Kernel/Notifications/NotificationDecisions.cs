using System.Security.Cryptography;
using System.Text;
using Changxiao.Kernel.Rules;

namespace Changxiao.Kernel.Notifications;

/// <summary>
/// Which channels a notification to a person goes out on, as configured: the inbox always, email when
/// SMTP is configured (and the person has an address), one per configured webhook URL.
/// </summary>
public sealed record NotificationRoutes(bool Email, IReadOnlyList<string> Webhooks)
{
    public static readonly NotificationRoutes InboxOnly = new(false, []);
}

/// <summary>How often and how late a failed delivery is tried again: exponential backoff, then give up.</summary>
public sealed record RetryPolicy(int MaxAttempts, TimeSpan FirstDelay, TimeSpan MaxDelay)
{
    public static readonly RetryPolicy Default = new(8, TimeSpan.FromMinutes(1), TimeSpan.FromHours(6));

    /// <summary>When attempt <paramref name="attempt"/> (1-based) failed at <paramref name="nowMs"/>: the next try, or null to give up.</summary>
    public long? NextAttemptAtMs(int attempt, long nowMs)
    {
        if (attempt >= MaxAttempts) return null;
        var factor = Math.Pow(2, Math.Clamp(attempt - 1, 0, 40));
        var delayMs = Math.Min(FirstDelay.TotalMilliseconds * factor, MaxDelay.TotalMilliseconds);
        return nowMs + (long)delayMs;
    }
}

public static class NotificationDecisions
{
    public const int MaxSubject = 200;
    public const int MaxBody = 10_000;
    public const int MaxLink = 1000;
    public const int MaxError = 500;

    /// <summary>What a webhook call about a matter says instead of the matter's own subject and body.</summary>
    public const string WebhookMatterSubject = "您有一条新的事项提醒";

    public const string WebhookMatterBody = "详情请登录系统查看。";

    /// <summary>
    /// The facts that notify one person: inbox first, then email, then each webhook. The inbox and email reach the
    /// person alone; a webhook URL reaches whatever is behind it (a group chat robot, another system), where people
    /// recused from the matter may read along — so a webhook call <paramref name="aboutMatter"/> names no matter: it
    /// carries a neutral text and the link (which opens only for someone who may see the matter) and the person it is for.
    /// </summary>
    public static IReadOnlyList<NotificationQueued> ForPerson(
        Guid personId, string? email, string? subject, string? body, string? link, NotificationRoutes routes, Func<Guid> newId, bool aboutMatter = false)
    {
        new Check.Fields()
            .Required("subject", subject, MaxSubject)
            .Optional("body", body, MaxBody, multiline: true)
            .Optional("link", link, MaxLink)
            .When(subject is not null && (subject.Contains('\r') || subject.Contains('\n')), "subject", "不能换行")
            .ThrowIfAny();
        var s = subject!.Trim();
        var b = body ?? "";
        var l = string.IsNullOrWhiteSpace(link) ? null : link.Trim();
        var facts = new List<NotificationQueued> { new(newId(), personId, NotificationChannel.Inbox, s, b, l, null) };
        if (routes.Email && IsEmailAddress(email))
            facts.Add(new(newId(), personId, NotificationChannel.Email, s, b, l, email!.Trim()));
        foreach (var url in routes.Webhooks)
        {
            var shown = RedactUrl(url);
            facts.Add(aboutMatter
                ? new(newId(), personId, NotificationChannel.Webhook, WebhookMatterSubject, WebhookMatterBody, l, shown, shown == url ? null : url)
                : new(newId(), personId, NotificationChannel.Webhook, s, b, l, shown, shown == url ? null : url));
        }
        return facts;
    }

    /// <summary>A failed attempt: the error cut to one line of at most <see cref="MaxError"/> characters, the next try by the policy.</summary>
    public static NotificationFailed Failed(Guid id, int attempt, string error, long nowMs, RetryPolicy policy)
    {
        var line = string.Join(' ', (error ?? "").Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        if (line.Length == 0) line = "unknown error";
        if (line.Length > MaxError) line = line[..MaxError];
        return new NotificationFailed(id, attempt, line, policy.NextAttemptAtMs(attempt, nowMs));
    }

    /// <summary>Good enough to hand to SMTP: one '@' with text on both sides, no whitespace or control characters.</summary>
    public static bool IsEmailAddress(string? email)
    {
        if (string.IsNullOrWhiteSpace(email)) return false;
        var e = email.Trim();
        var at = e.IndexOf('@');
        return at > 0 && at == e.LastIndexOf('@') && at < e.Length - 1 && !e.Any(c => char.IsWhiteSpace(c) || char.IsControl(c));
    }

    /// <summary>A webhook URL as it may be shown and journaled: scheme, host, port and path (no credentials, query or fragment).</summary>
    public static string RedactUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var u)) return "(invalid url)";
        return u.GetComponents(UriComponents.Scheme | UriComponents.Host | UriComponents.Port | UriComponents.Path, UriFormat.UriEscaped);
    }
}

/// <summary>
/// Webhook signatures: <c>X-Changxiao-Signature: sha256=HEX</c>, the HMAC-SHA256 with the shared secret over
/// <c>"{X-Changxiao-Timestamp}.{body}"</c> (UTF-8). Receivers recompute it, compare in constant time, reject
/// stale timestamps, and dedupe on <c>X-Changxiao-Delivery</c>.
/// </summary>
public static class WebhookSignature
{
    public const string DeliveryHeader = "X-Changxiao-Delivery";
    public const string TimestampHeader = "X-Changxiao-Timestamp";
    public const string SignatureHeader = "X-Changxiao-Signature";

    public static string Sign(string secret, string timestamp, string body)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "." + body));
        return "sha256=" + Convert.ToHexStringLower(mac);
    }

    public static bool Verify(string secret, string timestamp, string body, string? signature) =>
        signature is not null && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Sign(secret, timestamp, body)), Encoding.ASCII.GetBytes(signature));
}
