using SkillSwap.IntegrationEvents;
using SkillSwap.Sessions.Calendar;
using SkillSwap.Sessions.Sessions;

namespace SkillSwap.Sessions.Cancellation;

/// <summary>
/// Either side calls a session off before it starts. Free up to <see cref="SessionsOptions.FreeCancellationWindow"/>
/// before the start; later it is a late cancellation: recorded against the canceller's reliability, and Payments pays
/// the teacher a share when the learner cancels late. In a group session a learner cancelling leaves their seat;
/// the teacher cancelling calls the session off for everyone.
/// </summary>
public static class CancelSession
{
    public static async Task CancelAsync(SessionChange change, CancellationToken cancellationToken)
    {
        var session = change.Session;
        var role = change.CallerRole;
        if (session.Status == SessionStatus.Confirmed && change.Now >= session.StartsAt)
        {
            throw SessionRuleException.TooLate("The session has begun: it can no longer be cancelled; report a problem instead.");
        }
        var late = session.Status == SessionStatus.Confirmed && change.Now > session.StartsAt - change.Options.FreeCancellationWindow;

        if (session.Kind == SessionKind.Group && role == SessionRole.Learner)
        {
            var seat = session.SeatOf(change.CallerId) ?? throw SessionRuleException.InvalidTransition(session.Status, SessionStatus.Cancelled);
            if (session.Status != SessionStatus.Confirmed)
            {
                throw SessionRuleException.InvalidTransition(session.Status, SessionStatus.Cancelled);
            }
            LeaveSeat(change, seat, BookingCancellationReason.LearnerCancelled, late);
        }
        else
        {
            DateTimeOffset? agreedStart = session.Status == SessionStatus.Confirmed ? session.StartsAt : null;
            session.MoveTo(SessionStatus.Cancelled);
            session.CancelledBy = change.CallerId;
            session.LateCancellation = late;
            session.AwaitingResponseFrom = null;
            var learners = session.ActiveLearnerIds;
            var reason = role == SessionRole.Teacher ? BookingCancellationReason.TeacherCancelled : BookingCancellationReason.LearnerCancelled;
            foreach (var seat in session.ActiveSeats.ToList())
            {
                seat.Status = SeatStatus.Cancelled;
                change.Publish(new BookingCancelled(seat.BookingId, session.SessionId, seat.LearnerId, session.TeacherId, reason, late));
            }
            CalendarClaims.ReleaseAll(change.Db, session);
            change.Publish(new SessionCancelled(session.SessionId, change.CallerId, session.TeacherId, learners, session.SkillLabel, agreedStart, late));
        }
        if (late)
        {
            await change.RecordReliabilityAsync(change.CallerId, record => record.LateCancellations++, cancellationToken);
        }
    }

    /// <summary>One learner's booking ends without the session: the seat frees up and Payments settles it.</summary>
    public static void LeaveSeat(SessionChange change, Seat seat, BookingCancellationReason reason, bool late)
    {
        var session = change.Session;
        seat.Status = SeatStatus.Cancelled;
        CalendarClaims.Release(change.Db, session, seat.LearnerId);
        change.Publish(new BookingCancelled(seat.BookingId, session.SessionId, seat.LearnerId, session.TeacherId, reason, late));
        GroupSessions.GroupSessions.AnnounceParticipants(change);
    }
}
