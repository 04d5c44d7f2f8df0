using Microsoft.Extensions.Options;
using SkillSwap.DocumentStore;
using SkillSwap.Notifications.Devices;

namespace SkillSwap.Notifications.Delivery;

/// <summary>
/// Expo's second step: asks for the receipts of pushes sent at least <see cref="NotificationsOptions.ReceiptCheckDelay"/>
/// ago (up to 1,000 per request), forgets devices whose receipt says <c>DeviceNotRegistered</c>, counts other errors,
/// and deletes each checked receipt. A receipt not ready yet is asked again later; Expo keeps them a day, so one still
/// missing after that is given up.
/// </summary>
public sealed class PushReceiptChecker(
    IServiceScopeFactory scopes,
    TimeProvider time,
    IOptions<NotificationsOptions> options,
    ILogger<PushReceiptChecker> logger) : PeriodicBackgroundService(time, logger)
{
    private static readonly TimeSpan KeptByExpo = TimeSpan.FromDays(1);

    protected override TimeSpan Interval => TimeSpan.FromMinutes(1);

    public override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var now = Time.GetUtcNow();
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<IDocumentSession>();
            var due = await db.Query<PushReceiptDocument>().Where(receipt => receipt.CheckAfter <= now)
                .OrderBy(receipt => receipt.CheckAfter).Take(ExpoPushSender.MaxReceiptsPerRequest).ToListAsync(cancellationToken);
            if (due.Count == 0)
            {
                return;
            }
            var receipts = await scope.ServiceProvider.GetRequiredService<ExpoPushSender>().GetReceiptsAsync([.. due.Select(receipt => receipt.Id)], cancellationToken);
            foreach (var pending in due)
            {
                if (receipts.TryGetValue(pending.Id, out var receipt))
                {
                    await SettleAsync(pending, receipt, cancellationToken);
                    db.Delete<PushReceiptDocument>(pending.Id);
                }
                else if (now - pending.SentAt > KeptByExpo)
                {
                    db.Delete<PushReceiptDocument>(pending.Id);
                }
                else
                {
                    pending.CheckAfter = now + options.Value.ReceiptCheckDelay;
                    db.Replace(pending);
                }
            }
            await db.SaveChangesAsync(cancellationToken);
            if (due.Count < ExpoPushSender.MaxReceiptsPerRequest)
            {
                return;
            }
        }
    }

    private async Task SettleAsync(PushReceiptDocument pending, ExpoPushReceipt receipt, CancellationToken cancellationToken)
    {
        if (receipt.DeviceGone)
        {
            await UninstalledDevices.ForgetAsync(scopes, pending.DeviceToken, pending.UserId, Logger, cancellationToken);
        }
        else if (receipt.Status != "ok")
        {
            NotificationsMetrics.Delivered(DeliveryChannel.Push, "receipt_error");
            Logger.LogWarning("Expo's receipt for a push to {UserId} reports {Error}: {Message}", pending.UserId, receipt.Details?.Error, receipt.Message);
        }
    }
}
