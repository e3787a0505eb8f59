using Changxiao.Kernel.Matters;
using Changxiao.Kernel.Notifications;
using Changxiao.Kernel.Rules;
using Changxiao.Store.Matters;
using Changxiao.Store.Model;
using Microsoft.EntityFrameworkCore;

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
    /// A notification about a matter goes through <see cref="NotifyAboutMatterAsync"/> instead.
    /// </summary>
    /// <returns>The notification ids, inbox first.</returns>
    public IReadOnlyList<Guid> Notify(Guid personId, string subject, string body, string? link = null) =>
        Queue(PersonOf(personId), subject, body, link, aboutMatter: false);

    /// <summary>
    /// Tells people about a matter, on every channel <see cref="Notify"/> uses — except anyone recused from it: a person in
    /// a recused party (the subject), or one who works in or under a recused unit party. This is the one place every
    /// recipient list about a matter passes (people a ladder names, holders of the roles it names), and it asks the rule
    /// the read path asks (<see cref="MatterEngine.CanSee"/>), so whoever may not open the matter is not told of it either.
    /// Webhook calls carry no matter content (see <see cref="NotificationDecisions.ForPerson"/>).
    /// </summary>
    /// <param name="snapshot">The matter as the caller has it in hand (the sweep's batch), else read here.</param>
    /// <returns>The people told (the recused left out), in the order given.</returns>
    public async Task<IReadOnlyList<Guid>> NotifyAboutMatterAsync(
        Guid matterId, IEnumerable<Guid> people, string subject, string body, string? link, MatterSnapshot? snapshot = null, CancellationToken ct = default)
    {
        var candidates = people.Distinct().ToList();
        if (candidates.Count == 0) return [];
        var (matter, pack) = snapshot is not null ? (snapshot, Packs.Get(snapshot.PackId, snapshot.PackVersion)) : await MatterForRecusalAsync(matterId, ct);
        var told = new List<Guid>();
        foreach (var id in candidates)
        {
            var person = PersonOf(id);
            var home = Db.Units.Find(person.UnitId)?.Path; // Find: people and units read once per command
            var acting = ActingAs.Person(person.Id, person.Name) with { HomeUnits = Kernel.Org.UnitPath.Ids(home) };
            if (!MatterEngine.CanSee(matter, pack, acting)) continue;
            Queue(person, subject, body, link, aboutMatter: true);
            told.Add(id);
        }
        return told;
    }

    private PersonRow PersonOf(Guid personId) =>
        Db.People.Find(personId) ?? throw new NotFoundException("person", personId.ToString("N"));

    private IReadOnlyList<Guid> Queue(PersonRow person, string subject, string body, string? link, bool aboutMatter)
    {
        var facts = NotificationDecisions.ForPerson(person.Id, person.Email, subject, body, link, Routes, Guid.CreateVersion7, aboutMatter);
        foreach (var f in facts) Record(f);
        return facts.Select(f => f.Id).ToList();
    }

    /// <summary>
    /// The matter as this command sees it: the tracked row when the command has changed it (its parties may have just
    /// changed), else the stored one — the sweep's batch path writes its rows in bulk later, but a sweep never changes parties.
    /// </summary>
    private async Task<(MatterSnapshot Snapshot, Kernel.Packs.Pack Pack)> MatterForRecusalAsync(Guid matterId, CancellationToken ct)
    {
        var set = Db.Set<MatterRow>();
        var row = set.Local.FindEntry(matterId)?.Entity
                  ?? await set.AsNoTracking().FirstOrDefaultAsync(m => m.Id == matterId, ct)
                  ?? throw new NotFoundException("matter", matterId.ToString("N"));
        return (MatterSnapshotJson.Read(row.Snapshot), Packs.Get(row.PackId, row.PackVersion));
    }
}
