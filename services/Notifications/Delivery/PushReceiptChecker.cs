using Microsoft.Extensions.Options;
using SkillSwap.DocumentStore;
using SkillSwap.Notifications.Devices;

namespace SkillSwap.Notifications.Delivery;

/// <summary>
/// Expo's second step: asks for the receipts of pushes sent at least <see cref="NotificationsOptions.ReceiptCheckDelay"/>
/// ago, forgets devices whose receipt says <c>DeviceNotRegistered</c> (unless registered again since the push), counts
/// the other outcomes, and deletes each checked receipt. A batch is claimed (its check time moved on, under each
/// receipt's version) before Expo is asked, so replicas never check the same receipts; a receipt not ready yet is simply
/// asked again at its new check time. Expo keeps receipts a day: older ones are deleted unasked, even while Expo's
/// receipts API fails.
/// </summary>
public sealed class PushReceiptChecker(
    IServiceScopeFactory scopes,
    TimeProvider time,
    IOptions<NotificationsOptions> options,
    ILogger<PushReceiptChecker> logger) : PeriodicBackgroundService(time, logger)
{
    private static readonly TimeSpan KeptByExpo = TimeSpan.FromDays(1);

    private readonly SemaphoreSlim _oneRunAtATime = new(1, 1);

    protected override TimeSpan Interval => TimeSpan.FromMinutes(1);

    public override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await _oneRunAtATime.WaitAsync(cancellationToken);
        try
        {
            await DeleteExpiredAsync(cancellationToken);
            int dueInBatch;
            do
            {
                dueInBatch = await CheckBatchAsync(cancellationToken);
            }
            while (dueInBatch == ExpoPushSender.MaxReceiptsPerRequest);
        }
        finally
        {
            _oneRunAtATime.Release();
        }
    }

    private async Task DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        var sentBefore = Time.GetUtcNow() - KeptByExpo;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IDocumentSession>();
        db.DeleteWhere<PushReceiptDocument>(receipt => receipt.SentAt < sentBefore);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <returns>How many receipts were due (a full batch means there may be more).</returns>
    private async Task<int> CheckBatchAsync(CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IDocumentSession>();
        var due = await db.Query<PushReceiptDocument>().Where(receipt => receipt.CheckAfter <= now)
            .OrderBy(receipt => receipt.CheckAfter).Take(ExpoPushSender.MaxReceiptsPerRequest).ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return 0;
        }
        foreach (var receipt in due)
        {
            receipt.CheckAfter = now + options.Value.ReceiptCheckDelay;
            db.Replace(receipt);
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DocumentConcurrencyException)
        {
            return 0; // another replica claimed some of them: it checks this batch
        }

        var receipts = await scope.ServiceProvider.GetRequiredService<ExpoPushSender>().GetReceiptsAsync([.. due.Select(receipt => receipt.Id)], cancellationToken);
        var forgotten = new HashSet<string>();
        foreach (var pending in due)
        {
            if (!receipts.TryGetValue(pending.Id, out var receipt))
            {
                continue; // not ready: asked again at its new check time
            }
            var outcome = receipt.DeviceGone ? "device_gone" : receipt.Status == "ok" ? "ok" : "error";
            NotificationsMetrics.PushReceiptChecked(outcome);
            if (receipt.DeviceGone && forgotten.Add(pending.DeviceToken))
            {
                UninstalledDevices.Forget(db, pending.DeviceToken, pending.DeviceVersion);
            }
            else if (outcome == "error")
            {
                Logger.LogWarning("Expo's receipt for a push to {UserId} reports {Error}: {Message}", pending.UserId, receipt.Details?.Error, receipt.Message);
            }
            db.Delete<PushReceiptDocument>(pending.Id);
        }
        await db.SaveChangesAsync(cancellationToken);
        if (forgotten.Count > 0)
        {
            UninstalledDevices.Report(forgotten.Count, Logger);
        }
        return due.Count;
    }
}
