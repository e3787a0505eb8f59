using Changxiao.Store.Model;
using Changxiao.Store.Services;

namespace Changxiao.Web.Apis;

/// <summary>The caller's own in-app inbox. Nobody can read or mark another person's messages (404).</summary>
public static class InboxApi
{
    public sealed record InboxItemDto(Guid Id, string Subject, string Body, string? Link, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt)
    {
        public static InboxItemDto From(InboxRow m) =>
            new(m.Id, m.Subject, m.Body, m.Link, DateTimeOffset.FromUnixTimeMilliseconds(m.CreatedAtMs), Ms.ToTime(m.ReadAtMs));
    }

    public sealed record UnreadCountDto(int Count);

    public static RouteGroupBuilder MapInboxApi(this RouteGroupBuilder api)
    {
        api.MapGet("/inbox", async (bool? unread, int? page, int? pageSize, HttpContext http, InboxService inbox) =>
        {
            var (items, total) = await inbox.ListAsync(await http.ActorAsync(), unread ?? false, page ?? 1, pageSize ?? 20, http.RequestAborted);
            return new Page<InboxItemDto>(items.Select(InboxItemDto.From).ToList(), total);
        }).WithName("ListInbox");

        api.MapGet("/inbox/unread-count", async (HttpContext http, InboxService inbox) =>
            new UnreadCountDto(await inbox.UnreadCountAsync(await http.ActorAsync(), http.RequestAborted)))
            .WithName("InboxUnreadCount");

        api.MapPost("/inbox/{id:guid}/read", async (Guid id, HttpContext http, InboxService inbox) =>
            InboxItemDto.From(await inbox.MarkReadAsync(await http.ActorAsync(), id, http.RequestAborted)))
            .WithName("MarkInboxRead");

        return api;
    }
}
