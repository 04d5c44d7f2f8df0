using SkillSwap.DocumentStore;
using SkillSwap.EventBus;
using SkillSwap.IntegrationEvents;
using SkillSwap.Sessions.Calendar;
using SkillSwap.Sessions.Cancellation;
using SkillSwap.Sessions.Model;
using SkillSwap.Sessions.Participants;
using SkillSwap.Sessions.Reliability;

namespace SkillSwap.Sessions.Erasure;

/// <summary>
/// Sessions' part of the right to erasure. Sessions still to come are cancelled for the other participants (never as a
/// late cancellation: everyone's credits come back in full, as when a teacher cancels). Past sessions stay in the other
/// participants' history, because their payments and reviews refer to them, but the erased person's id is replaced by
/// <see cref="Guid.Empty"/> ("a former member") and what they wrote (a request's message, a dispute's details) is
/// removed. Their calendar, reliability record and directory entry are deleted, and a tombstone (their id only) refuses
/// their remaining access tokens. Then <see cref="UserDataErased"/>
/// is published in the same commit.
/// </summary>
public sealed class UserErasureRequestedHandler(IDocumentSession db, SessionRunner runner, TimeProvider time, ILogger<UserErasureRequestedHandler> logger)
    : IIntegrationEventHandler<UserErasureRequested>
{
    public async Task HandleAsync(UserErasureRequested integrationEvent, CancellationToken cancellationToken)
    {
        var userId = integrationEvent.UserId;
        var now = time.GetUtcNow();
        var sessions = await SessionQueries.OfParticipant(db.Query<SessionDocument>(), userId).ToListAsync(cancellationToken);
        foreach (var session in sessions)
        {
            await runner.ApplyAsync(session, userId, (change, _) =>
            {
                CancelSession.WithdrawFromUpcoming(change);
                session.Forget(userId);
                return Task.CompletedTask;
            }, cancellationToken, now);
        }
        db.DeleteWhere<CalendarClaim>(claim => claim.UserId == userId);
        db.DeleteWhere<CalendarFeedDocument>(feed => feed.UserId == userId);
        db.Delete<ReliabilityDocument>(ReliabilityDocument.IdFor(userId));
        db.Delete<ParticipantDocument>(ParticipantDocument.IdFor(userId));
        await db.RecordErasureAsync(userId, cancellationToken);
        db.PublishOnCommit(new UserDataErased(userId, SessionsServiceExtensions.ServiceName));
        logger.LogInformation("Sessions data of {UserId} erased ({Count} sessions anonymised)", userId, sessions.Count);
    }
}
