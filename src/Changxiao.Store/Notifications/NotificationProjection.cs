using Changxiao.Kernel.Journal;
using Changxiao.Kernel.Notifications;
using Changxiao.Store.Model;

namespace Changxiao.Store.Notifications;

/// <summary>The <c>notification.*</c> cases of <see cref="Projector"/>: inbox messages and outbox rows.</summary>
internal static class NotificationProjection
{
    public static void Apply(ChangxiaoDb db, IFact fact, long atMs)
    {
        switch (fact)
        {
            case NotificationQueued f when f.Channel == NotificationChannel.Inbox:
                // The inbox is the delivery: written in the command's own transaction, so exactly once.
                db.Inbox.Add(new InboxRow
                {
                    Id = f.Id, PersonId = f.PersonId ?? throw new InvalidOperationException($"inbox notification {f.Id:N} without a person"),
                    Subject = f.Subject, Body = f.Body, Link = f.Link, CreatedAtMs = atMs,
                });
                break;
            case NotificationQueued f:
                db.Outbox.Add(new OutboxRow
                {
                    Id = f.Id, Channel = f.Channel, PersonId = f.PersonId, Address = f.DeliverTo ?? f.Address ?? "",
                    Subject = f.Subject, Body = f.Body, Link = f.Link, CreatedAtMs = atMs, NextAttemptAtMs = atMs,
                });
                break;
            case NotificationDelivered f:
            {
                var o = Outbox(db, f.Id);
                (o.Attempts, o.DeliveredAtMs, o.NextAttemptAtMs, o.LastError, o.LeaseOwner, o.LeaseUntilMs) = (f.Attempt, atMs, null, null, null, null);
                break;
            }
            case NotificationFailed f:
            {
                var o = Outbox(db, f.Id);
                (o.Attempts, o.LastError, o.NextAttemptAtMs, o.LeaseOwner, o.LeaseUntilMs) = (f.Attempt, f.Error, f.NextAttemptAtMs, null, null);
                break;
            }
            case NotificationRead f:
                (db.Inbox.Find(f.Id) ?? throw new InvalidOperationException($"inbox message {f.Id:N} missing during projection")).ReadAtMs = atMs;
                break;
            default:
                throw new InvalidOperationException($"No projection for fact {fact.Type}");
        }
    }

    private static OutboxRow Outbox(ChangxiaoDb db, Guid id) =>
        db.Outbox.Find(id) ?? throw new InvalidOperationException($"outbox row {id:N} missing during projection");
}
