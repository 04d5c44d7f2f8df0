using System.Linq.Expressions;
using SkillSwap.EventBus;
using SkillSwap.EventBus.Outbox;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.DocumentStore.Outbox;

/// <summary>An integration event committed with the change that raised it, waiting for the relay to publish it.</summary>
public sealed class OutboxDocument : IDocument
{
    /// <summary>The event id ("D" format), so staging the same event twice is a duplicate, not two messages.</summary>
    public string Id { get; init; } = "";

    public long Version { get; set; }

    public Guid EventId { get; init; }

    public string EventType { get; init; } = "";

    public string Payload { get; init; } = "";

    public DateTimeOffset OccurredAt { get; init; }

    public string? TraceParent { get; init; }

    public string? TraceState { get; init; }

    public bool Published { get; set; }

    public DateTimeOffset? PublishedAt { get; set; }

    /// <summary>
    /// Captures the event and the ambient W3C trace context through the event bus's own serializer, so rows written
    /// by the document store and by EF Core services are read by the same consumer code.
    /// </summary>
    public static OutboxDocument Capture(IntegrationEvent integrationEvent)
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        var message = IntegrationEventSerializer.ToOutboxMessage(integrationEvent);
        return new OutboxDocument
        {
            Id = message.EventId.ToString("D"),
            EventId = message.EventId,
            EventType = message.EventType,
            Payload = message.Payload,
            OccurredAt = message.OccurredAt,
            TraceParent = message.TraceParent,
            TraceState = message.TraceState,
        };
    }

    public OutboxMessage ToMessage() => new(EventId, EventType, Payload, OccurredAt, TraceParent, TraceState);
}

/// <summary>The outbox's queries, shared by the store and the offline MQL translation tests.</summary>
internal static class OutboxQueries
{
    /// <summary>Oldest first; the event id (UUIDv7, time-ordered) breaks ties between events of the same instant.</summary>
    public static IQueryable<OutboxDocument> Unpublished(IQueryable<OutboxDocument> outbox, int maxCount) =>
        // "== false", not "!": MongoDB renders "!" as { $ne: true }, which scans the index less tightly.
        outbox.Where(message => message.Published == false)
            .OrderBy(message => message.OccurredAt)
            .ThenBy(message => message.Id)
            .Take(maxCount);

    public static IQueryable<OutboxDocument> UnpublishedAmong(IQueryable<OutboxDocument> outbox, string[] ids) =>
        outbox.Where(message => ids.Contains(message.Id) && message.Published == false);

    public static Expression<Func<OutboxDocument, bool>> PublishedBefore(DateTimeOffset cutoff) =>
        message => message.Published == true && message.PublishedAt < cutoff;
}
