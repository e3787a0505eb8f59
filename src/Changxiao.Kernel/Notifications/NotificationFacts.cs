using System.Text.Json.Serialization;
using Changxiao.Kernel.Journal;

namespace Changxiao.Kernel.Notifications;

/// <summary>Where a notification goes. Names are stable: they are on the journal and in the outbox.</summary>
public static class NotificationChannel
{
    /// <summary>The person's in-app inbox: delivered the moment the command that queues it commits.</summary>
    public const string Inbox = "inbox";

    /// <summary>An email to the person's address, sent by the dispatcher through SMTP.</summary>
    public const string Email = "email";

    /// <summary>A signed JSON POST to a configured URL, sent by the dispatcher.</summary>
    public const string Webhook = "webhook";

    public static readonly IReadOnlyList<string> All = [Inbox, Email, Webhook];

    public static bool IsValid(string? channel) => channel is Inbox or Email or Webhook;
}

// Who was told what, when, and through which channel is part of the record ("a warning ladder …
// with who was told and when"), so every step of a notification is a fact on the journal.

/// <summary>
/// A notification was queued in the same transaction as the command that caused it (the outbox):
/// it exists if and only if that command committed. One fact per channel.
/// </summary>
/// <param name="Address">The email address, or the webhook URL with any credentials, query and fragment removed.</param>
/// <param name="DeliverTo">The full webhook URL when it differs from <paramref name="Address"/> (it may carry an
/// access token): it reaches the outbox but never the journal.</param>
public sealed record NotificationQueued(
    Guid Id, Guid? PersonId, string Channel, string Subject, string Body, string? Link, string? Address,
    [property: JsonIgnore] string? DeliverTo = null) : IFact
{
    public string Type => "notification.queued";
    public string EntityType => "notification";
    public Guid EntityId => Id;
}

/// <summary>The dispatcher handed the notification over (SMTP accepted it, the webhook answered 2xx).</summary>
public sealed record NotificationDelivered(Guid Id, string Channel, int Attempt) : IFact
{
    public string Type => "notification.delivered";
    public string EntityType => "notification";
    public Guid EntityId => Id;
}

/// <summary>An attempt failed; the next one is due at <paramref name="NextAttemptAtMs"/>, or never (null: given up).</summary>
public sealed record NotificationFailed(Guid Id, int Attempt, string Error, long? NextAttemptAtMs) : IFact
{
    public string Type => "notification.failed";
    public string EntityType => "notification";
    public Guid EntityId => Id;
}

/// <summary>The person opened an inbox message.</summary>
public sealed record NotificationRead(Guid Id, Guid PersonId) : IFact
{
    public string Type => "notification.read";
    public string EntityType => "notification";
    public Guid EntityId => Id;
}
