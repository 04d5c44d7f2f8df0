namespace SkillSwap.Chat.Conversations;

/// <summary>A conversation as one member sees it; <see cref="Unread"/> counts what others posted after their read marker.</summary>
[GenerateSerializer, Immutable, Alias("chat.conversation")]
public sealed record ConversationView(
    string Id,
    ConversationKind Kind,
    IReadOnlyList<Guid> MemberIds,
    IReadOnlyList<Guid> SessionIds,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastMessageAt,
    long LastSequence,
    long ReadUpTo,
    long Unread,
    IReadOnlyList<ReadReceipt> ReadMarkers);

/// <summary>
/// A message; <see cref="Text"/> is plain text (never HTML: clients must render it as text). A deleted message keeps its
/// sequence with an empty text, so history has no unexplained holes; <see cref="Guid.Empty"/> as sender is a former member.
/// <see cref="RemovedByModeration"/>: deleted by a moderator's decision, not by its author.
/// </summary>
[GenerateSerializer, Immutable, Alias("chat.message")]
public sealed record MessageView(
    string ConversationId,
    long Sequence,
    Guid SenderId,
    string? ClientMessageId,
    string Text,
    DateTimeOffset SentAt,
    DateTimeOffset? EditedAt,
    bool Deleted,
    bool RemovedByModeration = false);

[GenerateSerializer, Immutable, Alias("chat.read-receipt")]
public sealed record ReadReceipt(string ConversationId, Guid UserId, long Sequence);

[GenerateSerializer, Immutable, Alias("chat.typing")]
public sealed record TypingSignal(string ConversationId, Guid UserId);

/// <summary>What a grain answers: a value, or why not (<see cref="ChatError"/>), without exceptions across silos.</summary>
[GenerateSerializer, Immutable, Alias("chat.outcome`1")]
public sealed record Outcome<T>(T? Value, ChatError Error);

public static class Outcome
{
    public static Outcome<T> Ok<T>(T value) => new(value, ChatError.None);

    public static Outcome<T> Fail<T>(ChatError error) => new(default, error);
}

[GenerateSerializer, Alias("chat.error")]
public enum ChatError
{
    None,

    /// <summary>No such conversation, or the caller is not a member: the same answer, so ids cannot be probed.</summary>
    ConversationNotFound,
    MessageNotFound,
    NotTheAuthor,

    /// <summary>A direct conversation whose other member erased their account: it can be read, no longer written to.</summary>
    ConversationClosed,

    /// <summary>Someone else changed the same document at the same moment.</summary>
    Concurrent,
}
