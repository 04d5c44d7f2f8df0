namespace SkillSwap.Identity.OneTimeTokens;

public enum OneTimeTokenPurpose
{
    EmailVerification,
    PasswordReset,
}

/// <summary>A single-use, expiring secret mailed to the user (email confirmation or password reset link).</summary>
public sealed class OneTimeToken
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid UserId { get; init; }
    public OneTimeTokenPurpose Purpose { get; init; }

    /// <summary>SHA-256 of the token; the token itself only travels in the integration event to Notifications.</summary>
    public required byte[] TokenHash { get; init; }

    /// <summary>
    /// For a confirmation link: the password hash of the sign-up that asked for it. The link confirms that sign-up
    /// only: once a later sign-up for the same unconfirmed address replaced the password, the link is void, so a link
    /// can never confirm someone else's password.
    /// </summary>
    public string? SignUpPasswordHash { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Set when used, and also when a newer token of the same purpose replaces it.</summary>
    public DateTimeOffset? ConsumedAt { get; set; }

    /// <summary>PostgreSQL's xmin: two requests racing to use one token cannot both succeed.</summary>
    public uint Version { get; set; }
}
