using SkillSwap.IntegrationEvents;

namespace SkillSwap.Sessions.Model;

/// <summary>
/// What a session does when asked, whoever asks (an endpoint, Payments' answer, the clock, an erasure): each method
/// checks the rules that depend on the session alone, changes it, and returns the events to stage. What needs other
/// documents (calendars, blocks, availability, reliability records) stays with the feature that calls it.
/// </summary>
public sealed partial class SessionDocument
{
    /// <summary>Only a request waiting for <paramref name="by"/>'s answer can be answered.</summary>
    public void EnsureTurnOf(SessionRole? by, SessionStatus answerLeadsTo)
    {
        EnsureOneToOne();
        if (Status != SessionStatus.Requested)
        {
            throw SessionRuleException.InvalidTransition(Status, answerLeadsTo);
        }
        if (by != AwaitingResponseFrom)
        {
            throw SessionRuleException.NotYourTurn();
        }
    }

    /// <summary>The party whose turn it is picks one of the proposed starts: the session is confirmed.</summary>
    public SessionConfirmed Accept(SessionRole? by, DateTimeOffset startsAt, DateTimeOffset now, TimeSpan minimumNotice)
    {
        EnsureTurnOf(by, SessionStatus.Confirmed);
        if (!ProposedStarts.Contains(startsAt.ToUniversalTime()))
        {
            throw SessionRuleException.Invalid("startsAt", "Accept one of the proposed start times.");
        }
        if (startsAt < now + minimumNotice)
        {
            throw SessionRuleException.TooLate(
                $"This start time is less than {minimumNotice.TotalMinutes:0} minutes away (or past); propose another one.");
        }
        MoveTo(SessionStatus.Confirmed);
        StartsAt = startsAt.ToUniversalTime();
        EndsAt = StartsAt.AddMinutes(DurationMinutes);
        ProposedStarts = [];
        AwaitingResponseFrom = null;
        return new SessionConfirmed(SessionId, TeacherId, ActiveLearnerIds, SkillLabel, StartsAt, EndsAt);
    }

    /// <summary>A counter-proposal of normalised <paramref name="starts"/>: the other side's turn.</summary>
    public void Propose(SessionRole? by, IReadOnlyList<DateTimeOffset> starts)
    {
        EnsureTurnOf(by, SessionStatus.Requested);
        MoveTo(SessionStatus.Requested);
        ProposedStarts = [.. starts];
        StartsAt = starts[0];
        EndsAt = starts[0].AddMinutes(DurationMinutes);
        AwaitingResponseFrom = by == SessionRole.Teacher ? SessionRole.Learner : SessionRole.Teacher;
    }

    /// <summary>The teacher says no: every seat is cancelled and the learner's credits go back in full.</summary>
    public IReadOnlyList<IntegrationEvent> Decline(SessionRole? by)
    {
        EnsureOneToOne();
        if (by != SessionRole.Teacher)
        {
            throw SessionRuleException.Forbidden("Only the teacher declines a request; a learner cancels it.");
        }
        MoveTo(SessionStatus.Declined);
        AwaitingResponseFrom = null;
        var events = new List<IntegrationEvent>();
        foreach (var seat in ActiveSeats.ToList())
        {
            Put(seat with { Status = SeatStatus.Cancelled });
            events.Add(new BookingCancelled(seat.BookingId, SessionId, seat.LearnerId, TeacherId, BookingCancellationReason.TeacherDeclined, Late: false));
            events.Add(new SessionDeclined(SessionId, TeacherId, seat.LearnerId, SkillLabel));
        }
        return events;
    }

    /// <summary>
    /// Called off for everyone: every active seat is cancelled (Payments refunds or splits each booking by
    /// <paramref name="late"/>) and the participants are told who called it off (<see cref="Guid.Empty"/>: a former
    /// member, when their erasure calls it off) and, if it was confirmed, when it would have started.
    /// </summary>
    public IReadOnlyList<IntegrationEvent> CallOff(Guid cancelledBy, BookingCancellationReason reason, bool late)
    {
        DateTimeOffset? agreedStart = Status == SessionStatus.Confirmed ? StartsAt : null;
        var learners = ActiveLearnerIds;
        MoveTo(SessionStatus.Cancelled);
        CancelledBy = cancelledBy;
        LateCancellation = late;
        AwaitingResponseFrom = null;
        var events = new List<IntegrationEvent>();
        foreach (var seat in ActiveSeats.ToList())
        {
            Put(seat with { Status = SeatStatus.Cancelled });
            events.Add(new BookingCancelled(seat.BookingId, SessionId, seat.LearnerId, TeacherId, reason, late));
        }
        events.Add(new SessionCancelled(SessionId, cancelledBy, TeacherId, learners, SkillLabel, agreedStart, late));
        return events;
    }

    /// <summary>One learner's booking ends without the session: the seat frees up and Payments settles it.</summary>
    public BookingCancelled LeaveSeat(Seat seat, BookingCancellationReason reason, bool late)
    {
        Put(seat with { Status = SeatStatus.Cancelled });
        return new BookingCancelled(seat.BookingId, SessionId, seat.LearnerId, TeacherId, reason, late);
    }

