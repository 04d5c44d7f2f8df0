using SkillSwap.EventBus;

namespace SkillSwap.DocumentStore.Outbox;

/// <summary>The relay's view of the document-store outbox. Singleton: each call uses its own short session.</summary>
public sealed class DocumentOutboxStore(IDocumentStore store, TimeProvider timeProvider) : IOutboxStore
{
    private const int MarkAttempts = 3;

    public async Task<IReadOnlyList<OutboxMessage>> GetUnpublishedAsync(int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        await using var session = store.OpenSession();
        var documents = await OutboxQueries.Unpublished(session.Query<OutboxDocument>(), maxCount).ToListAsync(cancellationToken);
        return [.. documents.Select(document => document.ToMessage())];
    }

    public async Task MarkPublishedAsync(IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken)
    {
        if (eventIds.Count == 0)
        {
            return;
        }
        var ids = eventIds.Select(id => id.ToString("D")).ToArray();
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.OpenSession();
            var pending = await OutboxQueries.UnpublishedAmong(session.Query<OutboxDocument>(), ids).ToListAsync(cancellationToken);
            if (pending.Count == 0)
            {
                return;
            }
            var now = timeProvider.GetUtcNow();
            foreach (var document in pending)
            {
                document.Published = true;
                document.PublishedAt = now;
                session.Replace(document);
            }
            try
            {
                await session.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DocumentConcurrencyException) when (attempt < MarkAttempts)
            {
                // Another relay instance marked some of them first; reload and mark whatever is still unmarked.
            }
        }
    }

    public async Task ForgetPublishedAsync(IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken)
    {
        if (eventIds.Count == 0)
        {
            return;
        }
        await using var session = store.OpenSession();
        foreach (var eventId in eventIds)
        {
            session.Delete<OutboxDocument>(eventId.ToString("D"));
        }
        await session.SaveChangesAsync(cancellationToken);
    }

    public async Task DeletePublishedAsync(DateTimeOffset publishedBefore, CancellationToken cancellationToken)
    {
        await using var session = store.OpenSession();
        session.DeleteWhere(OutboxQueries.PublishedBefore(publishedBefore));
        await session.SaveChangesAsync(cancellationToken);
    }
}
