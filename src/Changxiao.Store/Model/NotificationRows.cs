using Microsoft.EntityFrameworkCore;

namespace Changxiao.Store.Model;

/// <summary>
/// A notification to be sent by the dispatcher (email, webhook). Written by the Projector from
/// <c>notification.*</c> facts, except the lease columns, which are the dispatcher's own bookkeeping
/// (who is sending it right now) and are never journaled.
/// </summary>
public sealed class OutboxRow
{
    public Guid Id { get; set; }
    public string Channel { get; set; } = "";
    public Guid? PersonId { get; set; }
    /// <summary>Email address or full webhook URL.</summary>
    public string Address { get; set; } = "";
    public string Subject { get; set; } = "";
    public string Body { get; set; } = "";
    public string? Link { get; set; }
    public long CreatedAtMs { get; set; }
    /// <summary>Attempts recorded on the journal (an attempt cut short by a crash is not counted).</summary>
    public int Attempts { get; set; }
    /// <summary>Set while the notification waits to be sent; null once delivered or given up.</summary>
    public long? NextAttemptAtMs { get; set; }
    public long? DeliveredAtMs { get; set; }
    public string? LastError { get; set; }
    public long? LeaseUntilMs { get; set; }
    public string? LeaseOwner { get; set; }
}

/// <summary>A message in a person's in-app inbox. Delivered the moment the command that queued it committed.</summary>
public sealed class InboxRow
{
    public Guid Id { get; set; }
    public Guid PersonId { get; set; }
    public string Subject { get; set; } = "";
    public string Body { get; set; } = "";
    public string? Link { get; set; }
    public long CreatedAtMs { get; set; }
    public long? ReadAtMs { get; set; }
}

internal static class NotificationModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<OutboxRow>(e =>
        {
            e.ToTable("outbox");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.Channel).HasColumnName("channel");
            e.Property(x => x.PersonId).HasColumnName("person_id");
            e.Property(x => x.Address).HasColumnName("address");
            e.Property(x => x.Subject).HasColumnName("subject");
            e.Property(x => x.Body).HasColumnName("body");
            e.Property(x => x.Link).HasColumnName("link");
            e.Property(x => x.CreatedAtMs).HasColumnName("created_at_ms");
            e.Property(x => x.Attempts).HasColumnName("attempts");
            e.Property(x => x.NextAttemptAtMs).HasColumnName("next_attempt_at_ms");
            e.Property(x => x.DeliveredAtMs).HasColumnName("delivered_at_ms");
            e.Property(x => x.LastError).HasColumnName("last_error");
            e.Property(x => x.LeaseUntilMs).HasColumnName("lease_until_ms");
            e.Property(x => x.LeaseOwner).HasColumnName("lease_owner");
        });
        b.Entity<InboxRow>(e =>
        {
            e.ToTable("inbox");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.PersonId).HasColumnName("person_id");
            e.Property(x => x.Subject).HasColumnName("subject");
            e.Property(x => x.Body).HasColumnName("body");
            e.Property(x => x.Link).HasColumnName("link");
            e.Property(x => x.CreatedAtMs).HasColumnName("created_at_ms");
            e.Property(x => x.ReadAtMs).HasColumnName("read_at_ms");
        });
    }
}
