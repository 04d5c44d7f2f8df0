using SkillSwap.IntegrationEvents;

namespace SkillSwap.Payments.Escrow;

public enum EscrowStatus
{
    /// <summary>The learner's credits are in the booking's escrow account.</summary>
    Held,

    /// <summary>Everything went to the teacher (the session took place, or a dispute was settled in the teacher's favour).</summary>
    Released,

    /// <summary>Everything went back to the learner.</summary>
    Refunded,

    /// <summary>Split between learner and teacher: a late learner cancellation or a dispute settlement.</summary>
    PartiallyRefunded,

    /// <summary>Disputed: completions and cancellations are ignored until a moderator's resolution.</summary>
    Frozen,

    /// <summary>The booking was cancelled before any hold: a later hold request is answered "booking-closed".</summary>
    ClosedWithoutHold,

    /// <summary>The hold was refused (insufficient credits): nothing was held.</summary>
    Rejected,
}

/// <summary>
/// What Payments knows of one booking, keyed by its id so every operation on it happens at most once whatever the
/// event ids. Parties are wallet account ids, never user ids, so erasure needs to touch only the wallets.
/// </summary>
public sealed class BookingEscrow
{
    public Guid BookingId { get; set; }
    public Guid SessionId { get; set; }
    public Guid LearnerAccountId { get; set; }
    public Guid TeacherAccountId { get; set; }

    /// <summary>The escrow account, once credits were held.</summary>
    public Guid? EscrowAccountId { get; set; }

    /// <summary>The amount asked for by the booking (held when <see cref="Status"/> went through Held).</summary>
    public int AmountMinutes { get; set; }

    public EscrowStatus Status { get; set; }
    public int RefundedMinutes { get; set; }
    public int ReleasedMinutes { get; set; }
    public BookingCancellationReason? CancellationReason { get; set; }
    public bool LateCancellation { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? DisputedAt { get; set; }

    /// <summary>Credits still in escrow.</summary>
    public bool IsOpen => Status is EscrowStatus.Held or EscrowStatus.Frozen;
}
