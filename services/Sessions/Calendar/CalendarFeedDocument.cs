using System.Security.Cryptography;
using System.Text;
using SkillSwap.DocumentStore;

namespace SkillSwap.Sessions.Calendar;

/// <summary>
/// A secret calendar-feed address, for calendar applications that subscribe to a URL and cannot send an access token.
/// Only the SHA-256 of the secret is stored (the id), so a leaked database does not leak working feed addresses;
/// one per user (<see cref="ForUser"/> points at the current one), replaced when the user asks for a new one.
/// </summary>
public sealed class CalendarFeedDocument : IDocument
{
    public string Id { get; set; } = "";
    public long Version { get; set; }
    public Guid UserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Set on the user's pointer document only: the id of their current feed.</summary>
    public string? PointsTo { get; set; }

    public static string IdForSecret(string secret) => "feed-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>The pointer from the user to their current feed, so a new address revokes the old one.</summary>
    public static string ForUser(Guid userId) => $"user-{userId:N}";

    public static string NewSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}
