using SkillSwap.DocumentStore;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.Notifications.Recipients;

/// <summary>What Notifications knows of a person to write to them: their language (fr or en), name, address and clock.</summary>
public sealed class RecipientDocument : IDocument, ISanctionRecord
{
    public string Id { get; set; } = "";
    public long Version { get; set; }
    public Guid UserId { get; set; }
    public string Locale { get; set; } = "en";
    public string DisplayName { get; set; } = "";
    public string Email { get; set; } = "";
    public string TimeZone { get; set; } = "UTC";

    /// <summary>The <c>ProfileUpdated.ProfileVersion</c> the name and clock came from (0: none yet, or an older event).</summary>
    public long ProfileVersion { get; set; }

    /// <summary>The sanction whose email was sent last and is still in force, if any.</summary>
    public Guid? SanctionId { get; set; }

    /// <inheritdoc/>
    public Guid? NewestSanctionId { get; set; }

    public static string IdFor(Guid userId) => userId.ToString("N");

    /// <summary>Someone not announced yet (or erased): English, no name, no address, UTC.</summary>
    public static RecipientDocument Unknown(Guid userId) => new() { Id = IdFor(userId), UserId = userId };

    /// <summary>The two languages SkillSwap writes in: French for any French locale, English otherwise.</summary>
    public static string LanguageOf(string locale) => locale.StartsWith("fr", StringComparison.OrdinalIgnoreCase) ? "fr" : "en";

    public TimeZoneInfo Zone() => TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out var zone) ? zone : TimeZoneInfo.Utc;
}
