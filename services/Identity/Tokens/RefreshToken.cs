using SkillSwap.IntegrationEvents;

namespace SkillSwap.Identity.Tokens;

/// <summary>
/// One link of a rotating refresh-token chain. A sign-in starts a family; each refresh uses up the presented
/// token and adds its successor to the same family. Presenting a used token means it was copied: the whole
/// family is revoked, cutting off both the thief and the victim, who signs in again.
/// </summary>
public sealed class RefreshToken
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid UserId { get; init; }
    public Guid FamilyId { get; init; }

    /// <summary>SHA-256 of the opaque token.</summary>
    public required byte[] TokenHash { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    public DateTimeOffset? UsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>Why the family ended (logout, reuse detected, password reset, sanction, erasure), for the user's export and support.</summary>
    public string? RevocationReason { get; set; }
}

public static class RevocationReasons
{
    public const string Logout = SignInsEnded.Logout;
    public const string ReuseDetected = SignInsEnded.ReuseDetected;
    public const string PasswordReset = SignInsEnded.PasswordReset;
    public const string Sanction = SignInsEnded.Sanction;
    public const string Erasure = SignInsEnded.Erasure;
}
