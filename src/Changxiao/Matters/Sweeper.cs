using Changxiao.Store.Matters;

namespace Changxiao;

/// <summary>
/// Runs the inspection programmes and the warning ladders in the background: every interval (CHANGXIAO_SWEEP_SECONDS, default 60; 0 = off),
/// sweep the matters whose next check has come. The same work as `changxiao sweep`.
/// </summary>
public sealed class Sweeper(IServiceScopeFactory scopes, ILogger<Sweeper> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var setting = Environment.GetEnvironmentVariable("CHANGXIAO_SWEEP_SECONDS");
        if (setting == "0") return; // switched off: sweeps run by `changxiao sweep` (or by tests) only
        var seconds = int.TryParse(setting, out var s) && s > 0 ? s : 60;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds));
        do
        {
            try
            {
                using var scope = scopes.CreateScope();
                var matters = scope.ServiceProvider.GetRequiredService<MatterService>();
                foreach (var line in await matters.RunProgrammesAsync(stoppingToken)) log.LogInformation("{Programme}", line);
                // Batch after batch until nothing is due: a day boundary can make thousands of clocks due at once.
                var swept = 0;
                for (int n; (n = await matters.SweepAsync(ct: stoppingToken)) > 0;) swept += n;
                if (swept > 0) log.LogInformation("swept {Count} matters", swept);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
            catch (Exception e)
            {
                // One bad matter must not stop the ladders of all the others; it is retried next round.
                log.LogError(e, "sweep failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
