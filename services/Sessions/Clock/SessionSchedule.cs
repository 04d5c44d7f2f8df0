using SkillSwap.IntegrationEvents;
using SkillSwap.Sessions.Cancellation;
using SkillSwap.Sessions.Completion;
using SkillSwap.Sessions.Model;

namespace SkillSwap.Sessions.Clock;

/// <summary>
/// What time does to a session (<see cref="SessionDocument.GiveUpOverduePayments"/>: the saga's timeout, compensated by a
/// <see cref="BookingCancelled"/> that refunds any hold; <see cref="SessionDocument.ExpireIfUnanswered"/>;
/// <see cref="SessionDocument.RemindIfDue"/>), with what it needs beyond the session: freed calendars, and completion
/// of a session nobody disputed <see cref="SessionsOptions.AutoCompleteAfter"/> after its end.
/// </summary>
public static class SessionSchedule
{
    public static async Task AdvanceAsync(SessionChange change, CancellationToken cancellationToken)
    {
        var session = change.Session;
        foreach (var cancelled in session.GiveUpOverduePayments(change.Now, change.Options.PaymentTimeout))
        {
            CancelSession.FreeSeat(change, cancelled);
        }
        foreach (var cancelled in session.ExpireIfUnanswered(change.Now))
        {
            CancelSession.FreeSeat(change, cancelled);
        }
        if (session.RemindIfDue(change.Now) is { } reminder)
        {
            change.Publish(reminder);
        }
        if (session.Status == SessionStatus.Confirmed && change.Now >= session.EndsAt + change.Options.AutoCompleteAfter)
        {
            await CompleteSession.CompleteAsync(change, cancellationToken);
        }
    }
}
