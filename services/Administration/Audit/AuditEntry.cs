using System.Security.Cryptography;
using System.Text;

namespace SkillSwap.Administration.Audit;

/// <summary>
/// One staff action, appended and never changed: who did what to which target, when, why, and the target's state
/// before and after (JSON). Each entry carries the hash of the previous one and its own, so changing or removing an
/// entry breaks the chain from there on (<see cref="AuditLog.VerifyAsync"/>).
/// </summary>
public sealed class AuditEntry
{
    /// <summary>The hash the first entry chains to.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public long Sequence { get; private set; }
    public Guid ActorId { get; private set; }
    public DateTimeOffset At { get; private set; }
    public string Action { get; private set; } = "";
    public string Target { get; private set; } = "";
    public string Reason { get; private set; } = "";
    public string? Before { get; private set; }
    public string? After { get; private set; }
    public string PreviousHash { get; private set; } = "";
    public string Hash { get; private set; } = "";

    private AuditEntry()
    {
    }

    public static AuditEntry Next(AuditEntry? previous, Guid actorId, DateTimeOffset at, string action, string target, string reason, string? before, string? after)
    {
        var entry = new AuditEntry
        {
            Sequence = (previous?.Sequence ?? 0) + 1,
            ActorId = actorId,
            // PostgreSQL keeps microseconds: the hash is of what is stored, so that reading it back verifies.
            At = new DateTimeOffset(at.UtcTicks - at.UtcTicks % 10, TimeSpan.Zero),
            Action = action,
            Target = target,
            Reason = reason,
            Before = before,
            After = after,
            PreviousHash = previous?.Hash ?? Genesis,
        };
        entry.Hash = entry.ComputeHash();
        return entry;
    }

    /// <summary>SHA-256 of the previous hash and every field, each length-prefixed so no two entries read alike.</summary>
    public string ComputeHash()
    {
        var text = new StringBuilder();
        foreach (var field in new[]
        {
            PreviousHash, Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), ActorId.ToString("N"),
            At.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture), Action, Target, Reason, Before ?? "\0", After ?? "\0",
        })
        {
            text.Append(field.Length).Append(':').Append(field).Append('|');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
