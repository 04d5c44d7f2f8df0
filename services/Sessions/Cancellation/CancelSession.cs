using SkillSwap.IntegrationEvents;
using SkillSwap.Sessions.Calendar;
using SkillSwap.Sessions.GroupSessions;
using SkillSwap.Sessions.Model;

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
            CallOff(change, change.CallerId, role == SessionRole.Teacher ? BookingCancellationReason.TeacherCancelled : BookingCancellationReason.LearnerCancelled, late);
        }
        if (late)
        {
            await change.RecordReliabilityAsync(change.CallerId, record => record.LateCancellations++, cancellationToken);
        }
    }

    /// <summary>
    /// The caller leaves a session still to come by the platform's doing (erasure, a sanction), never as a late
    /// cancellation, so everyone's credits come back in full: their seat in someone else's group, otherwise the whole
    /// session. A session already under way or over is left as it is.
    /// </summary>
    public static void WithdrawFromUpcoming(SessionChange change)
    {
        var session = change.Session;
        var leaving = change.CallerId;
        var notStarted = session.Status is SessionStatus.PendingPayment or SessionStatus.Requested
            || (session.Status == SessionStatus.Confirmed && change.Now < session.StartsAt);
        if (!notStarted)
        {
            return;
        }
        if (session.Kind == SessionKind.Group && !session.IsTeacher(leaving))
        {
            if (session.SeatOf(leaving) is { } seat)
            {
                LeaveSeat(change, seat, BookingCancellationReason.LearnerCancelled, late: false);
            }
            return;
        }
        var reason = session.IsTeacher(leaving) ? BookingCancellationReason.TeacherCancelled : BookingCancellationReason.LearnerCancelled;
        CallOff(change, cancelledBy: Guid.Empty, reason, late: false);
    }

    /// <summary>The session is called off for everyone (<see cref="SessionDocument.CallOff"/>) and the calendars freed.</summary>
    public static void CallOff(SessionChange change, Guid cancelledBy, BookingCancellationReason reason, bool late)
    {
        change.Publish(change.Session.CallOff(cancelledBy, reason, late));
        CalendarClaims.ReleaseAll(change.Db, change.Session);
    }

    /// <summary>One learner leaves (<see cref="SessionDocument.LeaveSeat"/>).</summary>
    public static void LeaveSeat(SessionChange change, Seat seat, BookingCancellationReason reason, bool late) =>
        FreeSeat(change, change.Session.LeaveSeat(seat, reason, late));

    /// <summary>A seat has ended without the session (left, given up, expired): Payments is told, the learner's calendar freed and the group's members told.</summary>
    public static void FreeSeat(SessionChange change, BookingCancelled cancelled)
    {
        change.Publish(cancelled);
        CalendarClaims.Release(change.Db, change.Session, cancelled.LearnerId);
        PlanGroupSession.AnnounceParticipants(change);
    }
}
