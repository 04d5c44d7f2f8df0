namespace SkillSwap.EventBus.EntityFrameworkCore.Outbox;

/// <summary>A row of <c>outbox_messages</c>; <see cref="PublishedAt"/> stays null until the broker confirmed it.</summary>
public sealed class OutboxRecord
{
    public Guid EventId { get; set; }
    public string EventType { get; set; } = "";
    public string Payload { get; set; } = "";
    public DateTimeOffset OccurredAt { get; set; }
    public string? TraceParent { get; set; }
    public string? TraceState { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }

    internal static OutboxRecord From(OutboxMessage message) => new()
    {
        EventId = message.EventId,
        EventType = message.EventType,
        Payload = message.Payload,
        // PostgreSQL's timestamptz only takes UTC offsets.
        OccurredAt = message.OccurredAt.ToUniversalTime(),
        TraceParent = message.TraceParent,
        TraceState = message.TraceState,
    };
}
