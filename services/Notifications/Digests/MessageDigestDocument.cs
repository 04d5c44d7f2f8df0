using SkillSwap.DocumentStore;

namespace SkillSwap.Notifications.Digests;

/// <summary>
/// Chat messages gathered for one person while they were away, until <see cref="DueAt"/>; then one push tells of all
/// of them and the digest is gone (the next message starts a new one).
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
    public DateTimeOffset DueAt { get; set; }

    public static string IdFor(Guid userId) => userId.ToString("N");
}
