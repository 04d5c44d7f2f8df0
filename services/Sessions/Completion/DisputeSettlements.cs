using SkillSwap.DocumentStore;
using SkillSwap.EventBus;
using SkillSwap.IntegrationEvents;
using SkillSwap.Sessions.Model;

namespace SkillSwap.Sessions.Completion;

/// <summary>
/// A moderator's settlement decided in Administration, applied through the one resolution rule
/// (<see cref="DisputeSession.ResolveAsync"/>) as if the moderator had called Sessions: the booking is resolved, an upheld
/// no-show counts against the absent person, and <c>BookingDisputeResolved</c> tells Payments how to split the escrow.
/// A settlement the session refuses (already resolved through Sessions' own route, or a moderator who takes part in
/// it) changes nothing and is logged: the case's decision does not undo a resolution that happened.
/// </summary>
public sealed class DisputeSettlements(IDocumentSession db, SessionRunner runner, ILogger<DisputeSettlements> logger)
    : IIntegrationEventHandler<DisputeSettled>
{
    public async Task HandleAsync(DisputeSettled settled, CancellationToken cancellationToken)
    {
        var session = await db.LoadAsync<SessionDocument>(SessionDocument.IdFor(settled.SessionId), cancellationToken);
        if (session is null)
        {
            logger.LogWarning("Settlement of case {CaseId}: session {SessionId} does not exist", settled.CaseId, settled.SessionId);
            return;
        }
        SessionRole? noShowBy = settled.NoShowBy is { } absent && WireNames.TryParse<SessionRole>(absent, out var role) ? role : null;
        try
        {
            await runner.ApplyAsync(session, settled.ModeratorId,
                (change, ct) => DisputeSession.ResolveAsync(change, settled.BookingId, settled.LearnerRefundPercent, noShowBy, ct), cancellationToken);
        }
        catch (SessionRuleException refused)
        {
            logger.LogWarning("Settlement of case {CaseId} not applied to booking {BookingId}: {Refusal}", settled.CaseId, settled.BookingId, refused.Message);
        }
    }
}
