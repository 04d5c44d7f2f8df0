using SkillSwap.IntegrationEvents;

namespace SkillSwap.EventBus;

/// <summary>Handles one integration event type. Handlers must be safe to run again after a crash mid-way.</summary>
public interface IIntegrationEventHandler<in TEvent> where TEvent : IntegrationEvent
{
    Task HandleAsync(TEvent integrationEvent, CancellationToken cancellationToken);
}

/// <summary>
/// An event waiting in a service's own store to be relayed to the broker. It is written in the same
/// transaction as the change that raised it, so a change is never committed without its event, nor the reverse.
/// </summary>
public sealed record OutboxMessage(
    Guid EventId,
    string EventType,
    string Payload,
    DateTimeOffset OccurredAt,
    string? TraceParent,
    string? TraceState);

/// <summary>The relay's view of a service's outbox (EF Core or document store).</summary>
public interface IOutboxStore
{
    /// <summary>Oldest first, so events leave in the order they were committed.</summary>
    Task<IReadOnlyList<OutboxMessage>> GetUnpublishedAsync(int maxCount, CancellationToken cancellationToken);

    /// <summary>Called only after the broker confirmed every one of <paramref name="eventIds"/>.</summary>
    Task MarkPublishedAsync(IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken);

    /// <summary>Deletes rows the broker confirmed that must not be kept (events that carry sensitive data).</summary>
    Task ForgetPublishedAsync(IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken);

    /// <summary>Deletes the rows published before <paramref name="publishedBefore"/>; an unpublished row is never deleted.</summary>
    Task DeletePublishedAsync(DateTimeOffset publishedBefore, CancellationToken cancellationToken);
}

/// <summary>
/// Makes consumers idempotent: records (event id, consumer) in the service's own store in the same
/// transaction as the handler's changes, so an event redelivered after a crash or a broker restart is
/// handled exactly once.
/// </summary>
public interface IInboxStore
{
    /// <returns>false when this consumer already handled this event (nothing is run then).</returns>
    Task<bool> HandleOnceAsync(Guid eventId, string consumer, Func<CancellationToken, Task> handle, CancellationToken cancellationToken);

    /// <summary>Forgets the events handled before <paramref name="handledBefore"/>.</summary>
    Task DeleteHandledAsync(DateTimeOffset handledBefore, CancellationToken cancellationToken);
}
