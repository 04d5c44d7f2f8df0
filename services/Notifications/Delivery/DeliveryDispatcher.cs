namespace SkillSwap.Notifications.Delivery;

/// <summary>
/// Sends the emails and pushes that are due, at least once each: every tick takes the due deliveries a batch at a time
/// (<see cref="DeliveryLedger"/>) and hands each channel its own (<see cref="EmailChannel"/>, <see cref="PushChannel"/>),
/// which claim, send and settle them.
/// </summary>
public sealed class DeliveryDispatcher(
    DeliveryLedger ledger,
    EmailChannel email,
    PushChannel push,
    TimeProvider time,
    Microsoft.Extensions.Options.IOptions<NotificationsOptions> options,
    ILogger<DeliveryDispatcher> logger) : PeriodicBackgroundService(time, logger)
{
    private readonly SemaphoreSlim _oneRunAtATime = new(1, 1);

    protected override TimeSpan Interval => options.Value.DispatchInterval;

    public override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await _oneRunAtATime.WaitAsync(cancellationToken);
        try
        {
            while (true)
            {
                var due = await ledger.DueAsync(cancellationToken);
                await email.SendAsync([.. due.Where(delivery => delivery.Channel == DeliveryChannel.Email)], cancellationToken);
                await push.SendAsync([.. due.Where(delivery => delivery.Channel == DeliveryChannel.Push)], cancellationToken);
                if (due.Count < DeliveryLedger.Batch)
                {
                    return;
                }
            }
        }
        finally
        {
            _oneRunAtATime.Release();
        }
    }
}
