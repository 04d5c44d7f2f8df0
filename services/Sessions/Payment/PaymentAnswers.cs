using SkillSwap.DocumentStore;
using SkillSwap.EventBus;
using SkillSwap.IntegrationEvents;
using SkillSwap.Sessions.Calendar;
using SkillSwap.Sessions.Cancellation;
using SkillSwap.Sessions.GroupSessions;
using SkillSwap.Sessions.Model;

namespace SkillSwap.Sessions.Payment;

/// <summary>
/// Payments' answers in the booking saga. A held booking becomes a request the teacher sees (or a paid group seat); a
/// rejected one ends with nothing owed. An answer for a booking that is no longer waiting (the learner cancelled, or
/// the saga timed out) changes nothing here: the cancellation already told Payments to refund or to hold nothing, and
/// Payments applies whichever of the two arrives in either order.
/// </summary>
public sealed class PaymentAnswers(IDocumentSession db, SessionRunner runner, ILogger<PaymentAnswers> logger) :
    IIntegrationEventHandler<CreditsHeld>,
    IIntegrationEventHandler<CreditsRejected>
{
    public Task HandleAsync(CreditsHeld integrationEvent, CancellationToken cancellationToken) =>
        AnswerAsync(integrationEvent.SessionId, integrationEvent.BookingId, (change, seat) =>
        {
            if (change.Session.Kind == SessionKind.Group && (change.Session.Status != SessionStatus.Confirmed || change.Now >= change.Session.StartsAt))
            {
                // The hold came after the group session began (or ended): the seat can no longer be taken, so the
                // credits go back rather than stay held in a session nobody will settle.
                CancelSession.FreeSeat(change, change.Session.GiveUpPayment(seat));
                return;
            }
            change.Session.HoldSeat(seat);
            PlanGroupSession.AnnounceParticipants(change);
            SessionsMetrics.CreditsHeld();
        }, cancellationToken);

    public Task HandleAsync(CreditsRejected integrationEvent, CancellationToken cancellationToken) =>
        AnswerAsync(integrationEvent.SessionId, integrationEvent.BookingId, (change, seat) =>
        {
            change.Session.RejectSeat(seat);
            CalendarClaims.Release(change.Db, change.Session, seat.LearnerId);
            logger.LogInformation("Booking {BookingId} of session {SessionId} rejected by Payments: {Reason}",
                integrationEvent.BookingId, integrationEvent.SessionId, integrationEvent.Reason);
            SessionsMetrics.CreditsRejected();
        }, cancellationToken);

    private async Task AnswerAsync(Guid sessionId, Guid bookingId, Action<SessionChange, Seat> apply, CancellationToken cancellationToken)
    {
        var session = await db.LoadAsync<SessionDocument>(SessionDocument.IdFor(sessionId), cancellationToken);
        if (session?.SeatByBooking(bookingId) is not { Status: SeatStatus.PendingPayment } seat)
        {
            logger.LogInformation("Payment answer for booking {BookingId} of session {SessionId} arrived after it stopped waiting; nothing to do",
                bookingId, sessionId);
            return;
        }
        // A concurrency conflict throws when the bus commits: it retries the event on the fresh session.
        var before = await runner.ApplyAsync(session, Guid.Empty, (change, _) =>
        {
            apply(change, seat);
            return Task.CompletedTask;
        }, cancellationToken);
        SessionsMetrics.StatusChanged(before, session.Status);
    }
}
