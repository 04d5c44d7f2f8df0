using SkillSwap.IntegrationEvents;
using SkillSwap.Sessions.Calendar;
using SkillSwap.Sessions.Participants;
using SkillSwap.Sessions.Model;

namespace SkillSwap.Sessions.Requests;

public sealed record AcceptSlotRequest(DateTimeOffset? StartsAt);

public sealed record ProposeSlotsRequest(IReadOnlyList<DateTimeOffset>? ProposedStarts);

/// <summary>The answers to a request: accept one of the slots on the table, put others on it, or (the teacher) decline.</summary>
public static class RespondToRequest
{
    /// <summary>
    /// The party whose turn it is picks one proposed slot: the session is confirmed and the slot taken in both
    /// participants' calendars in the same commit, so a participant already busy then makes the whole accept fail.
    /// </summary>
    public static async Task AcceptAsync(SessionChange change, DateTimeOffset startsAt, CancellationToken cancellationToken)
    {
        var session = change.Session;
        RequireOneToOne(session);
        RequireTurn(change, SessionStatus.Confirmed);
        await RequireNotBlockedAsync(change, cancellationToken);
        if (!session.ProposedStarts.Contains(startsAt.ToUniversalTime()))
        {
            throw SessionRuleException.Invalid("startsAt", "Accept one of the proposed start times.");
        }
        if (startsAt < change.Now + change.Options.MinimumNotice)
        {
            throw SessionRuleException.TooLate(
                $"This start time is less than {change.Options.MinimumNotice.TotalMinutes:0} minutes away (or past); propose another one.");
        }
        session.MoveTo(SessionStatus.Confirmed);
        session.StartsAt = startsAt.ToUniversalTime();
        session.EndsAt = session.StartsAt.AddMinutes(session.DurationMinutes);
        session.ProposedStarts = [];
        session.AwaitingResponseFrom = null;
        CalendarClaims.Claim(change.Db, session, session.TeacherId);
        foreach (var learnerId in session.ActiveLearnerIds)
        {
            CalendarClaims.Claim(change.Db, session, learnerId);
        }
        change.Publish(new SessionConfirmed(session.SessionId, session.TeacherId, session.ActiveLearnerIds, session.SkillLabel, session.StartsAt, session.EndsAt));
    }

    /// <summary>A counter-proposal: the other side's turn. A learner's slots must fit the teacher's availability; the teacher proposes from their own calendar.</summary>
    public static async Task ProposeAsync(SessionChange change, IReadOnlyList<DateTimeOffset> proposedStarts, CancellationToken cancellationToken)
    {
        var session = change.Session;
        RequireOneToOne(session);
        RequireTurn(change, SessionStatus.Requested);
        await RequireNotBlockedAsync(change, cancellationToken);
        var starts = SlotRules.Normalise(proposedStarts);
        if (change.CallerRole == SessionRole.Learner)
        {
            SlotRules.RequireTeacherAvailable(await change.Db.ParticipantAsync(session.TeacherId, cancellationToken), starts, session.DurationMinutes);
        }
        session.MoveTo(SessionStatus.Requested);
        session.ProposedStarts = starts;
        session.StartsAt = starts[0];
        session.EndsAt = starts[0].AddMinutes(session.DurationMinutes);
        session.AwaitingResponseFrom = change.CallerRole == SessionRole.Teacher ? SessionRole.Learner : SessionRole.Teacher;
    }

    /// <summary>The teacher says no: the learner's credits go back in full.</summary>
    public static Task DeclineAsync(SessionChange change, CancellationToken cancellationToken)
    {
        var session = change.Session;
        RequireOneToOne(session);
        if (change.CallerRole != SessionRole.Teacher)
        {
            throw SessionRuleException.Forbidden("Only the teacher declines a request; a learner cancels it.");
        }
        session.MoveTo(SessionStatus.Declined);
        session.AwaitingResponseFrom = null;
        foreach (var seat in session.ActiveSeats.ToList())
        {
            seat.Status = SeatStatus.Cancelled;
            change.Publish(new BookingCancelled(seat.BookingId, session.SessionId, seat.LearnerId, session.TeacherId, BookingCancellationReason.TeacherDeclined, Late: false));
            change.Publish(new SessionDeclined(session.SessionId, session.TeacherId, seat.LearnerId, session.SkillLabel));
        }
        return Task.CompletedTask;
    }

    /// <summary>A block set after the request still stops it: neither side can move it towards a meeting.</summary>
    private static async Task RequireNotBlockedAsync(SessionChange change, CancellationToken cancellationToken)
    {
        var teacher = await change.Db.ParticipantAsync(change.Session.TeacherId, cancellationToken);
        foreach (var learnerId in change.Session.ActiveLearnerIds)
        {
            if (ParticipantLookup.EitherBlocked(teacher, await change.Db.ParticipantAsync(learnerId, cancellationToken)))
            {
                throw SessionRuleException.Blocked();
            }
        }
    }

    /// <summary>Only a request waiting for the caller's answer can be answered.</summary>
    private static void RequireTurn(SessionChange change, SessionStatus answerLeadsTo)
    {
        if (change.Session.Status != SessionStatus.Requested)
        {
            throw SessionRuleException.InvalidTransition(change.Session.Status, answerLeadsTo);
        }
        if (change.CallerRole != change.Session.AwaitingResponseFrom)
        {
            throw SessionRuleException.NotYourTurn();
        }
    }

    private static void RequireOneToOne(SessionDocument session)
    {
        if (session.Kind != SessionKind.OneToOne)
        {
            throw SessionRuleException.Invalid("session", "A group session has a fixed time: learners join it, nobody accepts or proposes slots.");
        }
    }
}
