using SkillSwap.IntegrationEvents;
using SkillSwap.Sessions.Model;

namespace SkillSwap.Sessions.Completion;

public sealed record DisputeRequest(string? Reason, string? Details);

/// <summary>How a moderator settles: the learner's share of the escrow, and whose absence (if anyone's) caused the dispute.</summary>
public sealed record ResolveDisputeRequest(Guid? BookingId, int? LearnerRefundPercent, string? NoShowBy);

/// <summary>
/// Something went wrong: a participant says the session did not take place as agreed (or the other did not come).
/// The escrow is frozen until a moderator resolves it; a no-show the moderator upholds counts against that person's
/// reliability. In a group session a learner disputes their own seat; the others complete normally.
/// </summary>
public static class DisputeSession
{
    public const int MaxDetailsLength = 2000;
    public static IReadOnlyList<string> Reasons { get; } = ["no-show", "did-not-happen", "not-as-agreed"];

    public static void Dispute(SessionChange change, string reason, string? details)
    {
        var session = change.Session;
        if (session.Status != SessionStatus.Confirmed)
        {
            throw SessionRuleException.InvalidTransition(session.Status, SessionStatus.Disputed);
        }
        if (change.Now < session.StartsAt)
        {
            throw SessionRuleException.TooEarly("A session can be disputed once it has begun; before that, cancel it.");
        }
        if (change.Now > session.EndsAt + change.Options.AutoCompleteAfter)
        {
            throw SessionRuleException.TooLate("The time to dispute this session is over.");
        }
        var dispute = new SessionDispute(change.CallerId, reason, details, change.Now);
        if (session.Kind == SessionKind.Group)
        {
            if (change.CallerRole == SessionRole.Teacher)
            {
                throw SessionRuleException.Forbidden("In a group session each learner disputes their own seat; a teacher reports problems to support.");
            }
            var seat = session.Seats.FirstOrDefault(seat => seat.LearnerId == change.CallerId && seat.Status == SeatStatus.Held)
                ?? throw SessionRuleException.InvalidTransition(session.Status, SessionStatus.Disputed);
            seat.Status = SeatStatus.Disputed;
            session.Dispute ??= dispute;
            change.Publish(new BookingDisputed(seat.BookingId, session.SessionId, change.CallerId, reason));
            return;
        }
        session.MoveTo(SessionStatus.Disputed);
        session.Dispute = dispute;
        foreach (var seat in session.Seats.Where(seat => seat.Status == SeatStatus.Held))
        {
            seat.Status = SeatStatus.Disputed;
            change.Publish(new BookingDisputed(seat.BookingId, session.SessionId, change.CallerId, reason));
        }
    }

    /// <summary>A moderator's decision on one disputed booking (the only one of a one-to-one session, or a group learner's).</summary>
    public static async Task ResolveAsync(SessionChange change, Guid? bookingId, int learnerRefundPercent, SessionRole? noShowBy, CancellationToken cancellationToken)
    {
        var session = change.Session;
        if (session.RoleOf(change.CallerId) is not null)
        {
            throw SessionRuleException.Forbidden("A moderator does not settle a dispute about a session they take part in.");
        }
        if (session.Kind == SessionKind.Group && bookingId is null)
        {
            throw SessionRuleException.Invalid("bookingId", "Name the learner's booking to settle in a group session.");
        }
        var seat = bookingId is { } id
            ? session.SeatByBooking(id) ?? throw SessionRuleException.Invalid("bookingId", "This session has no booking with this id.")
            : session.Seats.FirstOrDefault(seat => seat.Status == SeatStatus.Disputed)
                ?? throw SessionRuleException.InvalidTransition(session.Status, SessionStatus.Resolved);
        if (seat.Status != SeatStatus.Disputed)
        {
            throw SessionRuleException.InvalidTransition(session.Status, SessionStatus.Resolved);
        }
        if (session.Kind == SessionKind.OneToOne)
        {
            session.MoveTo(SessionStatus.Resolved);
        }
        seat.Status = SeatStatus.Resolved;
        var absent = noShowBy switch
        {
            SessionRole.Teacher => session.TeacherId,
            SessionRole.Learner => seat.LearnerId,
            _ => (Guid?)null,
        };
        session.Dispute = (session.Dispute ?? new SessionDispute(change.CallerId, "moderation", null, change.Now)) with
        {
            ResolvedBy = change.CallerId,
            LearnerRefundPercent = learnerRefundPercent,
            NoShowBy = absent,
        };
        change.Publish(new BookingDisputeResolved(seat.BookingId, session.SessionId, change.CallerId, learnerRefundPercent));
        if (absent is { } noShow)
        {
            await change.RecordReliabilityAsync(noShow, record => record.NoShows++, cancellationToken);
        }
    }
}
