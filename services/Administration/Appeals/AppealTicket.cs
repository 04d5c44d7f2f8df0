using System.Security.Cryptography;
using System.Text;

namespace SkillSwap.Administration.Appeals;

/// <summary>
/// The single-use link that lets the person a decision concerns contest it — the only door a suspended or banned person
/// has, since they cannot sign in. Only the token's SHA-256 is kept: the token itself travels once, in the decision's
/// event, to the email Notifications sends. Valid for <see cref="Validity"/>, for the decision it was issued with.
/// </summary>
public sealed class AppealTicket
{
    public static readonly TimeSpan Validity = TimeSpan.FromDays(30);
    public const int TextMinLength = 20;
    public const int TextMaxLength = 2000;

    public string TokenHash { get; private set; } = "";
    public Guid CaseId { get; private set; }
    public Guid UserId { get; private set; }

    /// <summary>When the decision it contests was taken: a later decision makes the ticket stale.</summary>
    public DateTimeOffset DecidedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }
    public DateTimeOffset? UsedAt { get; private set; }
    public uint Version { get; private set; }

    private AppealTicket()
    {
    }

    /// <summary>A new ticket and the token to put in the link (not stored).</summary>
    public static (AppealTicket Ticket, string Token) Issue(Guid caseId, Guid userId, DateTimeOffset decidedAt)
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (new AppealTicket { TokenHash = HashOf(token), CaseId = caseId, UserId = userId, DecidedAt = decidedAt, ExpiresAt = decidedAt + Validity }, token);
    }

    public static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public bool IsValidAt(DateTimeOffset now) => now < ExpiresAt;

    /// <summary>The appeal is made: the ticket cannot be used again.</summary>
    public void Use(DateTimeOffset now)
    {
        if (UsedAt is not null)
        {
            throw RuleViolationException.Conflict("already-appealed", "This decision was already contested; the decision after an appeal is final.");
        }
        UsedAt = now;
    }
}
