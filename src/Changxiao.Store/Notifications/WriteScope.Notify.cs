using Changxiao.Kernel.Notifications;
using Changxiao.Kernel.Rules;

namespace Changxiao.Store;

public sealed partial class WriteScope
{
    /// <summary>The channels configured for this process (set by <see cref="Writer"/>).</summary>
    internal NotificationRoutes Routes { get; init; } = NotificationRoutes.InboxOnly;

    /// <summary>
    /// Tells a person: an inbox message, an email when SMTP is configured and the person has an
    /// address, and one webhook call per configured URL — each a <see cref="NotificationQueued"/> fact
    /// recorded in this command's transaction. That is the outbox: the notifications exist if and only
    /// if the command commits; the dispatcher sends the email and webhook ones afterwards.
    /// </summary>
    /// <returns>The notification ids, inbox first.</returns>
    public IReadOnlyList<Guid> Notify(Guid personId, string subject, string body, string? link = null)
    {
        var person = Db.People.Find(personId) ?? throw new NotFoundException("person", personId.ToString("N"));
        var facts = NotificationDecisions.ForPerson(personId, person.Email, subject, body, link, Routes, Guid.CreateVersion7);
        foreach (var f in facts) Record(f);
        return facts.Select(f => f.Id).ToList();
    }
}
