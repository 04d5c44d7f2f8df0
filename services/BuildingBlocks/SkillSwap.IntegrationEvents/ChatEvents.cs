namespace SkillSwap.IntegrationEvents;

/// <summary>
/// A member reported a chat message to moderation. <paramref name="Text"/> is the message as it read when reported
/// (the sender may edit or delete it afterwards); <paramref name="Reason"/> is the reporter's own words.
/// </summary>
[CarriesSensitiveData(nameof(Text), nameof(Reason), nameof(Context))]
public sealed record ChatMessageReported(
    Guid ReportId,
    string ConversationId,
    long Sequence,
    Guid ReporterId,
    Guid SenderId,
    string Text,
    string Reason) : IntegrationEvent
{
    /// <summary>
    /// The messages around it as the reporter could read them then (up to five before and five after, deleted ones left
    /// out), so the moderator sees the exchange and not one line out of it.
    /// </summary>
    public IReadOnlyList<QuotedMessage> Context { get; init; } = [];
}

/// <summary>A message quoted to moderation (next to a reported one, or before a dispute), as it read then.</summary>
public sealed record QuotedMessage(long Sequence, Guid SenderId, string Text, DateTimeOffset SentAt);

/// <summary>
/// Chat's answer to a <see cref="BookingDisputed"/>: the last messages of the session's conversation up to the dispute
/// (at most twenty, as the person who raised it could read them, deleted ones left out), so the moderator settling it
/// reads what the parties told each other. Nothing is published when the session had no conversation.
/// </summary>
[CarriesSensitiveData(nameof(Messages))]
public sealed record DisputedSessionChatQuoted(
    Guid BookingId,
    Guid SessionId,
    Guid DisputedBy,
    string ConversationId,
    IReadOnlyList<QuotedMessage> Messages) : IntegrationEvent;

/// <summary>
/// Any service asks Chat to push a notification to <paramref name="UserId"/>'s connected apps (every device, every
/// replica) over the realtime connection. <paramref name="Type"/> names it for the app ("session.requested"…);
/// <paramref name="Payload"/> is a JSON object the app renders. Delivered at most once, only while the user is
/// connected: the sender keeps its own inbox for the rest.
/// </summary>
public sealed record RealtimeNotificationRequested(Guid UserId, string Type, string Payload) : IntegrationEvent;

/// <summary>
/// <paramref name="Count"/> messages were stored in one conversation for <paramref name="RecipientId"/> while none of
/// their apps was in the foreground (offline or away), so they did not see them arrive; a conversation reports at most
/// once a second per recipient. Notifications gathers these into one digest push. No text: a push is read on a lock
/// screen. <paramref name="SenderIds"/> are the first few senders, in order.
/// </summary>
public sealed record ChatMessagesWhileOffline(
    Guid RecipientId,
    string ConversationId,
    IReadOnlyList<Guid> SenderIds,
    int Count,
    long LastSequence,
    DateTimeOffset LastSentAt) : IntegrationEvent;

/// <summary>
/// <paramref name="UserId"/> sent at least one message on <paramref name="Day"/> (UTC): announced with the first message
/// of their day (rarely twice, when two replicas store their messages), never with the text or the conversation. The
/// KPIs learn from it who talks and when, without an event per message.
/// </summary>
[Measured]
public sealed record ChatMemberWrote(Guid UserId, DateOnly Day) : IntegrationEvent;
