namespace SkillSwap.EventBus.EntityFrameworkCore.Inbox;

/// <summary>A row of <c>inbox_messages</c>: <see cref="Consumer"/> has handled <see cref="EventId"/> and committed its changes.</summary>
public sealed class InboxRecord
{
    public Guid EventId { get; set; }
    public string Consumer { get; set; } = "";
    public DateTimeOffset HandledAt { get; set; }
}
