using SkillSwap.EventBus;

namespace SkillSwap.DocumentStore.Inbox;

/// <summary>
/// Exactly-once handling on top of at-least-once delivery. Scoped: the handler stages its writes in the same scoped
/// <see cref="IDocumentSession"/>, and the inbox record is committed with them in one <see cref="IDocumentSession.SaveChangesAsync"/>.
/// </summary>
public sealed class DocumentInboxStore(IDocumentSession session, IDocumentStore store, TimeProvider timeProvider) : IInboxStore
{
    public async Task<bool> HandleOnceAsync(Guid eventId, string consumer, Func<CancellationToken, Task> handle, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(consumer);
        var id = InboxDocument.IdFor(eventId, consumer);
        if (await IsHandledAsync(id, cancellationToken))
        {
            return false;
        }

        // Staged before the handler's writes: where MongoDB cannot run a transaction, writes go in staging order, so a
        // concurrent duplicate delivery fails on the inbox record before any of the handler's writes are applied.
        session.Insert(new InboxDocument { Id = id, EventId = eventId, Consumer = consumer, HandledAt = timeProvider.GetUtcNow() });
        try
        {
            await handle(cancellationToken);
        }
        catch
        {
            // The consumer may retry with this same scoped session; it must not keep a half-staged attempt.
            session.ClearPendingChanges();
            throw;
        }

        try
        {
            await session.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DuplicateDocumentException)
        {
            // A concurrent delivery of the same event committed first, and ours was rolled back as a whole. Any other
            // duplicate (a unique index the handler's own writes broke) is the handler's error and propagates.
            if (await IsHandledAsync(id, CancellationToken.None))
            {
                return false;
            }
            throw;
        }
    }

    public async Task DeleteHandledAsync(DateTimeOffset handledBefore, CancellationToken cancellationToken)
    {
        // Its own session: the scoped one belongs to the handler being run.
        await using var sweep = store.OpenSession();
        sweep.DeleteWhere(InboxQueries.HandledBefore(handledBefore));
        await sweep.SaveChangesAsync(cancellationToken);
    }

    private async Task<bool> IsHandledAsync(string id, CancellationToken cancellationToken)
    {
        // A fresh session: the scoped one may hold staged writes and must not be disturbed by this check.
        await using var lookup = store.OpenSession();
        return await InboxQueries.Handled(lookup.Query<InboxDocument>(), id).AnyAsync(cancellationToken);
    }
}
