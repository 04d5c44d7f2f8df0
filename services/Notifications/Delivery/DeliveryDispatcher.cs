using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using SkillSwap.DocumentStore;
using SkillSwap.Notifications.Devices;
using SkillSwap.Notifications.Digests;
using SkillSwap.Notifications.Inbox;
using SkillSwap.Notifications.Preferences;
using SkillSwap.Notifications.Recipients;

namespace SkillSwap.Notifications.Delivery;

/// <summary>
/// Sends the emails and pushes that are due, at least once each. A delivery is claimed (its due time moved a lease
/// ahead, under its version) just before it is sent, so two replicas never send it at the same time; a send that fails
/// is retried later with a growing delay until <see cref="NotificationsOptions.MaxAttempts"/>, one that can never
/// succeed (an invalid address, a permanent SMTP refusal) fails at once. Each tick first turns the chat digests whose
/// gathering time is over into pushes. What a delivery said is blanked once it is settled.
/// </summary>
public sealed class DeliveryDispatcher(
    IServiceScopeFactory scopes,
    SmtpEmailSender smtp,
    TimeProvider time,
    IOptions<NotificationsOptions> options,
    ILogger<DeliveryDispatcher> logger) : PeriodicBackgroundService(time, logger)
{
    private const int Batch = 100;

    /// <summary>Longer than one send may take (SMTP and HTTP time out after 30 s), so a claim outlives its send.</summary>
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    private readonly SemaphoreSlim _oneRunAtATime = new(1, 1);

    protected override TimeSpan Interval => options.Value.DispatchInterval;

    public override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await _oneRunAtATime.WaitAsync(cancellationToken);
        try
        {
            await FlushDigestsAsync(cancellationToken);
            while (true)
            {
                var due = await DueAsync(cancellationToken);
                await SendEmailsAsync([.. due.Where(delivery => delivery.Channel == DeliveryChannel.Email)], cancellationToken);
                await SendPushesAsync([.. due.Where(delivery => delivery.Channel == DeliveryChannel.Push)], cancellationToken);
                if (due.Count < Batch)
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

    private async Task FlushDigestsAsync(CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        IReadOnlyList<MessageDigestDocument> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            due = await scope.ServiceProvider.GetRequiredService<IDocumentSession>().Query<MessageDigestDocument>()
                .Where(digest => digest.DueAt != null && digest.DueAt <= now)
                .OrderBy(digest => digest.DueAt).Take(Batch).ToListAsync(cancellationToken);
        }
        foreach (var digest in due)
        {
            await using var scope = scopes.CreateAsyncScope();
            try
            {
                await scope.ServiceProvider.GetRequiredService<MessageDigests>().FlushAsync(digest, cancellationToken);
            }
            catch (Exception ex) when (ex is DocumentConcurrencyException or DuplicateDocumentException)
            {
                // A message was counted in, or another replica flushed it, at the same moment: the next tick sees it as it is.
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                Logger.LogWarning(ex, "Could not push the chat digest of {UserId}; the next tick tries again", digest.UserId);
            }
        }
    }

    private async Task<IReadOnlyList<DeliveryDocument>> DueAsync(CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IDocumentSession>().Query<DeliveryDocument>()
            .Where(delivery => delivery.State == DeliveryState.Pending && delivery.DueAt <= now)
            .OrderBy(delivery => delivery.DueAt).Take(Batch).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Takes <paramref name="delivery"/> for a lease; false when another replica took it first, or when its person was
    /// erased meanwhile (then it is deleted: one written by an event handled alongside the erasure must not go out).
    /// </summary>
    private async Task<bool> ClaimAsync(DeliveryDocument delivery, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IDocumentSession>();
        if (await db.IsErasedAsync(delivery.UserId, cancellationToken))
        {
            db.Delete<DeliveryDocument>(delivery.Id);
            await db.SaveChangesAsync(cancellationToken);
            return false;
        }
        delivery.DueAt = Time.GetUtcNow() + Lease;
        delivery.Attempts++;
        db.Replace(delivery);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DocumentConcurrencyException)
        {
            return false;
        }
    }

    private async Task SendEmailsAsync(List<DeliveryDocument> emails, CancellationToken cancellationToken)
    {
        SmtpConnection? connection = null;
        string? serverDown = null;
        try
        {
            foreach (var email in emails)
            {
                if (!await ClaimAsync(email, cancellationToken))
                {
                    continue;
                }
                if (!smtp.IsConfigured)
                {
                    await SettleAsync(email, DeliveryState.Failed, $"No SMTP server configured (ConnectionStrings:{SmtpEmailSender.ConnectionName}).", cancellationToken);
                    continue;
                }
                if (serverDown is not null)
                {
                    // One connection attempt per batch: an unreachable server must not cost a timeout per email.
                    await RetryLaterAsync(email, serverDown, cancellationToken);
                    continue;
                }
                try
                {
                    connection ??= await smtp.ConnectAsync(cancellationToken);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    Logger.LogWarning(ex, "SMTP server unreachable; the batch's emails are retried");
                    serverDown = $"SMTP server unreachable: {ex.Message}";
                    await RetryLaterAsync(email, serverDown, cancellationToken);
                    continue;
                }
                Exception? failure = null;
                try
                {
                    await connection.SendAsync(email, cancellationToken);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    failure = ex;
                    // The next email gets a fresh connection rather than one the failure may have broken.
                    await connection.DisposeAsync();
                    connection = null;
                }
                if (failure is null)
                {
                    await SettleAsync(email, DeliveryState.Sent, null, cancellationToken);
                }
                else if (failure is MimeKit.ParseException or SmtpCommandException { ErrorCode: SmtpErrorCode.RecipientNotAccepted, StatusCode: >= (SmtpStatusCode)500 })
                {
                    // This address is wrong or refused for good; a refusal of the sender or of the server's settings
                    // is retried instead, so a configuration mistake does not lose every queued email.
                    Logger.LogWarning(failure, "Email {DeliveryId} refused for good", email.Id);
                    await SettleAsync(email, DeliveryState.Failed, failure.Message, cancellationToken);
                }
                else
                {
                    Logger.LogWarning(failure, "Email {DeliveryId} not sent; it is retried", email.Id);
                    await RetryLaterAsync(email, failure.Message, cancellationToken);
                }
            }
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Settles what needs no sending (read meanwhile, no phone, person erased), puts off what would ring inside the
    /// person's quiet hours (a retry, a resend after a lost claim, or one queued before they set them) until they end,
    /// then sends the rest in requests of whole deliveries, each claimed just before its request, so a slow or failed
    /// request concerns only its own.
    /// </summary>
    private async Task SendPushesAsync(List<DeliveryDocument> pushes, CancellationToken cancellationToken)
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
                    if (await ClaimAsync(push, cancellationToken))
                    {
                        await SettleAsync(push, DeliveryState.Dropped, dropReason, cancellationToken);
                    }
                }
                else if (await QuietUntilAsync(db, userId, cancellationToken) is { } quietUntil)
                {
                    await PutOffAsync(push, quietUntil, cancellationToken);
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
        var now = Time.GetUtcNow();
        var allowed = preferences.PushAllowedFrom(now, zone);
        return allowed > now ? allowed : null;
    }

    /// <summary>Moves a push to <paramref name="until"/> without counting an attempt; another replica's claim wins.</summary>
    private async Task PutOffAsync(DeliveryDocument push, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IDocumentSession>();
        push.DueAt = until;
        db.Replace(push);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DocumentConcurrencyException)
        {
            // Claimed or changed meanwhile: whoever did will look at the quiet hours again.
        }
    }

    private async Task SendPushRequestAsync(List<(DeliveryDocument Delivery, IReadOnlyList<DeviceDocument> Devices)> deliveries, CancellationToken cancellationToken)
    {
        var request = new List<(DeliveryDocument Delivery, DeviceDocument Device)>();
        foreach (var (delivery, devices) in deliveries)
        {
            if (await ClaimAsync(delivery, cancellationToken))
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
            Logger.LogWarning(ex, "Expo push API failed; {Count} pushes are retried", request.Count);
            foreach (var push in request.Select(item => item.Delivery).Distinct())
            {
                await RetryLaterAsync(push, ex.Message, cancellationToken);
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
                UninstalledDevices.Report(goneDevices.Count, Logger);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                Logger.LogWarning(ex, "{Count} device tokens Expo no longer knows could not be forgotten this time", goneDevices.Count);
            }
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
        var now = Time.GetUtcNow();
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
            Logger.LogWarning(ex, "{Count} pushes sent will not have their receipts checked", accepted.Count);
        }
    }

    private Task RetryLaterAsync(DeliveryDocument delivery, string? error, CancellationToken cancellationToken)
    {
        if (delivery.Attempts >= options.Value.MaxAttempts)
        {
            return SettleAsync(delivery, DeliveryState.Failed, error, cancellationToken);
        }
        var delay = TimeSpan.FromSeconds(Math.Min(30 * Math.Pow(2, delivery.Attempts - 1), TimeSpan.FromHours(1).TotalSeconds));
        delivery.DueAt = Time.GetUtcNow() + delay;
        return SaveAsync(delivery, DeliveryState.Pending, error, "retried", cancellationToken);
    }

    /// <summary>
    /// Records how it ended, and blanks what it said (addresses, names, verification and reset links): a settled
    /// delivery keeps only what support needs (type, state, attempts, error, times).
    /// </summary>
    private Task SettleAsync(DeliveryDocument delivery, DeliveryState state, string? note, CancellationToken cancellationToken)
    {
        if (state == DeliveryState.Sent)
        {
            delivery.SentAt = Time.GetUtcNow();
        }
        delivery.Title = "";
        delivery.Body = "";
        delivery.Html = null;
        delivery.EmailAddress = null;
        delivery.Data = [];
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
            NotificationsMetrics.Delivered(delivery.Channel, outcome);
        }
        catch (DocumentConcurrencyException)
        {
            // Erased meanwhile (the person's deliveries are deleted), or the lease ran out and another replica took
            // it: what it records is theirs now.
            Logger.LogWarning("Delivery {DeliveryId} changed hands before its outcome ({Outcome}) was recorded", delivery.Id, outcome);
        }
    }
}
