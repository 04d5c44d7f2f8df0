using Microsoft.Extensions.Options;
using SkillSwap.DocumentStore;
using SkillSwap.Notifications.Devices;
using SkillSwap.Notifications.Inbox;
using SkillSwap.Notifications.Preferences;
using SkillSwap.Notifications.Recipients;

namespace SkillSwap.Notifications.Delivery;

/// <summary>
/// Sends due pushes through Expo to every device of each person, outside their quiet hours; forgets the devices Expo
/// says are gone, and records what Expo accepted so that <see cref="PushReceiptChecker"/> checks its receipt later.
/// </summary>
public sealed class PushChannel(
    IServiceScopeFactory scopes,
    DeliveryLedger ledger,
    TimeProvider time,
    IOptions<NotificationsOptions> options,
    ILogger<PushChannel> logger)
{
    /// <summary>
    /// Settles what needs no sending (read meanwhile, no phone, person erased), puts off what would ring inside the
    /// person's quiet hours (a retry, a resend after a lost claim, or one queued before they set them) until they end,
    /// then sends the rest in requests of whole deliveries, each claimed just before its request, so a slow or failed
    /// request concerns only its own.
    /// </summary>
    public async Task SendAsync(IReadOnlyList<DeliveryDocument> pushes, CancellationToken cancellationToken)
    {
        var ready = new List<(DeliveryDocument Delivery, IReadOnlyList<DeviceDocument> Devices)>();
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IDocumentSession>();
            foreach (var push in pushes)
            {
                var userId = push.UserId;
                var devices = await db.Query<DeviceDocument>().Where(device => device.UserId == userId)
                    .OrderByDescending(device => device.RegisteredAt).Take(DevicesApi.MaxDevices).ToListAsync(cancellationToken);
                var dropReason = devices.Count == 0 ? "No device registered."
                    : push.NotificationId is { } notificationId && await db.LoadAsync<NotificationDocument>(notificationId, cancellationToken) is { ReadAt: not null }
                        ? "Read in the app before it could be pushed."
                        : null;
                if (dropReason is not null)
                {
                    if (await ledger.ClaimAsync(push, cancellationToken))
                    {
                        await ledger.SettleAsync(push, DeliveryState.Dropped, dropReason, cancellationToken);
                    }
                }
                else if (await QuietUntilAsync(db, userId, cancellationToken) is { } quietUntil)
                {
                    await ledger.PutOffAsync(push, quietUntil, cancellationToken);
                }
                else
                {
                    ready.Add((push, devices));
                }
            }
        }
        var request = new List<(DeliveryDocument Delivery, IReadOnlyList<DeviceDocument> Devices)>();
        var messages = 0;
        foreach (var item in ready)
        {
            if (request.Count > 0 && messages + item.Devices.Count > ExpoPushSender.MaxPerRequest)
            {
                await SendPushRequestAsync(request, cancellationToken);
                (request, messages) = ([], 0);
            }
            request.Add(item);
            messages += item.Devices.Count;
        }
        if (request.Count > 0)
        {
            await SendPushRequestAsync(request, cancellationToken);
        }
    }

    /// <summary>When the person's quiet hours end, if they are in them now; null otherwise.</summary>
    private async Task<DateTimeOffset?> QuietUntilAsync(IDocumentSession db, Guid userId, CancellationToken cancellationToken)
    {
        if (await db.LoadAsync<PreferencesDocument>(PreferencesDocument.IdFor(userId), cancellationToken) is not { } preferences
            || preferences.GetQuietHours() is null)
        {
            return null;
        }
        var zone = (await db.LoadAsync<RecipientDocument>(RecipientDocument.IdFor(userId), cancellationToken))?.Zone() ?? TimeZoneInfo.Utc;
        var now = time.GetUtcNow();
        var allowed = preferences.PushAllowedFrom(now, zone);
        return allowed > now ? allowed : null;
    }

    private async Task SendPushRequestAsync(List<(DeliveryDocument Delivery, IReadOnlyList<DeviceDocument> Devices)> deliveries, CancellationToken cancellationToken)
    {
        var request = new List<(DeliveryDocument Delivery, DeviceDocument Device)>();
        foreach (var (delivery, devices) in deliveries)
        {
            if (await ledger.ClaimAsync(delivery, cancellationToken))
            {
                request.AddRange(devices.Select(device => (delivery, device)));
            }
        }
        if (request.Count == 0)
        {
            return;
        }
        IReadOnlyList<ExpoPushTicket> tickets;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            tickets = await scope.ServiceProvider.GetRequiredService<ExpoPushSender>().SendAsync(
                [.. request.Select(item => new ExpoPushMessage(item.Device.Id, item.Delivery.Title, item.Delivery.Body, item.Delivery.Data))], cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Expo push API failed; {Count} pushes are retried", request.Count);
            foreach (var push in request.Select(item => item.Delivery).Distinct())
            {
                await ledger.RetryLaterAsync(push, ex.Message, cancellationToken);
            }
            return;
        }
        var results = request.Zip(tickets, (item, ticket) => (item.Delivery, item.Device, Ticket: ticket)).ToList();
        var goneDevices = results.Where(result => result.Ticket.DeviceGone).Select(result => result.Device).DistinctBy(device => device.Id).ToList();
        if (goneDevices.Count > 0)
        {
            // The pushes are settled below whatever happens here: a failure must not leave them to be sent again.
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<IDocumentSession>();
                foreach (var device in goneDevices)
                {
                    UninstalledDevices.Forget(db, device.Id, device.Version);
                }
                await db.SaveChangesAsync(cancellationToken);
                UninstalledDevices.Report(goneDevices.Count, logger);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "{Count} device tokens Expo no longer knows could not be forgotten this time", goneDevices.Count);
            }
        }
        foreach (var perDelivery in results.GroupBy(result => result.Delivery))
        {
            var push = perDelivery.Key;
            if (perDelivery.Any(result => result.Ticket.Status == "ok"))
            {
                await ledger.SettleAsync(push, DeliveryState.Sent, null, cancellationToken);
            }
            else if (perDelivery.All(result => result.Ticket.DeviceGone))
            {
                await ledger.SettleAsync(push, DeliveryState.Dropped, "Every device was unregistered.", cancellationToken);
            }
            else
            {
                await ledger.RetryLaterAsync(push, string.Join("; ", perDelivery.Select(result => result.Ticket.Details?.Error ?? result.Ticket.Message)), cancellationToken);
            }
        }
        await AwaitReceiptsAsync([.. results.Where(result => result.Ticket is { Status: "ok", Id.Length: > 0 }).Select(result => (result.Ticket.Id!, result.Device))], cancellationToken);
    }

    /// <summary>
    /// What Expo accepted is checked again once its receipt is ready (<see cref="PushReceiptChecker"/>). Recorded after the
    /// deliveries are settled, and a failure only costs those checks: the pushes must not be sent twice for it.
    /// </summary>
    private async Task AwaitReceiptsAsync(IReadOnlyList<(string TicketId, DeviceDocument Device)> accepted, CancellationToken cancellationToken)
    {
        if (accepted.Count == 0)
        {
            return;
        }
        var now = time.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IDocumentSession>();
        foreach (var (ticketId, device) in accepted)
        {
            db.Insert(new PushReceiptDocument
            {
                Id = ticketId,
                DeviceToken = device.Id,
                DeviceVersion = device.Version,
                UserId = device.UserId,
                SentAt = now,
                CheckAfter = now + options.Value.ReceiptCheckDelay,
            });
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "{Count} pushes sent will not have their receipts checked", accepted.Count);
        }
    }
}