    /// <summary>Payments holds the seat's credits: a one-to-one request now reaches the teacher.</summary>
    public void HoldSeat(Seat seat)
    {
        Put(seat with { Status = SeatStatus.Held });
        if (Kind == SessionKind.OneToOne)
        {
            MoveTo(SessionStatus.Requested);
        }
    }

    /// <summary>Payments could not hold the seat's credits (or did not answer in time): nothing is owed.</summary>
    public void RejectSeat(Seat seat)
    {
        Put(seat with { Status = SeatStatus.Rejected });
        if (Kind == SessionKind.OneToOne)
        {
            MoveTo(SessionStatus.Rejected);
            AwaitingResponseFrom = null;
        }
    }

    /// <summary>
    /// A participant confirms, after the end, that the session took place; true once the teacher and every learner
    /// holding a seat have.
    /// </summary>
    public bool ConfirmCompletion(Guid callerId, DateTimeOffset now)
    {
        if (Status != SessionStatus.Confirmed)
        {
            throw SessionRuleException.InvalidTransition(Status, SessionStatus.Completed);
        }
        if (now < EndsAt)
        {
            throw SessionRuleException.TooEarly("A session is confirmed as having taken place once it has ended.");
        }
        if (RoleOf(callerId) == SessionRole.Teacher)
        {
            TeacherConfirmedCompletion = true;
        }
        else
        {
            var seat = Seats.FirstOrDefault(seat => seat.LearnerId == callerId && seat.Status == SeatStatus.Held)
                ?? throw SessionRuleException.InvalidTransition(Status, SessionStatus.Completed);
            Put(seat with { ConfirmedCompletion = true });
        }
        return TeacherConfirmedCompletion && Seats.Where(seat => seat.Status == SeatStatus.Held).All(seat => seat.ConfirmedCompletion);
    }

    /// <summary>Completes every paid seat that is not disputed (releasing its escrow) and the session with them; returns the events and the learners completed.</summary>
    public (IReadOnlyList<IntegrationEvent> Events, IReadOnlyList<Guid> Learners) Complete()
    {
        MoveTo(SessionStatus.Completed);
        var learners = new List<Guid>();
        var events = new List<IntegrationEvent>();
        foreach (var seat in Seats.Where(seat => seat.Status == SeatStatus.Held).ToList())
        {
            Put(seat with { Status = SeatStatus.Completed });
            learners.Add(seat.LearnerId);
            events.Add(new BookingCompleted(seat.BookingId, SessionId, seat.LearnerId, TeacherId));
        }
        events.Add(new SessionCompleted(SessionId, TeacherId, learners, SkillLabel, EndsAt));
        return (events, learners);
    }

    /// <summary>
    /// A participant says the session did not take place as agreed, between its start and the end of the time to
    /// dispute: the escrow is frozen. In a group session a learner disputes their own seat; the others complete normally.
    /// </summary>
    public IReadOnlyList<IntegrationEvent> RaiseDispute(Guid callerId, string reason, string? details, DateTimeOffset now, TimeSpan timeToDispute)
    {
        if (Status != SessionStatus.Confirmed)
        {
            throw SessionRuleException.InvalidTransition(Status, SessionStatus.Disputed);
        }
        if (now < StartsAt)
        {
            throw SessionRuleException.TooEarly("A session can be disputed once it has begun; before that, cancel it.");
        }
        if (now > EndsAt + timeToDispute)
        {
            throw SessionRuleException.TooLate("The time to dispute this session is over.");
        }
        var dispute = new SessionDispute(callerId, reason, details, now);
        if (Kind == SessionKind.Group)
        {
            if (RoleOf(callerId) == SessionRole.Teacher)
            {
                throw SessionRuleException.Forbidden("In a group session each learner disputes their own seat; a teacher reports problems to support.");
            }
            var seat = Seats.FirstOrDefault(seat => seat.LearnerId == callerId && seat.Status == SeatStatus.Held)
                ?? throw SessionRuleException.InvalidTransition(Status, SessionStatus.Disputed);
            Put(seat with { Status = SeatStatus.Disputed });
            Dispute ??= dispute;
            return [new BookingDisputed(seat.BookingId, SessionId, callerId, reason)];
        }
        MoveTo(SessionStatus.Disputed);
        Dispute = dispute;
        var events = new List<IntegrationEvent>();
        foreach (var seat in Seats.Where(seat => seat.Status == SeatStatus.Held).ToList())
        {
            Put(seat with { Status = SeatStatus.Disputed });
            events.Add(new BookingDisputed(seat.BookingId, SessionId, callerId, reason));
        }
        return events;
    }

