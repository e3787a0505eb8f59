using System.Net;
using System.Net.Http.Json;
using Changxiao.Kernel.Access;
using Changxiao.Store.Services;
using Changxiao.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Changxiao.Tests.Notifications;

/// <summary>The inbox API: one's own messages only, unread filter and count, read once.</summary>
public abstract class InboxApiTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : NotifyApp
{
    private async Task<(Guid Person, HttpClient Http)> NewUserAsync(string name)
    {
        var person = await app.NewPersonAsync(name, null);
        var username = "inbox-" + Guid.NewGuid().ToString("N")[..8];
        await app.ScopeAsync(sp => sp.GetRequiredService<AccountService>().CreateAsync(Actor.System("test"), username, person, TestApp.Password));
        return (person, await app.LoginAsync(username));
    }

    [Fact]
    public async Task Inbox_ListUnreadCountAndRead_OwnMessagesOnly()
    {
        var (me, http) = await NewUserAsync("黄蕾");
        var (other, _) = await NewUserAsync("林涛");
        var first = (await app.NotifyAsync(me, "第一条", "正文一", "/matters/1"))[0];
        app.Time.Advance(TimeSpan.FromSeconds(1));
        var second = (await app.NotifyAsync(me, "第二条", "正文二"))[0];
        await app.NotifyAsync(other, "别人的", "不该看到");

        var list = await http.GetAsync("/api/v1/inbox").OkJson();
        Assert.Equal(2, list["total"]!.GetValue<long>());
        var items = list["items"]!.AsArray();
        Assert.Equal([second.ToString(), first.ToString()], items.Select(i => i!["id"]!.GetValue<string>())); // newest first
        Assert.Equal("/matters/1", items[1]!["link"]!.GetValue<string>());
        Assert.Null(items[0]!["readAt"]);
        Assert.Equal(2, (await http.GetAsync("/api/v1/inbox/unread-count").OkJson())["count"]!.GetValue<int>());

        var read = await http.PostAsync($"/api/v1/inbox/{first}/read", null).OkJson();
        Assert.Equal(app.Time.GetUtcNow(), DateTimeOffset.Parse(read["readAt"]!.GetValue<string>()));
        await http.PostAsync($"/api/v1/inbox/{first}/read", null).OkJson(); // again: no second record
        Assert.Equal(1, (await http.GetAsync("/api/v1/inbox/unread-count").OkJson())["count"]!.GetValue<int>());
        var unread = await http.GetAsync("/api/v1/inbox?unread=true").OkJson();
        Assert.Equal([second.ToString()], unread["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
        var paged = await http.GetAsync("/api/v1/inbox?page=2&pageSize=1").OkJson();
        Assert.Equal([first.ToString()], paged["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));

        await using var db = app.Database.Open();
        var key = first.ToString("N");
        var reads = await db.Journal.AsNoTracking().Where(e => e.EntityId == key && e.Type == "notification.read").ToListAsync();
        var entry = Assert.Single(reads);
        Assert.Contains(me.ToString(), entry.Data);
    }

    [Fact]
    public async Task AnotherPersonsMessage_IsNotFound_EvenForTheSystemAdministrator()
    {
        var (owner, _) = await NewUserAsync("马超");
        var (_, intruder) = await NewUserAsync("何平");
        var message = (await app.NotifyAsync(owner, "私人消息", "只给马超"))[0];

        var p = await intruder.PostAsync($"/api/v1/inbox/{message}/read", null).Problem(HttpStatusCode.NotFound);
        Assert.Equal("not-found", p["code"]!.GetValue<string>());
        Assert.DoesNotContain((await intruder.GetAsync("/api/v1/inbox").OkJson())["items"]!.AsArray(), i => i!["id"]!.GetValue<string>() == message.ToString());
        Assert.Equal(0, (await intruder.GetAsync("/api/v1/inbox/unread-count").OkJson())["count"]!.GetValue<int>());

        var root = await app.LoginAsync("root");
        await root.PostAsync($"/api/v1/inbox/{message}/read", null).Problem(HttpStatusCode.NotFound);
        await root.PostAsync($"/api/v1/inbox/{Guid.NewGuid()}/read", null).Problem(HttpStatusCode.NotFound);

        await using var db = app.Database.Open();
        Assert.Null((await db.Inbox.AsNoTracking().SingleAsync(m => m.Id == message)).ReadAtMs);
    }

    [Fact]
    public async Task Inbox_WithoutLogin_401()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync("/api/v1/inbox")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().PostAsJsonAsync($"/api/v1/inbox/{Guid.NewGuid()}/read", new { })).StatusCode);
    }
}

public sealed class InboxApiTests_Sqlite(NotifySqliteApp app) : InboxApiTests<NotifySqliteApp>(app);

public sealed class InboxApiTests_Postgres(NotifyPostgresApp app) : InboxApiTests<NotifyPostgresApp>(app);
