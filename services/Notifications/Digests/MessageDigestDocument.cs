using SkillSwap.DocumentStore;

namespace SkillSwap.Notifications.Digests;

/// <summary>
/// Chat messages gathered for one person while they were away, until <see cref="DueAt"/>; then one push tells of all
/// of them and the digest is emptied (the next message starts the next <see cref="Round"/>). It is kept, not deleted,
/// so that emptying it is checked against its version like every other change.
/// </summary>
public sealed class MessageDigestDocument : IDocument
{
    public const int NamedSenders = 10;

    public string Id { get; set; } = "";
    public long Version { get; set; }
    public Guid UserId { get; set; }
    public int Count { get; set; }

    /// <summary>The first few senders, in the order they wrote.</summary>
    public List<Guid> SenderIds { get; set; } = [];
    public List<string> ConversationIds { get; set; } = [];

    /// <summary>When the gathered messages are pushed; null while nothing is gathered.</summary>
    public DateTimeOffset? DueAt { get; set; }

    /// <summary>How many digests were pushed before: names this one's push, so it is queued once whoever flushes it.</summary>
    public int Round { get; set; }

    public void Empty()
    {
        Count = 0;
        SenderIds.Clear();
        ConversationIds.Clear();
        DueAt = null;
        Round++;
    }

    public static string IdFor(Guid userId) => userId.ToString("N");
}
