namespace SkillSwap.Identity.Login;

/// <summary>
/// Failed sign-ins for one email address, registered or not. Keying by the address rather than the account
/// makes a locked unknown email answer exactly like a locked real one, so lockout reveals nothing.
/// Stored under the SHA-256 of the normalised email: addresses of people who have no account are never kept.
/// </summary>
public sealed class LoginThrottle
{
    public required byte[] EmailHash { get; init; }
    public int FailureCount { get; set; }
    public DateTimeOffset WindowStartedAt { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
}
