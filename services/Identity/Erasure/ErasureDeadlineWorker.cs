using Microsoft.Extensions.Options;

namespace SkillSwap.Identity.Erasure;

/// <summary>Periodically turns erasure requests past their deadline overdue (see <see cref="ErasureCoordinator"/>).</summary>
public sealed class ErasureDeadlineWorker(
    IServiceScopeFactory scopes,
    TimeProvider time,
    IOptions<ErasureOptions> options,
    ILogger<ErasureDeadlineWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<ErasureCoordinator>().SweepOverdueAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A concurrent answer or another replica's sweep; the next tick looks again.
                logger.LogWarning(ex, "Erasure deadline sweep failed");
            }
        }
    }
}
