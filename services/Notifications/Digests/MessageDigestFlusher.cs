using Microsoft.Extensions.Options;
using SkillSwap.DocumentStore;

namespace SkillSwap.Notifications.Digests;

/// <summary>
/// Turns each chat digest whose gathering time is over into one push (<see cref="MessageDigests.FlushAsync"/>), which
/// the delivery dispatcher then sends like any other; on the same interval as the dispatcher.
/// </summary>
public sealed class MessageDigestFlusher(IServiceScopeFactory scopes, TimeProvider time, IOptions<NotificationsOptions> options, ILogger<MessageDigestFlusher> logger)
    : PeriodicBackgroundService(time, logger)
{
    private const int Batch = 100;

    private readonly SemaphoreSlim _oneRunAtATime = new(1, 1);

    protected override TimeSpan Interval => options.Value.DispatchInterval;

    public override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await _oneRunAtATime.WaitAsync(cancellationToken);
        try
        {
            while (await FlushDueAsync(cancellationToken) == Batch)
            {
            }
        }
        finally
        {
            _oneRunAtATime.Release();
        }
    }

    /// <summary>Flushes the digests due now (at most one batch); returns how many it looked at.</summary>
    private async Task<int> FlushDueAsync(CancellationToken cancellationToken)
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
        return due.Count;
    }
}
