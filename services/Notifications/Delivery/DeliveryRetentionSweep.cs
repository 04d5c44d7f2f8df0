using Microsoft.Extensions.Options;
using SkillSwap.DocumentStore;

namespace SkillSwap.Notifications.Delivery;

/// <summary>
/// Deletes the emails and pushes settled (sent, dropped or failed) longer ago than
/// <see cref="NotificationsOptions.DeliveryRetention"/>. Their words and addresses were blanked when they settled; what
/// is left (when, which channel, how many attempts, the last error) answers "did my email go?" until then. A delivery
/// still pending is never deleted.
/// </summary>
public sealed class DeliveryRetentionSweep(
    IServiceScopeFactory scopes,
    TimeProvider time,
    IOptions<NotificationsOptions> options,
    ILogger<DeliveryRetentionSweep> logger) : PeriodicBackgroundService(time, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    public override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var createdBefore = Time.GetUtcNow() - options.Value.DeliveryRetention;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IDocumentSession>();
        db.DeleteWhere<DeliveryDocument>(delivery => delivery.State != DeliveryState.Pending && delivery.CreatedAt < createdBefore);
        await db.SaveChangesAsync(cancellationToken);
    }
}
