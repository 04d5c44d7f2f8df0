using SkillSwap.DocumentStore;
using SkillSwap.EventBus;
using SkillSwap.IntegrationEvents;
using SkillSwap.Sessions.Cancellation;
using SkillSwap.Sessions.Model;

namespace SkillSwap.Sessions.Sanctions;

/// <summary>
/// A suspended or banned person's sessions still to come are cancelled for everyone in them, with every credit back
/// (<see cref="CancelSession.WithdrawFromUpcoming"/>, as at erasure): the other participants cannot count on someone who
/// may not sign in. A lift brings nothing back; people book again.
/// </summary>
public sealed class SanctionedParticipants(IDocumentSession db, SessionRunner runner, TimeProvider time, ILogger<SanctionedParticipants> logger)
    : IIntegrationEventHandler<AccountSanctioned>
{
    public async Task HandleAsync(AccountSanctioned sanctioned, CancellationToken cancellationToken)
    {
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
}
