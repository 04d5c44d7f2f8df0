using Microsoft.Extensions.Options;
using SkillSwap.DocumentStore;
using SkillSwap.Notifications.Devices;
using SkillSwap.Notifications.Digests;
using SkillSwap.Notifications.Inbox;

namespace SkillSwap.Notifications.Delivery;

/// <summary>
/// Sends the emails and pushes that are due, at least once each: a delivery is claimed (its due time moved a lease
/// ahead, under its version) before it is sent, so two replicas never send the same one at once, and one that fails is
/// retried later with a growing delay until <see cref="NotificationsOptions.MaxAttempts"/>. Each tick first turns the
/// chat digests whose gathering time is over into pushes.
/// </summary>
public sealed class DeliveryDispatcher(
    IServiceScopeFactory scopes,
    SmtpEmailSender smtp,
    TimeProvider time,
    IOptions<NotificationsOptions> options,
    ILogger<DeliveryDispatcher> logger) : BackgroundService
{
    private const int Batch = 100;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private readonly SemaphoreSlim _oneRunAtATime = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.DispatchInterval);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Dispatching emails and pushes failed; it runs again at the next tick");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await _oneRunAtATime.WaitAsync(cancellationToken);
        try
        {
            await using (var scope = scopes.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<MessageDigests>().FlushDueAsync(cancellationToken);
            }
            while (true)
            {
                var claimed = await ClaimDueAsync(cancellationToken);
                if (claimed.Count == 0)
                {
                    return;
                }
                await SendEmailsAsync([.. claimed.Where(delivery => delivery.Channel == DeliveryChannel.Email)], cancellationToken);
                await SendPushesAsync([.. claimed.Where(delivery => delivery.Channel == DeliveryChannel.Push)], cancellationToken);
                if (claimed.Count < Batch)
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

    private async Task<List<DeliveryDocument>> ClaimDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IDocumentSession>();
        var due = await db.Query<DeliveryDocument>()
            .Where(delivery => delivery.State == DeliveryState.Pending && delivery.DueAt <= now)
            .OrderBy(delivery => delivery.DueAt).Take(Batch).ToListAsync(cancellationToken);
        var claimed = new List<DeliveryDocument>(due.Count);
        foreach (var delivery in due)
        {
            delivery.DueAt = now + Lease;
            delivery.Attempts++;
            db.Replace(delivery);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                claimed.Add(delivery);
            }
            catch (DocumentConcurrencyException)
            {
                // Another replica claimed it first.
            }
        }
        return claimed;
    }

    private async Task SendEmailsAsync(List<DeliveryDocument> emails, CancellationToken cancellationToken)
    {
        if (emails.Count == 0)
        {
            return;
        }
        if (!smtp.IsConfigured)
        {
            foreach (var email in emails)
            {
                await SettleAsync(email, DeliveryState.Failed, $"No SMTP server configured (ConnectionStrings:{SmtpEmailSender.ConnectionName}).", cancellationToken);
            }
            return;
        }
        SmtpConnection? connection = null;
        try
        {
            connection = await smtp.ConnectAsync(cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "SMTP server unreachable; {Count} emails wait for the next attempt", emails.Count);
            foreach (var email in emails)
            {
                await RetryLaterAsync(email, ex.Message, cancellationToken);
            }
            return;
        }
        await using (connection)
        {
            foreach (var email in emails)
            {
                try
                {
                    await connection.SendAsync(email, cancellationToken);
                    await SettleAsync(email, DeliveryState.Sent, null, cancellationToken);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    logger.LogWarning(ex, "Email {DeliveryId} not accepted by the SMTP server", email.Id);
                    await RetryLaterAsync(email, ex.Message, cancellationToken);
                }
            }
        }
    }

    private async Task SendPushesAsync(List<DeliveryDocument> pushes, CancellationToken cancellationToken)
    {
        if (pushes.Count == 0)
        {
            return;
        }
        var outgoing = new List<(DeliveryDocument Delivery, DeviceDocument Device, ExpoPushMessage Message)>();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IDocumentSession>();
        foreach (var push in pushes)
        {
            if (push.NotificationId is { } notificationId
                && await db.LoadAsync<NotificationDocument>(notificationId, cancellationToken) is { ReadAt: not null })
            {
                await SettleAsync(push, DeliveryState.Dropped, "Read in the app before it could be pushed.", cancellationToken);
                continue;
            }
            var userId = push.UserId;
            var devices = await db.Query<DeviceDocument>().Where(device => device.UserId == userId).ToListAsync(cancellationToken);
            if (devices.Count == 0)
            {
                await SettleAsync(push, DeliveryState.Dropped, "No device registered.", cancellationToken);
                continue;
            }
            outgoing.AddRange(devices.Select(device => (push, device, new ExpoPushMessage(device.Id, push.Title, push.Body, push.Data))));
        }
        if (outgoing.Count == 0)
        {
            return;
        }
        IReadOnlyList<ExpoPushTicket> tickets;
        try
        {
            tickets = await scope.ServiceProvider.GetRequiredService<ExpoPushSender>().SendAsync([.. outgoing.Select(item => item.Message)], cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Expo push API failed; {Count} pushes wait for the next attempt", outgoing.Count);
            foreach (var push in outgoing.Select(item => item.Delivery).Distinct())
            {
                await RetryLaterAsync(push, ex.Message, cancellationToken);
            }
            return;
        }
        var results = outgoing.Zip(tickets, (item, ticket) => (item.Delivery, item.Device, Ticket: ticket)).ToList();
        foreach (var gone in results.Where(result => result.Ticket.DeviceGone))
        {
            await PruneAsync(gone.Device, cancellationToken);
        }
        foreach (var perDelivery in results.GroupBy(result => result.Delivery))
        {
            var push = perDelivery.Key;
            if (perDelivery.Any(result => result.Ticket.Status == "ok"))
            {
                await SettleAsync(push, DeliveryState.Sent, null, cancellationToken);
            }
            else if (perDelivery.All(result => result.Ticket.DeviceGone))
            {
                await SettleAsync(push, DeliveryState.Dropped, "Every device was unregistered.", cancellationToken);
            }
            else
            {
                await RetryLaterAsync(push, string.Join("; ", perDelivery.Select(result => result.Ticket.Details?.Error ?? result.Ticket.Message)), cancellationToken);
            }
        }
    }

    /// <summary>Forgets a token Expo no longer knows, unless it was registered again meanwhile (then the version moved).</summary>
    private async Task PruneAsync(DeviceDocument device, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IDocumentSession>();
        if (await db.LoadAsync<DeviceDocument>(device.Id, cancellationToken) is { } stored && stored.Version == device.Version)
        {
            db.Delete<DeviceDocument>(device.Id);
            await db.SaveChangesAsync(cancellationToken);
            NotificationsMetrics.DevicePruned();
            logger.LogInformation("Device token of {UserId} pruned: Expo reports it no longer registered", device.UserId);
        }
    }

    private Task RetryLaterAsync(DeliveryDocument delivery, string? error, CancellationToken cancellationToken)
    {
        if (delivery.Attempts >= options.Value.MaxAttempts)
        {
            return SettleAsync(delivery, DeliveryState.Failed, error, cancellationToken);
        }
        var delay = TimeSpan.FromSeconds(Math.Min(30 * Math.Pow(2, delivery.Attempts - 1), TimeSpan.FromHours(1).TotalSeconds));
        delivery.DueAt = time.GetUtcNow() + delay;
        return SaveAsync(delivery, DeliveryState.Pending, error, "retried", cancellationToken);
    }

    private Task SettleAsync(DeliveryDocument delivery, DeliveryState state, string? note, CancellationToken cancellationToken)
    {
        if (state == DeliveryState.Sent)
        {
            delivery.SentAt = time.GetUtcNow();
        }
        return SaveAsync(delivery, state, note, state.ToString().ToLowerInvariant(), cancellationToken);
    }

    private async Task SaveAsync(DeliveryDocument delivery, DeliveryState state, string? note, string outcome, CancellationToken cancellationToken)
    {
        delivery.State = state;
        delivery.LastError = note;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IDocumentSession>();
        db.Replace(delivery);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DocumentConcurrencyException)
        {
            // Erased meanwhile (the person's deliveries are deleted): nothing left to record.
        }
        NotificationsMetrics.Delivered(delivery.Channel, outcome);
    }
}
