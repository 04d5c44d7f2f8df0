using SkillSwap.DocumentStore;

namespace SkillSwap.Chat.Presence;

/// <summary>When the person was last connected; written when their last connection closes.</summary>
public sealed class PresenceDocument : IDocument
{
    public string Id { get; set; } = "";
    public long Version { get; set; }
    public Guid UserId { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }

    public static string IdFor(Guid userId) => userId.ToString("N");
}
