using Changxiao.Kernel.Access;
using Changxiao.Kernel.Notifications;
using Changxiao.Kernel.Org;
using Changxiao.Notifications;
using Changxiao.Store;
using Changxiao.Store.Services;
using Changxiao.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Changxiao.Tests.Notifications;

/// <summary>
/// The test server with email going to an in-process SMTP sink and one webhook to an in-process receiver
/// (its URL carries an access token that must never reach the journal). The background dispatcher is off:
/// tests run passes themselves, with the fixture's manual clock.
/// </summary>
public abstract class NotifyApp : TestApp
{
    public const string Secret = "测试-webhook-secret";
    public const string UrlToken = "s3cret-access-token";
    public const string From = "长效通知 <notify@changxiao.test>";

    public SmtpSink Smtp { get; private set; } = null!;
    public WebhookReceiver Hooks { get; private set; } = null!;
    public NotificationSettings Notify { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Smtp = SmtpSink.Start();
        Hooks = await WebhookReceiver.StartAsync();
        Notify = NotificationSettings.None with
        {
            Smtp = new SmtpSettings("127.0.0.1", Smtp.Port, From, null, null, false),
            WebhookUrls = [Hooks.Url + "?token=" + UrlToken],
            WebhookSecret = Secret,
            Retry = new RetryPolicy(3, TimeSpan.FromMinutes(1), TimeSpan.FromHours(1)),
            SendTimeout = TimeSpan.FromSeconds(10),
            Dispatch = false,
            PublicUrl = "https://cx.example.gov.cn",
        };
        Notify = Adjust(Notify);
        await base.InitializeAsync();
    }

    /// <summary>Lets a derived fixture change the notification settings before the server starts.</summary>
    protected virtual NotificationSettings Adjust(NotificationSettings settings) => settings;

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton(Notify);
        // The https PublicUrl is for the links in messages; the tests' clients reach the server directly over http, where a
        // Secure session cookie (what an https PublicUrl asks for, behind a proxy) would not be sent back.
        services.PostConfigure<Microsoft.AspNetCore.Builder.CookiePolicyOptions>(o => o.Secure = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Hooks.DisposeAsync();
        Smtp.Dispose();
    }

    /// <summary>A dispatcher of its own (another process, as far as leases go); settings default to the fixture's.</summary>
    public NotificationDispatcher NewDispatcher(NotificationSettings? settings = null)
    {
        var s = settings ?? Notify;
        return ActivatorUtilities.CreateInstance<NotificationDispatcher>(App.Services, s, new EmailSender(s), new WebhookSender(s, Time));
    }

    /// <summary>A new person in 东岭镇党政办 with an email address.</summary>
    public Task<Guid> NewPersonAsync(string name, string? email) => ScopeAsync(async sp =>
    {
        var code = "N" + Guid.NewGuid().ToString("N")[..10];
        var p = await sp.GetRequiredService<OrgService>().CreatePersonAsync(Actor.System("test"), new PersonInput(code, name, SectionA, null, email));
        return p.Id;
    });

    /// <summary>Queues a notification to a person the way a mechanism would: inside a command.</summary>
    public Task<IReadOnlyList<Guid>> NotifyAsync(Guid personId, string subject, string body, string? link = null) =>
        ScopeAsync(sp => sp.GetRequiredService<Writer>().RunAsync(Actor.System("test:notify"),
            w => Task.FromResult(w.Notify(personId, subject, body, link))));
}

public sealed class NotifySqliteApp : NotifyApp
{
    protected override DbKind Kind => DbKind.Sqlite;
}

public sealed class NotifyPostgresApp : NotifyApp
{
    protected override DbKind Kind => DbKind.Postgres;
}

/// <summary>The same, with the background dispatcher running inside the server every 100 ms.</summary>
public sealed class NotifyWorkerApp : NotifyApp
{
    protected override DbKind Kind => DbKind.Sqlite;

    protected override NotificationSettings Adjust(NotificationSettings settings) =>
        settings with { Dispatch = true, PollInterval = TimeSpan.FromMilliseconds(100) };
}
