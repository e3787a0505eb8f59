using Changxiao.Kernel.Access;
using Changxiao.Kernel.Notifications;
using Changxiao.Store;
using Changxiao.Store.Model;
using Changxiao.Store.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Changxiao.Notifications;

/// <summary>What one pass did.</summary>
public sealed record DispatchResult(int Claimed, int Delivered, int Failed, int GivenUp);

/// <summary>One batch of outbox rows leased to one dispatcher.</summary>
public sealed record OutboxClaim(string Owner, IReadOnlyList<OutboxRow> Rows);

/// <summary>
/// Sends what the outbox holds. A pass claims due rows with a lease, sends each one, and records
/// <see cref="NotificationDelivered"/> or <see cref="NotificationFailed"/> (with the next try by exponential
/// backoff, or none after the last attempt) through the <see cref="Writer"/>.
/// <para>
/// Delivery is at-least-once with a stable id: a dispatcher that dies after sending but before recording
/// leaves its lease to run out, and the next pass sends again with the same id (<c>X-Changxiao-Delivery</c>,
/// <c>Message-ID</c>). "Neither lost nor duplicated" therefore means: a notification is queued if and only if its
/// command committed (the outbox is written in the command's transaction), is sent until it is delivered or
/// given up, and a receiver that dedupes on the id sees it once. The inbox is exactly-once: it is written in the
/// command's own transaction. See docs/decisions/0004-notifications-outbox.md.
/// </para>
/// </summary>
public sealed class NotificationDispatcher(
    IServiceScopeFactory scopes, TimeProvider clock, NotificationSettings settings,
    EmailSender email, WebhookSender webhook, ILogger<NotificationDispatcher> log)
{
    private static readonly Actor DispatcherActor = Actor.System("notify:dispatcher");
    private long _claims;

    /// <summary>This dispatcher's name in lease_owner: host, process and a random tag.</summary>
    public string Name { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>Claims and sends batch after batch until nothing is due.</summary>
    public async Task<DispatchResult> RunOnceAsync(CancellationToken ct = default)
    {
        int claimed = 0, delivered = 0, failed = 0, givenUp = 0;
        // A row failed in this pass is not due again before its backoff; the cap only guards against a clock that stands still with a zero backoff.
        for (var batch = 0; batch < 1000; batch++)
        {
            var claim = await ClaimAsync(ct);
            if (claim.Rows.Count == 0) break;
            claimed += claim.Rows.Count;
            foreach (var row in claim.Rows)
            {
                switch (await DeliverAsync(claim.Owner, row, ct))
                {
                    case NotificationDelivered: delivered++; break;
                    case NotificationFailed { NextAttemptAtMs: null }: failed++; givenUp++; break;
                    case NotificationFailed: failed++; break;
                }
            }
        }
        if (claimed > 0)
            log.LogInformation("notifications: {Claimed} claimed, {Delivered} delivered, {Failed} failed ({GivenUp} given up)", claimed, delivered, failed, givenUp);
        return new DispatchResult(claimed, delivered, failed, givenUp);
    }

    /// <summary>Leases the next batch of due rows to this dispatcher.</summary>
    public async Task<OutboxClaim> ClaimAsync(CancellationToken ct = default)
    {
        var owner = $"{Name}:{Interlocked.Increment(ref _claims)}";
        using var scope = scopes.CreateScope();
        var outbox = new Outbox(scope.ServiceProvider.GetRequiredService<ChangxiaoDb>());
        var rows = await outbox.ClaimAsync(owner, clock.GetUtcNow().ToUnixTimeMilliseconds(), settings.Lease, settings.BatchSize, ct);
        return new OutboxClaim(owner, rows);
    }

    /// <summary>Sends one row and records the outcome; returns the fact recorded (null if another dispatcher got there first).</summary>
    public async Task<Kernel.Journal.IFact?> DeliverAsync(string owner, OutboxRow row, CancellationToken ct = default)
    {
        Exception? error = null;
        try
        {
            await SendAsync(row, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw; // shutting down: the lease runs out and the row is sent again, with the same id
        }
        catch (Exception e)
        {
            error = e;
            log.LogWarning("notification {Id} ({Channel}) attempt {Attempt} failed: {Error}", row.Id, row.Channel, row.Attempts + 1, e.Message);
        }
        // Recorded even while shutting down: the send has happened, and the record is what prevents a resend.
        return await RecordAsync(owner, row.Id, error, CancellationToken.None);
    }

    /// <summary>Sends without recording anything (a pass does both; tests use this alone to simulate a crash).</summary>
    public Task SendAsync(OutboxRow row, CancellationToken ct = default) => row.Channel switch
    {
        NotificationChannel.Email => email.SendAsync(row, ct),
        NotificationChannel.Webhook => webhook.SendAsync(row, ct),
        _ => throw new DeliveryException($"未知的通知渠道：{row.Channel}"),
    };

    private async Task<Kernel.Journal.IFact?> RecordAsync(string owner, Guid id, Exception? error, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var writer = scope.ServiceProvider.GetRequiredService<Writer>();
        return await writer.RunAsync<Kernel.Journal.IFact?>(DispatcherActor, async w =>
        {
            // Inside the write transaction (appends are serialised), so the check and the record are one step.
            var o = await w.Db.Outbox.FirstOrDefaultAsync(x => x.Id == id, ct);
            if (o is null || o.DeliveredAtMs is not null) return null; // someone else recorded the delivery
            var attempt = o.Attempts + 1;
            Kernel.Journal.IFact fact;
            if (error is null) fact = new NotificationDelivered(o.Id, o.Channel, attempt);
            else if (o.LeaseOwner != owner || o.NextAttemptAtMs is null) return null; // our lease ran out and another dispatcher took over
            else fact = NotificationDecisions.Failed(o.Id, attempt, error.Message, w.NowMs, settings.Retry);
            w.Record(fact);
            return fact;
        }, ct);
    }
}

/// <summary>Runs dispatch passes inside <c>serve</c> every <see cref="NotificationSettings.PollInterval"/> (unless Dispatch is off).</summary>
public sealed class NotificationWorker(NotificationDispatcher dispatcher, NotificationSettings settings, ILogger<NotificationWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.Dispatch) return;
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await dispatcher.RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogWarning(e, "notification dispatch pass failed; trying again in {Seconds} s", settings.PollInterval.TotalSeconds);
            }
            try
            {
                await Task.Delay(settings.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

public static class NotificationSetup
{
    /// <summary>
    /// The notification settings, the routes <see cref="WriteScope.Notify"/> uses, the senders and the dispatcher;
    /// with <paramref name="worker"/>, the background worker that runs passes inside the web server.
    /// </summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services, NotificationSettings settings, bool worker)
    {
        services.AddSingleton(settings);
        // Resolved through the settings, so a test that replaces NotificationSettings replaces the routes too.
        services.AddSingleton(sp => sp.GetRequiredService<NotificationSettings>().Routes);
        services.AddSingleton<EmailSender>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<NotificationDispatcher>();
        if (worker) services.AddHostedService<NotificationWorker>();
        return services;
    }
}
