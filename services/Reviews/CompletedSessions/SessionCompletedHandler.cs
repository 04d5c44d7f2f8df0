using SkillSwap.DocumentStore;
using SkillSwap.EventBus;
using SkillSwap.IntegrationEvents;
using SkillSwap.Reviews.Ratings;

namespace SkillSwap.Reviews.CompletedSessions;

/// <summary>A completed session opens for review, and counts as one more completed session of each participant.</summary>
public sealed class SessionCompletedHandler(IDocumentSession db, RatingBook ratings) : IIntegrationEventHandler<SessionCompleted>
{
    public async Task HandleAsync(SessionCompleted integrationEvent, CancellationToken cancellationToken)
    {
        var id = CompletedSessionDocument.IdFor(integrationEvent.SessionId);
        if (await db.LoadAsync<CompletedSessionDocument>(id, cancellationToken) is not null)
        {
            return;
        }
        var session = new CompletedSessionDocument
        {
            Id = id,
            SessionId = integrationEvent.SessionId,
            // A session delivered after a participant's erasure must not bring them back.
            TeacherId = await db.IsErasedAsync(integrationEvent.TeacherId, cancellationToken) ? Guid.Empty : integrationEvent.TeacherId,
            LearnerIds = await db.NotErasedAsync(integrationEvent.LearnerIds.Where(learner => learner != Guid.Empty && learner != integrationEvent.TeacherId), cancellationToken),
            SkillLabel = integrationEvent.SkillLabel,
            EndedAt = integrationEvent.EndedAt,
        };
        db.Insert(session);
        foreach (var participant in session.LearnerIds.Append(session.TeacherId).Where(participant => participant != Guid.Empty))
        {
            await ratings.ChangeAsync(db, participant, rating => rating.CompletedSessions++, cancellationToken);
        }
    }
}
