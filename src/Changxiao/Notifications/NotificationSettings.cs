using Changxiao.Kernel.Notifications;

namespace Changxiao.Notifications;

/// <param name="EnableSsl">STARTTLS (System.Net.Mail does not speak implicit TLS on port 465: use 587).</param>
public sealed record SmtpSettings(string Host, int Port, string From, string? User, string? Password, bool EnableSsl);

/// <summary>
/// How notifications leave the building. Read from configuration (<c>appsettings.json</c>, or environment
/// variables such as <c>Changxiao__Smtp__Host</c>) and, for each key, the plain environment variable named
/// in brackets:
/// <list type="bullet">
/// <item><c>Changxiao:Smtp:Host</c> [CHANGXIAO_SMTP_HOST] — email is off when empty; <c>Port</c> [CHANGXIAO_SMTP_PORT, 25];
/// <c>From</c> [CHANGXIAO_SMTP_FROM, required with a host]; <c>User</c> [CHANGXIAO_SMTP_USER]; <c>Password</c> [CHANGXIAO_SMTP_PASSWORD];
/// <c>EnableSsl</c> [CHANGXIAO_SMTP_ENABLE_SSL, false].</item>
/// <item><c>Changxiao:Webhooks:Urls</c> [CHANGXIAO_WEBHOOK_URLS] — absolute http(s) URLs, a list or one string separated by
/// commas, semicolons or spaces; <c>Changxiao:Webhooks:Secret</c> [CHANGXIAO_WEBHOOK_SECRET] — required with URLs.</item>
/// <item><c>Changxiao:Notifications:MaxAttempts</c> [CHANGXIAO_NOTIFY_MAX_ATTEMPTS, 8], <c>RetrySeconds</c> (first backoff,
/// doubling; 60), <c>MaxRetrySeconds</c> (21600), <c>LeaseSeconds</c> (300), <c>PollSeconds</c> (5), <c>TimeoutSeconds</c>
/// (per delivery, 20), <c>BatchSize</c> (10), <c>Dispatch</c> (run the dispatcher inside <c>serve</c>; true) — each also
/// CHANGXIAO_NOTIFY_&lt;NAME&gt; in capitals with underscores between words (CHANGXIAO_NOTIFY_RETRY_SECONDS).</item>
/// <item><c>Changxiao:PublicUrl</c> [CHANGXIAO_PUBLIC_URL] — makes relative links in emails and webhooks absolute.</item>
/// </list>
/// </summary>
public sealed record NotificationSettings(
    SmtpSettings? Smtp,
    IReadOnlyList<string> WebhookUrls,
    string? WebhookSecret,
    RetryPolicy Retry,
    TimeSpan Lease,
    TimeSpan PollInterval,
    TimeSpan SendTimeout,
    int BatchSize,
    bool Dispatch,
    string? PublicUrl)
{
    /// <summary>Nothing configured: inbox only, dispatcher idle.</summary>
    public static readonly NotificationSettings None = new(null, [], null, RetryPolicy.Default,
        TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(20), 10, true, null);

    public NotificationRoutes Routes => new(Smtp is not null, WebhookUrls);

    /// <summary>Configuration first, then the plain CHANGXIAO_* environment variables. Throws <see cref="ArgumentException"/> naming a bad setting.</summary>
    public static NotificationSettings From(IConfiguration? config, Func<string, string?>? environment = null)
    {
        var values = new Hosting.SettingValues(config, environment);
        SmtpSettings? smtp = null;
        if (values.Get("Changxiao:Smtp:Host", "CHANGXIAO_SMTP_HOST") is { } host)
        {
            var from = values.Get("Changxiao:Smtp:From", "CHANGXIAO_SMTP_FROM")
                       ?? throw new ArgumentException("Changxiao:Smtp:From (CHANGXIAO_SMTP_FROM): 配置了 SMTP 服务器时必填（发件人地址）");
            try { _ = new System.Net.Mail.MailAddress(from); }
            catch (FormatException) { throw new ArgumentException($"Changxiao:Smtp:From (CHANGXIAO_SMTP_FROM): \"{from}\" 不是有效的邮件地址"); }
            smtp = new SmtpSettings(host, values.Int("Changxiao:Smtp:Port", "CHANGXIAO_SMTP_PORT", 25, 1, 65535), from,
                values.Get("Changxiao:Smtp:User", "CHANGXIAO_SMTP_USER"), values.Get("Changxiao:Smtp:Password", "CHANGXIAO_SMTP_PASSWORD"),
                values.Bool("Changxiao:Smtp:EnableSsl", "CHANGXIAO_SMTP_ENABLE_SSL", false));
        }

        var urls = new List<string>();
        var listed = config?.GetSection("Changxiao:Webhooks:Urls").GetChildren().Select(c => c.Value).Where(v => !string.IsNullOrWhiteSpace(v)).ToList();
        var raw = listed is { Count: > 0 } ? listed! : [values.Get("Changxiao:Webhooks:Urls", "CHANGXIAO_WEBHOOK_URLS")];
        foreach (var part in raw.Where(r => r is not null).SelectMany(r => r!.Split([',', ';', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)))
        {
            if (!Uri.TryCreate(part, UriKind.Absolute, out var u) || (u.Scheme != Uri.UriSchemeHttp && u.Scheme != Uri.UriSchemeHttps))
                throw new ArgumentException($"Changxiao:Webhooks:Urls (CHANGXIAO_WEBHOOK_URLS): \"{NotificationDecisions.RedactUrl(part)}\" 不是 http(s) 地址");
            if (!urls.Contains(part)) urls.Add(part);
        }
        var secret = values.Get("Changxiao:Webhooks:Secret", "CHANGXIAO_WEBHOOK_SECRET");
        if (urls.Count > 0 && secret is null)
            throw new ArgumentException("Changxiao:Webhooks:Secret (CHANGXIAO_WEBHOOK_SECRET): 配置了 Webhook 地址时必填（用于签名）");

        var firstRetry = values.Int("Changxiao:Notifications:RetrySeconds", "CHANGXIAO_NOTIFY_RETRY_SECONDS", 60, 1, 86_400);
        var maxRetry = values.Int("Changxiao:Notifications:MaxRetrySeconds", "CHANGXIAO_NOTIFY_MAX_RETRY_SECONDS", 21_600, firstRetry, 7 * 86_400);
        var publicUrl = values.Get("Changxiao:PublicUrl", "CHANGXIAO_PUBLIC_URL");
        if (publicUrl is not null && !IsWebUrl(publicUrl))
            throw new ArgumentException($"Changxiao:PublicUrl (CHANGXIAO_PUBLIC_URL): \"{publicUrl}\" 不是 http(s) 地址");
        return new NotificationSettings(
            smtp, urls, secret,
            new RetryPolicy(values.Int("Changxiao:Notifications:MaxAttempts", "CHANGXIAO_NOTIFY_MAX_ATTEMPTS", 8, 1, 100),
                TimeSpan.FromSeconds(firstRetry), TimeSpan.FromSeconds(maxRetry)),
            TimeSpan.FromSeconds(values.Int("Changxiao:Notifications:LeaseSeconds", "CHANGXIAO_NOTIFY_LEASE_SECONDS", 300, 10, 86_400)),
            TimeSpan.FromSeconds(values.Int("Changxiao:Notifications:PollSeconds", "CHANGXIAO_NOTIFY_POLL_SECONDS", 5, 1, 3600)),
            TimeSpan.FromSeconds(values.Int("Changxiao:Notifications:TimeoutSeconds", "CHANGXIAO_NOTIFY_TIMEOUT_SECONDS", 20, 1, 600)),
            values.Int("Changxiao:Notifications:BatchSize", "CHANGXIAO_NOTIFY_BATCH_SIZE", 10, 1, 1000),
            values.Bool("Changxiao:Notifications:Dispatch", "CHANGXIAO_NOTIFY_DISPATCH", true),
            publicUrl?.TrimEnd('/'));
    }

    /// <summary>For CLI verbs: appsettings.json beside the executable, environment variables, then CHANGXIAO_*.</summary>
    public static NotificationSettings Load() => From(new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
        .AddEnvironmentVariables()
        .Build());

    /// <summary>A link as it goes out by email or webhook: absolute when <see cref="PublicUrl"/> is set.</summary>
    public string? AbsoluteLink(string? link) =>
        link is null || PublicUrl is null || IsWebUrl(link) ? link : PublicUrl + "/" + link.TrimStart('/');

    // Not Uri.TryCreate(…, Absolute) alone: on Linux "/matters/1" is an absolute file: URI.
    private static bool IsWebUrl(string s) =>
        Uri.TryCreate(s, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps) && !s.StartsWith('/');
}
