using SkillSwap.DocumentStore;

namespace SkillSwap.Notifications.Inbox;

/// <summary>One entry of a person's inbox, written in their language when it was created.</summary>
public sealed class NotificationDocument : IDocument
{
    public string Id { get; set; } = "";
    public long Version { get; set; }
    public Guid UserId { get; set; }
    public string Type { get; set; } = "";
    public string Category { get; set; } = "";
    public string Title { get; set; } = "";
    public string Body { get; set; } = "";

    /// <summary>What the app needs to open the right screen (sessionId, reviewId…).</summary>
    public Dictionary<string, string> Data { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }

    /// <summary>
    /// The person it names and what else it was written from: when that person is erased, it is written again without
    /// their name (older entries, written before these were kept, lose the name by their Data only).
    /// </summary>
    public Guid? OtherUserId { get; set; }
    public string SkillLabel { get; set; } = "";
    public DateTimeOffset? StartsAt { get; set; }

    /// <summary>From the event that caused it and the recipient: a redelivered event finds its entry already there.</summary>
    public static string IdFor(Guid sourceEventId, Guid userId) => $"{sourceEventId:N}:{userId:N}";
}
