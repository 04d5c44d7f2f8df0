using Microsoft.EntityFrameworkCore;
using SkillSwap.EventBus.Outbox;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.EventBus.EntityFrameworkCore.Outbox;

public static class DbContextOutboxExtensions
{
    /// <summary>
    /// Queues <paramref name="integrationEvent"/> in the outbox as part of the pending changes: the caller's own
    /// SaveChangesAsync commits it atomically with the change that raised it. The current trace is captured so the
    /// consumers' work joins it.
    /// </summary>
    public static void AddIntegrationEvent(this DbContext dbContext, IntegrationEvent integrationEvent)
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        dbContext.Set<OutboxRecord>().Add(OutboxRecord.From(IntegrationEventSerializer.ToOutboxMessage(integrationEvent)));
    }
}
