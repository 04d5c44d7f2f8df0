using Microsoft.EntityFrameworkCore;

namespace SkillSwap.EventBus.EntityFrameworkCore.Outbox;

/// <summary>The relay's view of <c>outbox_messages</c>. Scoped: one DbContext per relay round.</summary>
public sealed class EfOutboxStore<TContext>(TContext dbContext) : IOutboxStore where TContext : DbContext
{
    public async Task<IReadOnlyList<OutboxMessage>> GetUnpublishedAsync(int maxCount, CancellationToken cancellationToken) =>
        await dbContext.Set<OutboxRecord>()
            .AsNoTracking()
            .Where(m => m.PublishedAt == null)
            .OrderBy(m => m.OccurredAt)
            .ThenBy(m => m.EventId)
            .Take(maxCount)
            .Select(m => new OutboxMessage(m.EventId, m.EventType, m.Payload, m.OccurredAt, m.TraceParent, m.TraceState))
            .ToListAsync(cancellationToken);

    public async Task MarkPublishedAsync(IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken)
    {
        var ids = eventIds.ToArray();
        var publishedAt = DateTimeOffset.UtcNow;
        await dbContext.Set<OutboxRecord>()
            .Where(m => ids.Contains(m.EventId))
            .ExecuteUpdateAsync(setters => setters.SetProperty(m => m.PublishedAt, publishedAt), cancellationToken);
    }

    public async Task ForgetPublishedAsync(IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken)
    {
        var ids = eventIds.ToArray();
        await dbContext.Set<OutboxRecord>().Where(m => ids.Contains(m.EventId)).ExecuteDeleteAsync(cancellationToken);
    }

    public async Task DeletePublishedAsync(DateTimeOffset publishedBefore, CancellationToken cancellationToken)
    {
        var cutoff = publishedBefore.ToUniversalTime();
        await dbContext.Set<OutboxRecord>()
            .Where(m => m.PublishedAt != null && m.PublishedAt < cutoff)
            .ExecuteDeleteAsync(cancellationToken);
    }
}
