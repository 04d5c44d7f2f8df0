using Microsoft.EntityFrameworkCore;
using SkillSwap.Administration.Infrastructure;
using SkillSwap.EventBus;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.Administration.Moderation;

/// <summary>
/// Remembers every booking from the events announcing it — who booked whom, and each step of its life and of its
/// escrow — so a dispute's case knows both parties and shows the session's timeline. Each step is kept once (by the
/// event's id): the history queue and the service's own queue deliver them in no common order, and the timeline is
/// read in the order the steps happened.
/// </summary>
public sealed class BookingDirectory(AdministrationDbContext db) :
    IIntegrationEventHandler<SessionRequested>,
    IIntegrationEventHandler<CreditsHeld>,
    IIntegrationEventHandler<SessionConfirmed>,
    IIntegrationEventHandler<SessionCompleted>,
    IIntegrationEventHandler<BookingCompleted>,
    IIntegrationEventHandler<BookingCancelled>,
    IIntegrationEventHandler<BookingDisputed>,
    IIntegrationEventHandler<BookingDisputeResolved>
{
    public async Task HandleAsync(SessionRequested requested, CancellationToken cancellationToken)
    {
        if (await db.Bookings.FindAsync([requested.BookingId], cancellationToken) is null)
        {
            db.Bookings.Add(new BookingParties(
                requested.BookingId, requested.SessionId, requested.LearnerId, requested.TeacherId, requested.SkillLabel, requested.CreditMinutes, requested.OccurredAt));
        }
        await AddAsync(Step(requested, requested.SessionId, requested.BookingId, BookingStep.Requested, requested.LearnerId) with { CreditMinutes = requested.CreditMinutes }, cancellationToken);
    }

    public Task HandleAsync(CreditsHeld held, CancellationToken cancellationToken) =>
        AddAsync(Step(held, held.SessionId, held.BookingId, BookingStep.CreditsHeld) with { CreditMinutes = held.CreditMinutes }, cancellationToken);

    public Task HandleAsync(SessionConfirmed confirmed, CancellationToken cancellationToken) =>
        AddAsync(Step(confirmed, confirmed.SessionId, null, BookingStep.Confirmed) with { StartsAt = confirmed.StartsAt, EndsAt = confirmed.EndsAt }, cancellationToken);

    public Task HandleAsync(SessionCompleted completed, CancellationToken cancellationToken) =>
        AddAsync(Step(completed, completed.SessionId, null, BookingStep.Completed) with { EndsAt = completed.EndedAt }, cancellationToken);

    public Task HandleAsync(BookingCompleted completed, CancellationToken cancellationToken) =>
        AddAsync(Step(completed, completed.SessionId, completed.BookingId, BookingStep.CreditsReleased), cancellationToken);

    public Task HandleAsync(BookingCancelled cancelled, CancellationToken cancellationToken) =>
        AddAsync(Step(cancelled, cancelled.SessionId, cancelled.BookingId, BookingStep.Cancelled) with
        {
            CancellationReason = cancelled.Reason,
            Late = cancelled.Late,
        }, cancellationToken);

    public Task HandleAsync(BookingDisputed disputed, CancellationToken cancellationToken) =>
        AddAsync(Step(disputed, disputed.SessionId, disputed.BookingId, BookingStep.Disputed, disputed.DisputedBy), cancellationToken);

    public Task HandleAsync(BookingDisputeResolved resolved, CancellationToken cancellationToken) =>
        AddAsync(Step(resolved, resolved.SessionId, resolved.BookingId, BookingStep.Settled, resolved.ResolvedBy) with
        {
            LearnerRefundPercent = resolved.LearnerRefundPercent,
        }, cancellationToken);

    /// <summary>A booking's steps in the order they happened, with its session's (confirmed, completed).</summary>
    public static async Task<IReadOnlyList<TimelineStep>> TimelineAsync(AdministrationDbContext db, Guid bookingId, Guid sessionId, CancellationToken cancellationToken) =>
        await db.BookingTimeline.AsNoTracking()
            .Where(e => e.BookingId == bookingId || (e.BookingId == null && e.SessionId == sessionId))
            .OrderBy(e => e.At).ThenBy(e => e.Step)
            .Select(e => new TimelineStep(e.Step, e.At, e.ActorId, e.CreditMinutes, e.StartsAt, e.EndsAt, e.LearnerRefundPercent, e.CancellationReason, e.Late))
            .ToListAsync(cancellationToken);

    private static BookingTimelineEntry Step(IntegrationEvent announced, Guid sessionId, Guid? bookingId, BookingStep step, Guid? actorId = null) =>
        new() { EventId = announced.Id, SessionId = sessionId, BookingId = bookingId, Step = step, At = announced.OccurredAt, ActorId = actorId };

    private async Task AddAsync(BookingTimelineEntry entry, CancellationToken cancellationToken)
    {
        if (!await db.BookingTimeline.AnyAsync(e => e.EventId == entry.EventId, cancellationToken))
        {
            db.BookingTimeline.Add(entry);
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>
/// Who booked whom, what and for how many credits, learned from <c>SessionRequested</c>: a dispute names only who raised
/// it. The last three are unknown (null) for bookings remembered before they were kept.
/// </summary>
public sealed record BookingParties(
    Guid BookingId, Guid SessionId, Guid LearnerId, Guid TeacherId, string? SkillLabel = null, int? CreditMinutes = null, DateTimeOffset? RequestedAt = null);

/// <summary>What happened to a booking and its escrow, as the console's timeline names it.</summary>
public enum BookingStep { Requested, CreditsHeld, Confirmed, Completed, CreditsReleased, Cancelled, Disputed, Settled }

/// <summary>
/// One step of a booking's life, from the event that announced it. The session's own steps (confirmed, completed) name
/// no booking: they belong to every booking of the session.
/// </summary>
public sealed record BookingTimelineEntry
{
    public required Guid EventId { get; init; }
    public required Guid SessionId { get; init; }
    public Guid? BookingId { get; init; }
    public required BookingStep Step { get; init; }
    public required DateTimeOffset At { get; init; }

    /// <summary>Who took the step, when the event says: the learner who asked, the party who disputed, the moderator who settled.</summary>
    public Guid? ActorId { get; set; }

    /// <summary>The credit minutes asked for or held in escrow.</summary>
    public int? CreditMinutes { get; init; }

    /// <summary>When the confirmed session was planned; when a completed one ended (<see cref="EndsAt"/> only).</summary>
    public DateTimeOffset? StartsAt { get; init; }
    public DateTimeOffset? EndsAt { get; init; }

    /// <summary>A settlement's share of the escrow back to the learner; the rest went to the teacher.</summary>
    public int? LearnerRefundPercent { get; init; }

    /// <summary>Why a booking was cancelled ("teacher-declined", "learner-cancelled"…), and whether inside the free-cancellation window.</summary>
    public BookingCancellationReason? CancellationReason { get; init; }
    public bool Late { get; init; }
}

/// <summary>A step of a disputed booking's timeline, as a case shows it.</summary>
public sealed record TimelineStep(
    BookingStep Step, DateTimeOffset At, Guid? ActorId, int? CreditMinutes, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, int? LearnerRefundPercent,
    BookingCancellationReason? CancellationReason, bool Late);
