using System.ComponentModel.DataAnnotations;

namespace SkillSwap.Identity.Tokens;

/// <summary>Bound from the "Tokens" section. Issuer and audience come from the shared "Jwt" section every validator reads.</summary>
public sealed class TokenOptions
{
    public const string SectionName = "Tokens";

    /// <summary>Short, because services accept an access token until it expires without asking Identity.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "01:00:00")]
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Sliding: every refresh issues a successor with a fresh lifetime.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "90.00:00:00")]
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);
}
