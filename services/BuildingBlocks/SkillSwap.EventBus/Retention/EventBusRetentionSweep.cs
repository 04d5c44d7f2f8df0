using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SkillSwap.EventBus.Retention;

/// <summary>
/// Deletes what the event bus no longer needs: outbox rows published longer ago than
/// <see cref="EventBusOptions.PublishedEventRetention"/> and inbox records older than
/// <see cref="EventBusOptions.HandledEventRetention"/>. Without it both tables grow by every event, for ever.
/// Replicas sweep the same tables; the deletes are idempotent.
/// </summary>
public sealed class EventBusRetentionSweep(
    IServiceScopeFactory scopeFactory,
    IOptions<EventBusOptions> options,
    TimeProvider time,
    ILogger<EventBusRetentionSweep> logger) : PeriodicBackgroundService(time, logger)
{
    protected override TimeSpan Interval => options.Value.RetentionSweepInterval;

    public override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        await using var scope = scopeFactory.CreateAsyncScope();
        // A service that publishes nothing, or consumes nothing, has no store of that kind.
        if (scope.ServiceProvider.GetService<IOutboxStore>() is { } outbox)
        {
            await outbox.DeletePublishedAsync(now - options.Value.PublishedEventRetention, cancellationToken);
        }
        if (scope.ServiceProvider.GetService<IInboxStore>() is { } inbox)
        {
            await inbox.DeleteHandledAsync(now - options.Value.HandledEventRetention, cancellationToken);
        }
    }
}
