using System.CommandLine;
using Changxiao.Hosting;
using Changxiao.Notifications;
using Changxiao.Store;
using Changxiao.Store.Notifications;

namespace Changxiao.Cli;

/// <summary>
/// The <c>notify</c> verbs:
/// <list type="bullet">
/// <item><c>notify dispatch</c>: one dispatch pass — sends every email and webhook notification that is due
/// (SMTP and webhooks as configured, see <see cref="NotificationSettings"/>), records each delivery or failure on
/// the journal, prints <c>delivered N, failed N (given up N), waiting N</c> and exits. For a server started with
/// <c>Changxiao:Notifications:Dispatch=false</c>, or to flush the outbox by hand; safe to run beside a server
/// (rows are leased).</item>
/// </list>
/// Exit codes: 0 the pass ran (failed deliveries are retried later and do not change it), 1 the database or the
/// settings are unusable.
/// </summary>
public static class NotifyCli
{
    public static Command Build()
    {
        var dispatch = new Command("dispatch", "发送到期的邮件和 Webhook 通知（一轮后退出） / send due email and webhook notifications once");
        dispatch.SetAction(async (r, ct) =>
        {
            // --db and --packs are the root's recursive options.
            var settings = Settings.From(r.GetValue<string?>("--db"), r.GetValue<string?>("--packs"));
            if (await Store.Database.NotSetUpAsync(settings.Store, ct) is { } missing) return Verbs.NotSetUp(missing);
            await Store.Database.MigrateAsync(settings.Store, ct);
            await using var sp = ServiceSetup.BuildCliServices(settings);
            var result = await sp.GetRequiredService<NotificationDispatcher>().RunOnceAsync(ct);
            using var scope = sp.CreateScope();
            var (waiting, givenUp) = await new Outbox(scope.ServiceProvider.GetRequiredService<ChangxiaoDb>()).CountsAsync(ct);
            Console.WriteLine($"已投递 {result.Delivered}，失败 {result.Failed}（放弃 {result.GivenUp}），待发送 {waiting} / " +
                              $"delivered {result.Delivered}, failed {result.Failed} (given up {result.GivenUp}), waiting {waiting}");
            if (givenUp > 0) Console.Error.WriteLine($"共有 {givenUp} 条通知已放弃重试 / {givenUp} notifications given up in total");
            return 0;
        });
        return new Command("notify", "通知 / notifications") { dispatch };
    }
}
