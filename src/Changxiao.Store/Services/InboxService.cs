using Changxiao.Kernel.Access;
using Changxiao.Kernel.Notifications;
using Changxiao.Kernel.Rules;
using Changxiao.Store.Model;
using Microsoft.EntityFrameworkCore;

namespace Changxiao.Store.Services;

/// <summary>
/// A person's own inbox. Nobody else's messages are reachable, whatever their roles: another person's
/// message is "not found".
/// </summary>
public sealed class InboxService(ChangxiaoDb db, Writer writer)
{
    private IQueryable<InboxRow> Mine(Actor actor) =>
        actor.PersonId is { } pid ? db.Inbox.AsNoTracking().Where(m => m.PersonId == pid) : db.Inbox.AsNoTracking().Where(_ => false);

    /// <summary>Newest first.</summary>
    public async Task<(IReadOnlyList<InboxRow> Items, long Total)> ListAsync(Actor actor, bool unreadOnly, int page, int pageSize, CancellationToken ct = default)
    {
        var q = Mine(actor);
        if (unreadOnly) q = q.Where(m => m.ReadAtMs == null);
        var size = Math.Clamp(pageSize, 1, 200);
        var total = await q.LongCountAsync(ct);
        var items = await q.OrderByDescending(m => m.CreatedAtMs).ThenByDescending(m => m.Id)
            .Skip((Math.Max(page, 1) - 1) * size).Take(size).ToListAsync(ct);
        return (items, total);
    }

    public Task<int> UnreadCountAsync(Actor actor, CancellationToken ct = default) =>
        Mine(actor).CountAsync(m => m.ReadAtMs == null, ct);

    /// <summary>Marks one of the caller's messages read (once: reading it again records nothing).</summary>
    public async Task<InboxRow> MarkReadAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        await writer.RunAsync(actor, async w =>
        {
            var m = await Mine(actor).FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("notification", id.ToString("N"));
            if (m.ReadAtMs is null) w.Record(new NotificationRead(m.Id, m.PersonId));
        }, ct);
        return await Mine(actor).SingleAsync(x => x.Id == id, ct);
    }
}
