namespace Changxiao.Tests.Notifications;

/// <summary>Inside <c>serve</c>, the background worker sends what a command queued without anyone asking.</summary>
public sealed class NotificationWorkerTests(NotifyWorkerApp app) : IClassFixture<NotifyWorkerApp>
{
    [Fact]
    public async Task QueuedInACommand_SentByTheServerWithinAPollOrTwo()
    {
        var person = await app.NewPersonAsync("钱进", "qianjin@county.test");
        var ids = await app.NotifyAsync(person, "后台派发", "无需手动触发");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline && (app.Hooks.For(ids[2]).Count == 0 || !app.Smtp.Messages.Any(m => m.To.Contains("qianjin@county.test"))))
            await Task.Delay(50);
        Assert.Single(app.Hooks.For(ids[2]));
        Assert.Single(app.Smtp.Messages, m => m.To.Contains("qianjin@county.test"));
    }
}
