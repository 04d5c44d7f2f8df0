using SkillSwap.IntegrationEvents;

namespace SkillSwap.Administration.Sanctions;

public enum SanctionKind { Suspension, Ban }

/// <summary>
/// A suspension (until a date) or a ban (no end) of one account, imposed by a moderator's decision. A person has at most
/// one sanction in force: a new one replaces it. It ends when lifted by a moderator, when its date passes, or when
/// replaced; each end but the replacement is announced so the services undo what they did. Changed only by its methods.
/// </summary>
public sealed class Sanction
{
    public const int MaxSuspensionDays = 365;

    public Guid Id { get; private set; }
    public Guid UserId { get; private set; }
    public SanctionKind Kind { get; private set; }
    public DateTimeOffset ImposedAt { get; private set; }

    /// <summary>When a suspension ends by itself; null for a ban.</summary>
    public DateTimeOffset? Until { get; private set; }

    public string Reason { get; private set; } = "";
    public Guid ImposedBy { get; private set; }

    /// <summary>The moderation case it decided, when it came from one.</summary>
    public Guid? CaseId { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

    /// <summary>"lifted", "expired" or "replaced".</summary>
    public string? EndReason { get; private set; }

    public Guid? LiftedBy { get; private set; }
    public uint Version { get; private set; }

    private Sanction()
    {
    }

    /// <summary>
    /// Imposes a sanction (<paramref name="days"/> for a suspension) and the event every service acts on, carrying the
    /// <paramref name="appealToken"/> of the link the person may contest it with.
    /// </summary>
    public static (Sanction Sanction, AccountSanctioned Announcement) Impose(
        Guid userId, Guid staffId, SanctionKind kind, int? days, string reason, Guid? caseId, string? appealToken, DateTimeOffset now)
    {
        EnsureNotOwnAccount(userId, staffId);
        if (kind == SanctionKind.Suspension && days is not (>= 1 and <= MaxSuspensionDays))
        {
            throw RuleViolationException.Invalid($"A suspension lasts 1 to {MaxSuspensionDays} days.");
        }
        var sanction = new Sanction
        {
            Id = Guid.CreateVersion7(),
            UserId = userId,
            Kind = kind,
            ImposedAt = now,
            Until = kind == SanctionKind.Suspension ? now.AddDays(days!.Value) : null,
            Reason = reason,
            ImposedBy = staffId,
            CaseId = caseId,
        };
        var announced = new AccountSanctioned(sanction.Id, userId,
            kind == SanctionKind.Ban ? AccountSanctioned.Ban : AccountSanctioned.Suspension, sanction.Until, reason) { AppealToken = appealToken };
        return (sanction, announced);
    }

    public bool IsInForceAt(DateTimeOffset now) => EndedAt is null && (Until is null || Until > now);

    /// <summary>A moderator ends the sanction early (its lift is announced).</summary>
    public AccountSanctionLifted Lift(Guid staffId, DateTimeOffset now)
    {
        EnsureNotOwnAccount(UserId, staffId);
        if (!IsInForceAt(now))
        {
            throw RuleViolationException.Conflict("sanction-ended", "This sanction is no longer in force.");
        }
        End(now, AccountSanctionLifted.Lifted);
        LiftedBy = staffId;
        return new AccountSanctionLifted(Id, UserId, AccountSanctionLifted.Lifted);
    }

    /// <summary>The clock ends a suspension whose date has passed (its end is announced); null when it is not due.</summary>
    public AccountSanctionLifted? ExpireIfDue(DateTimeOffset now)
    {
        if (EndedAt is not null || Until is not { } until || until > now)
        {
            return null;
        }
        End(until, AccountSanctionLifted.Expired);
        return new AccountSanctionLifted(Id, UserId, AccountSanctionLifted.Expired);
    }

    /// <summary>A newer sanction of the same person takes over; the services learn it from that one's announcement.</summary>
    public void ReplaceAt(DateTimeOffset now) => End(now, "replaced");

    private void End(DateTimeOffset at, string reason)
    {
        EndedAt = at;
        EndReason = reason;
    }

    private static void EnsureNotOwnAccount(Guid userId, Guid staffId)
    {
        if (userId == staffId)
        {
            throw new RuleViolationException(StatusCodes.Status403Forbidden, "own-account", "Staff cannot sanction or lift a sanction of their own account.");
        }
    }
}
