using System.Globalization;
using SkillSwap.Chat.Conversations;
using SkillSwap.DocumentStore;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.Chat.Messages;

/// <summary>
/// One message in the archive. The id is the conversation and the sequence (fixed width, so ids sort like sequences);
/// the unique index on (conversation, sender, client message id) makes a retried send collide instead of duplicating,
/// even after the grain that remembered it is gone.
/// </summary>
public sealed class MessageDocument : IDocument
{
    public string Id { get; set; } = "";
    public long Version { get; set; }
    public string ConversationId { get; set; } = "";
    public long Sequence { get; set; }
    public Guid SenderId { get; set; }
    public string ClientMessageId { get; set; } = "";
    public string Text { get; set; } = "";
    public DateTimeOffset SentAt { get; set; }
    public DateTimeOffset? EditedAt { get; set; }
    public DateTimeOffset? DeletedAt { get; set; }

    /// <summary>When a moderator removed it (it is then deleted too): readers see it was moderation, not its author.</summary>
    public DateTimeOffset? RemovedAt { get; set; }

    public static string IdFor(string conversationId, long sequence) =>
        $"{conversationId}:{sequence.ToString("D12", CultureInfo.InvariantCulture)}";

    public static MessageDocument New(string conversationId, long sequence, Guid senderId, string clientMessageId, string text, DateTimeOffset now) => new()
    {
        Id = IdFor(conversationId, sequence),
        ConversationId = conversationId,
        Sequence = sequence,
        SenderId = senderId,
        ClientMessageId = clientMessageId,
        Text = text,
        SentAt = now,
    };

    public bool Deleted => DeletedAt is not null;

    public void Delete(DateTimeOffset now)
    {
        Text = "";
        DeletedAt = now;
    }

    /// <summary>Moderation removes it: its text goes for good, like a deletion, and it says who removed it.</summary>
    public void RemoveByModeration(DateTimeOffset now)
    {
        Delete(DeletedAt ?? now);
        RemovedAt = now;
    }

    /// <summary>The message as moderation is shown it (next to a reported one, or before a dispute).</summary>
    public QuotedMessage ToQuote() => new(Sequence, SenderId, Text, SentAt);

    public MessageView ToView() =>
        new(ConversationId, Sequence, SenderId, SenderId == Guid.Empty ? null : ClientMessageId, Text, SentAt, EditedAt, Deleted, RemovedAt is not null);
}
