using Microsoft.Extensions.Options;
using SkillSwap.DocumentStore;

namespace SkillSwap.Notifications.Delivery;

/// <summary>
/// The steps every channel shares around a send, each its own short write: find what is due, claim a delivery (its due
/// time moved a lease ahead, under its version, so two replicas never send it at the same time), then record how it
/// ended — sent, dropped, failed, or retried later with a growing delay until
/// <see cref="NotificationsOptions.MaxAttempts"/>. What a delivery said is blanked once it is settled.
/// </summary>
public sealed class DeliveryLedger(IServiceScopeFactory scopes, TimeProvider time, IOptions<NotificationsOptions> options, ILogger<DeliveryLedger> logger)
{
    public const int Batch = 100;

    /// <summary>Longer than one send may take (SMTP and HTTP time out after 30 s), so a claim outlives its send.</summary>
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    public async Task<IReadOnlyList<DeliveryDocument>> DueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IDocumentSession>().Query<DeliveryDocument>()
            .Where(delivery => delivery.State == DeliveryState.Pending && delivery.DueAt <= now)
            .OrderBy(delivery => delivery.DueAt).Take(Batch).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Takes <paramref name="delivery"/> for a lease; false when another replica took it first, or when its person was
    /// erased meanwhile (then it is deleted: one written by an event handled alongside the erasure must not go out).
    /// </summary>
    public async Task<bool> ClaimAsync(DeliveryDocument delivery, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IDocumentSession>();
        if (await db.IsErasedAsync(delivery.UserId, cancellationToken))
        {
            db.Delete<DeliveryDocument>(delivery.Id);
            await db.SaveChangesAsync(cancellationToken);
            return false;
        }
        delivery.DueAt = time.GetUtcNow() + Lease;
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

    /// <summary>Moves a delivery to <paramref name="until"/> without counting an attempt; another replica's claim wins.</summary>
    public async Task PutOffAsync(DeliveryDocument delivery, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IDocumentSession>();
        delivery.DueAt = until;
        db.Replace(delivery);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DocumentConcurrencyException)
        {
            // Claimed or changed meanwhile: whoever did will look at it again.
        }
    }

    public Task RetryLaterAsync(DeliveryDocument delivery, string? error, CancellationToken cancellationToken)
    {
        if (delivery.Attempts >= options.Value.MaxAttempts)
        {
            return SettleAsync(delivery, DeliveryState.Failed, error, cancellationToken);
        }
        var delay = TimeSpan.FromSeconds(Math.Min(30 * Math.Pow(2, delivery.Attempts - 1), TimeSpan.FromHours(1).TotalSeconds));
        delivery.DueAt = time.GetUtcNow() + delay;
        return SaveAsync(delivery, DeliveryState.Pending, error, "retried", cancellationToken);
    }

    /// <summary>
    /// Records how it ended, and blanks what it said (addresses, names, verification and reset links): a settled
    /// delivery keeps only what support needs (type, state, attempts, error, times).
    /// </summary>
    public Task SettleAsync(DeliveryDocument delivery, DeliveryState state, string? note, CancellationToken cancellationToken)
    {
        if (state == DeliveryState.Sent)
        {
            delivery.SentAt = time.GetUtcNow();
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
            logger.LogWarning("Delivery {DeliveryId} changed hands before its outcome ({Outcome}) was recorded", delivery.Id, outcome);
        }
    }
}
