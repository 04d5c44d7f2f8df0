using SkillSwap.DocumentStore;

namespace SkillSwap.Notifications.Recipients;

/// <summary>What Notifications knows of a person to write to them: their language (fr or en), name and clock.</summary>
public sealed class RecipientDocument : IDocument
{
    public string Id { get; set; } = "";
    public long Version { get; set; }
    public Guid UserId { get; set; }
    public string Locale { get; set; } = "en";
    public string DisplayName { get; set; } = "";
    public string TimeZone { get; set; } = "UTC";

    public static string IdFor(Guid userId) => userId.ToString("N");

    /// <summary>Someone not announced yet (or erased): English, no name, UTC.</summary>
    public static RecipientDocument Unknown(Guid userId) => new() { Id = IdFor(userId), UserId = userId };
}
