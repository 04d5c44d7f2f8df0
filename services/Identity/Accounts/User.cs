namespace SkillSwap.Identity.Accounts;

/// <summary>An account. Deleted outright when its erasure completes or falls overdue (see <c>Erasure/</c>).</summary>
public sealed class User
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    /// <summary>Always normalised (trimmed, lower-case) so uniqueness holds whatever the user typed.</summary>
    public required string Email { get; set; }

    public required string PasswordHash { get; set; }
    public required string DisplayName { get; set; }

    /// <summary>"fr" or "en": the language of the emails and notifications the user receives.</summary>
    public required string Locale { get; set; }

    public string Role { get; set; } = Roles.Member;
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? EmailVerifiedAt { get; set; }
    public DateTimeOffset? PasswordChangedAt { get; set; }
    public DateTimeOffset? LastLoginAt { get; set; }

    /// <summary>Set when the user asked to be erased: from then on the account can no longer sign in.</summary>
    public DateTimeOffset? ErasureRequestedAt { get; set; }
}