    /// <summary>
    /// A moderator's decision on one disputed booking (the only one of a one-to-one session, or a group learner's);
    /// returns the event and whose absence, if anyone's, the moderator upheld.
    /// </summary>
    public (BookingDisputeResolved Event, Guid? NoShow) Resolve(Guid moderatorId, Guid? bookingId, int learnerRefundPercent, SessionRole? noShowBy, DateTimeOffset now)
    {
        if (RoleOf(moderatorId) is not null)
        {
            throw SessionRuleException.Forbidden("A moderator does not settle a dispute about a session they take part in.");
        }
        if (Kind == SessionKind.Group && bookingId is null)
        {
            throw SessionRuleException.Invalid("bookingId", "Name the learner's booking to settle in a group session.");
        }
        var seat = bookingId is { } id
            ? SeatByBooking(id) ?? throw SessionRuleException.Invalid("bookingId", "This session has no booking with this id.")
            : Seats.FirstOrDefault(seat => seat.Status == SeatStatus.Disputed)
                ?? throw SessionRuleException.InvalidTransition(Status, SessionStatus.Resolved);
        if (seat.Status != SeatStatus.Disputed)
        {
            throw SessionRuleException.InvalidTransition(Status, SessionStatus.Resolved);
        }
        if (Kind == SessionKind.OneToOne)
        {
            MoveTo(SessionStatus.Resolved);
        }
        Put(seat with { Status = SeatStatus.Resolved });
        var absent = noShowBy switch
        {
            SessionRole.Teacher => TeacherId,
            SessionRole.Learner => seat.LearnerId,
            _ => (Guid?)null,
        };
        Dispute = (Dispute ?? new SessionDispute(moderatorId, "moderation", null, now)) with
        {
            ResolvedBy = moderatorId,
            LearnerRefundPercent = learnerRefundPercent,
            NoShowBy = absent,
        };
        return (new BookingDisputeResolved(seat.BookingId, SessionId, moderatorId, learnerRefundPercent), absent);
    }

    /// <summary>Whether <paramref name="learnerId"/> may take a seat now: an open group session they are not in, with room.</summary>
    public void EnsureJoinable(Guid learnerId, DateTimeOffset now)
    {
        if (Kind != SessionKind.Group)
        {
            // Someone else's one-to-one session: as invisible as a missing one.
            throw SessionRuleException.NotFound();
        }
        if (Status != SessionStatus.Confirmed || now >= StartsAt)
        {
            throw SessionRuleException.TooLate("This group session is no longer open to join.");
        }
        if (IsTeacher(learnerId) || SeatOf(learnerId) is not null)
        {
            throw SessionRuleException.Invalid("session", "You already take part in this session.");
        }
        if (ActiveSeats.Count() >= Capacity)
        {
            throw SessionRuleException.Full();
        }
    }

    /// <summary>A learner takes a seat, counted against the capacity at once; Payments is asked to hold its credits.</summary>
    public (Seat Seat, SessionRequested Event) TakeSeat(Guid learnerId, DateTimeOffset now)
    {
        EnsureJoinable(learnerId, now);
        var seat = new Seat(Guid.CreateVersion7(), learnerId, SeatStatus.PendingPayment, now);
        Seats.Add(seat);
        if (!ParticipantIds.Contains(learnerId))
        {
            ParticipantIds.Add(learnerId);
        }
        return (seat, new SessionRequested(SessionId, seat.BookingId, learnerId, TeacherId, DurationMinutes, SkillLabel));
    }

    /// <summary>
    /// A member's erasure: their id and what they wrote leave the session; what the others need to read their own
    /// history (the skill, the times, the statuses, the amounts) stays.
    /// </summary>
    public void Forget(Guid erased)
    {
        if (TeacherId == erased)
        {
            TeacherId = Guid.Empty;
            // What the teacher wrote: a group session's description and meeting place.
            Message = null;
            Location = null;
        }
        foreach (var seat in Seats.Where(seat => seat.LearnerId == erased).ToList())
        {
            Put(seat with { LearnerId = Guid.Empty });
            if (Kind == SessionKind.OneToOne)
            {
                Message = null;
            }
        }
        if (CancelledBy == erased)
        {
            CancelledBy = Guid.Empty;
        }
        if (Dispute is { } dispute && dispute.RaisedBy == erased)
        {
            Dispute = dispute with { RaisedBy = Guid.Empty, Details = null };
        }
        ParticipantIds = [.. ParticipantIds.Select(id => id == erased ? Guid.Empty : id).Distinct()];
    }

    /// <summary>Every change of status, checked against <see cref="SessionLifecycle"/>'s table.</summary>
    private void MoveTo(SessionStatus to)
    {
        SessionLifecycle.EnsureCanMove(Status, to);
        Status = to;
    }

    /// <summary>Seats are values: a changed one replaces the one with its booking id (learner ids are blanked by erasure).</summary>
    private void Put(Seat seat) => Seats[Seats.FindIndex(held => held.BookingId == seat.BookingId)] = seat;

    private void EnsureOneToOne()
    {
        if (Kind != SessionKind.OneToOne)
        {
            throw SessionRuleException.Invalid("session", "A group session has a fixed time: learners join it, nobody accepts or proposes slots.");
        }
    }
}
