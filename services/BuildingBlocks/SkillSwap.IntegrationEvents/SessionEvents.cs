namespace SkillSwap.IntegrationEvents;

/// <summary>
/// Why a booking ended without the session taking place. Payments refunds in full except for
/// <see cref="LearnerCancelled"/> when late (inside the free-cancellation window), which pays the teacher a share.
/// </summary>
public enum BookingCancellationReason
{
    LearnerCancelled,
    TeacherCancelled,
    TeacherDeclined,

    /// <summary>Nobody accepted a slot before the last proposed one began.</summary>
    Expired,

    /// <summary>Payments did not answer the hold in time; the booking was given up (the saga's timeout).</summary>
    PaymentTimedOut,
}

/// <summary>
/// A learner asked for a place in a session: the start of the booking saga. Payments holds
/// <paramref name="CreditMinutes"/> of the learner's credits in escrow under <paramref name="BookingId"/> (one credit is
/// one hour) and answers <see cref="CreditsHeld"/> or <see cref="CreditsRejected"/>. A one-to-one session has one
/// booking, whose id is the session's; each learner in a group session has their own.
/// </summary>
[Measured]
public sealed record SessionRequested(Guid SessionId, Guid BookingId, Guid LearnerId, Guid TeacherId, int CreditMinutes, string SkillLabel)
    : IntegrationEvent;

/// <summary>
/// Payments credited a new account's welcome grant: the only way credits come into circulation (bookings only move
/// them between wallets and escrow).
/// </summary>
[Measured]
public sealed record WelcomeCreditsGranted(Guid UserId, int CreditMinutes) : IntegrationEvent;

/// <summary>Payments moved the credits from the learner's wallet to the booking's escrow.</summary>
public sealed record CreditsHeld(Guid BookingId, Guid SessionId, Guid LearnerId, int CreditMinutes) : IntegrationEvent;

/// <summary>
/// Payments held nothing: the learner's balance does not cover the booking (<c>insufficient-credits</c>), or the
/// booking was closed before the hold arrived (<c>booking-closed</c>).
/// </summary>
public sealed record CreditsRejected(Guid BookingId, Guid SessionId, Guid LearnerId, string Reason) : IntegrationEvent;

/// <summary>
/// The booking ended without the session happening. Payments refunds the escrow (or records that nothing may be held
/// any more, should the hold arrive later). <paramref name="Late"/>: cancelled inside the free-cancellation window.
/// </summary>
public sealed record BookingCancelled(
    Guid BookingId,
    Guid SessionId,
    Guid LearnerId,
    Guid TeacherId,
    BookingCancellationReason Reason,
    bool Late) : IntegrationEvent;

/// <summary>The session took place for this learner: Payments releases the escrow to the teacher.</summary>
public sealed record BookingCompleted(Guid BookingId, Guid SessionId, Guid LearnerId, Guid TeacherId) : IntegrationEvent;

/// <summary>A participant disputes the booking (it did not take place as agreed, or a no-show): the escrow is frozen.</summary>
public sealed record BookingDisputed(Guid BookingId, Guid SessionId, Guid DisputedBy, string Reason) : IntegrationEvent;

/// <summary>
/// A moderator settled a dispute: <paramref name="LearnerRefundPercent"/> of the escrow goes back to the learner, the
/// rest to the teacher.
/// </summary>
public sealed record BookingDisputeResolved(Guid BookingId, Guid SessionId, Guid ResolvedBy, int LearnerRefundPercent)
    : IntegrationEvent;

/// <summary>The teacher accepted a slot (or the learner accepted the teacher's): the session is planned.</summary>
[Measured]
public sealed record SessionConfirmed(
    Guid SessionId,
    Guid TeacherId,
    IReadOnlyList<Guid> LearnerIds,
    string SkillLabel,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt) : IntegrationEvent;

/// <summary>
/// A group session's paid seats changed (a seat was paid for, or given up): <paramref name="LearnerIds"/> are the
/// learners holding a paid seat now. The whole list each time, so the latest event (by <c>OccurredAt</c>) wins.
/// </summary>
public sealed record GroupSessionParticipantsChanged(Guid SessionId, Guid TeacherId, IReadOnlyList<Guid> LearnerIds, string SkillLabel)
    : IntegrationEvent;

public sealed record SessionDeclined(Guid SessionId, Guid TeacherId, Guid LearnerId, string SkillLabel) : IntegrationEvent;

/// <summary>The whole session was called off (one learner leaving a group session is a <see cref="BookingCancelled"/> only).</summary>
public sealed record SessionCancelled(
    Guid SessionId,
    Guid CancelledBy,
    Guid TeacherId,
    IReadOnlyList<Guid> LearnerIds,
    string SkillLabel,
    DateTimeOffset? StartsAt,
    bool Late) : IntegrationEvent;

/// <summary>A planned session starts in <paramref name="Lead"/> (24 h, then 1 h).</summary>
public sealed record SessionReminderDue(
    Guid SessionId,
    Guid TeacherId,
    IReadOnlyList<Guid> LearnerIds,
    string SkillLabel,
    DateTimeOffset StartsAt,
    TimeSpan Lead) : IntegrationEvent;

/// <summary>The session took place (both confirmed, or 48 h passed without a dispute): reviews open.</summary>
[Measured]
public sealed record SessionCompleted(
    Guid SessionId,
    Guid TeacherId,
    IReadOnlyList<Guid> LearnerIds,
    string SkillLabel,
    DateTimeOffset EndedAt) : IntegrationEvent;

/// <summary>
/// A participant's reliability record changed: what trust scores weigh besides ratings. Late cancellations are those
/// inside the free-cancellation window; no-shows are those a moderator upheld.
/// </summary>
public sealed record UserReliabilityChanged(Guid UserId, int CompletedSessions, int LateCancellations, int NoShows)
    : IntegrationEvent;
