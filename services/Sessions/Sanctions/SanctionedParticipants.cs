using SkillSwap.DocumentStore;
using SkillSwap.EventBus;
using SkillSwap.IntegrationEvents;
using SkillSwap.Sessions.Cancellation;
using SkillSwap.Sessions.Model;
using SkillSwap.Sessions.Participants;

namespace SkillSwap.Sessions.Sanctions;

/// <summary>
/// A suspended or banned person's sessions still to come are cancelled for everyone in them, with every credit back
/// (<see cref="CancelSession.WithdrawFromUpcoming"/>, as at erasure): the other participants cannot count on someone who
/// may not sign in. A lift brings nothing back; people book again. A sanction lifted or replaced before it arrived (a
/// retry reordered them) cancels nothing: the person may have booked again since (<see cref="SanctionRecords"/>).
/// </summary>
public sealed class SanctionedParticipants(IDocumentSession db, SessionRunner runner, TimeProvider time, ILogger<SanctionedParticipants> logger)
    : IIntegrationEventHandler<AccountSanctioned>, IIntegrationEventHandler<AccountSanctionLifted>
{
    public async Task HandleAsync(AccountSanctioned sanctioned, CancellationToken cancellationToken)
    {
        // Someone never announced here (or erased) has no record to keep it in, and no sessions either.
        if (await db.KnownParticipantAsync(sanctioned.UserId, cancellationToken) is { } participant)
        {
            if (!participant.Sanction(sanctioned.SanctionId))
            {
                logger.LogInformation("Sanction {SanctionId} of {UserId} is stale; nothing to cancel", sanctioned.SanctionId, sanctioned.UserId);
                return;
            }
            db.Replace(participant);
        }
        var now = time.GetUtcNow();
        var sessions = await SessionQueries.OfParticipant(db.Query<SessionDocument>(), sanctioned.UserId).ToListAsync(cancellationToken);
        var upcoming = sessions.Where(session => session.StartsAt > now).ToList();
        foreach (var session in upcoming)
        {
            await runner.ApplyAsync(session, sanctioned.UserId, (change, _) =>
            {
                CancelSession.WithdrawFromUpcoming(change);
                return Task.CompletedTask;
            }, cancellationToken, now);
        }
        logger.LogInformation("Sanction {SanctionId}: {UserId} withdrawn from {Count} upcoming sessions", sanctioned.SanctionId, sanctioned.UserId, upcoming.Count);
    }

    public async Task HandleAsync(AccountSanctionLifted lifted, CancellationToken cancellationToken)
    {
        if (await db.KnownParticipantAsync(lifted.UserId, cancellationToken) is { } participant && participant.LiftSanction(lifted.SanctionId))
        {
            db.Replace(participant);
        }
    }
}
