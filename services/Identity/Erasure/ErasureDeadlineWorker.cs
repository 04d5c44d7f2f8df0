using Microsoft.Extensions.Options;

namespace SkillSwap.Identity.Erasure;

/// <summary>Periodically turns erasure requests past their deadline overdue (see <see cref="ErasureCoordinator"/>).</summary>
public sealed class ErasureDeadlineWorker(
    IServiceScopeFactory scopes,
    TimeProvider time,
    IOptions<ErasureOptions> options,
    ILogger<ErasureDeadlineWorker> logger) : PeriodicBackgroundService(time, logger)
{
    protected override TimeSpan Interval => options.Value.SweepInterval;

    protected override bool RunsAtStart => false;

    // A failure is a concurrent answer or another replica's sweep; the next tick looks again.
    public override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ErasureCoordinator>().SweepOverdueAsync(cancellationToken);
    }
}
