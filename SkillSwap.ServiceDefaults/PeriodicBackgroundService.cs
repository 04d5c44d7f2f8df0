using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Work repeated every <see cref="Interval"/> for the life of the service (clocks, sweeps, dispatchers): a run that fails
/// is logged and the next tick tries again, so one bad moment never stops the loop. <see cref="RunOnceAsync"/> is public
/// so tests can run it at once instead of waiting for a tick.
/// </summary>
public abstract class PeriodicBackgroundService(TimeProvider time, ILogger logger) : BackgroundService
{
    protected TimeProvider Time { get; } = time;

    protected ILogger Logger { get; } = logger;

    protected abstract TimeSpan Interval { get; }

    /// <summary>Whether the first run is at start-up, or only after a first interval.</summary>
    protected virtual bool RunsAtStart => true;

    protected virtual LogLevel FailureLevel => LogLevel.Warning;

    public abstract Task RunOnceAsync(CancellationToken cancellationToken);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, Time);
        if (RunsAtStart)
        {
            await TryRunAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await TryRunAsync(stoppingToken);
        }
    }

    private async Task TryRunAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RunOnceAsync(stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            Logger.Log(FailureLevel, ex, "{Work} failed; it runs again at the next tick", GetType().Name);
        }
    }
}
