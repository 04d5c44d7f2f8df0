using SkillSwap.IntegrationEvents;
using SkillSwap.Sessions.Model;

namespace SkillSwap.Sessions.Completion;

/// <summary>
/// After the end, each participant confirms the session took place; once the teacher and every learner holding a
/// seat have, it completes. Otherwise it completes on its own <see cref="SessionsOptions.AutoCompleteAfter"/> after the
/// end (the clock) unless someone disputed it. Completion releases each learner's escrow to the teacher.
/// </summary>
public static class CompleteSession
{
    public static async Task ConfirmAsync(SessionChange change, CancellationToken cancellationToken)
    {
        var session = change.Session;
        if (session.Status != SessionStatus.Confirmed)
        {
            throw SessionRuleException.InvalidTransition(session.Status, SessionStatus.Completed);
        }
        if (change.Now < session.EndsAt)
        {
            throw SessionRuleException.TooEarly("A session is confirmed as having taken place once it has ended.");
        }
        if (change.CallerRole == SessionRole.Teacher)
        {
            session.TeacherConfirmedCompletion = true;
        }
        else
        {
            var seat = session.Seats.FirstOrDefault(seat => seat.LearnerId == change.CallerId && seat.Status == SeatStatus.Held)
                ?? throw SessionRuleException.InvalidTransition(session.Status, SessionStatus.Completed);
            seat.ConfirmedCompletion = true;
        }
        if (session.TeacherConfirmedCompletion && session.Seats.Where(seat => seat.Status == SeatStatus.Held).All(seat => seat.ConfirmedCompletion))
        {
            await CompleteAsync(change, cancellationToken);
        }
    }

    /// <summary>Completes every paid seat that is not disputed, releasing its escrow, and the session with them.</summary>
    public static async Task CompleteAsync(SessionChange change, CancellationToken cancellationToken)
    {
        var session = change.Session;
        session.MoveTo(SessionStatus.Completed);
        var learners = new List<Guid>();
        foreach (var seat in session.Seats.Where(seat => seat.Status == SeatStatus.Held))
        {
            seat.Status = SeatStatus.Completed;
            learners.Add(seat.LearnerId);
            change.Publish(new BookingCompleted(seat.BookingId, session.SessionId, seat.LearnerId, session.TeacherId));
            await change.RecordReliabilityAsync(seat.LearnerId, record => record.CompletedSessions++, cancellationToken);
        }
        if (learners.Count > 0)
        {
            await change.RecordReliabilityAsync(session.TeacherId, record => record.CompletedSessions++, cancellationToken);
        }
        change.Publish(new SessionCompleted(session.SessionId, session.TeacherId, learners, session.SkillLabel, session.EndsAt));
    }
}
