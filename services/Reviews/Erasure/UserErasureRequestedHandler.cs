using SkillSwap.DocumentStore;
using SkillSwap.EventBus;
using SkillSwap.IntegrationEvents;
using SkillSwap.Reviews.Blocking;
using SkillSwap.Reviews.CompletedSessions;
using SkillSwap.Reviews.Ratings;
using SkillSwap.Reviews.Reports;
using SkillSwap.Reviews.Writing;

namespace SkillSwap.Reviews.Erasure;

/// <summary>
/// Reviews' part of the right to erasure. Reviews the person wrote stay in the others' ratings (their stars were given)
/// but lose their text and author ("a former member"); reviews about the person, their rating and their reports are
/// deleted, so are their review exchanges; sessions keep the others; a tombstone (the id only) keeps late events from
/// bringing them back. Then <see cref="UserDataErased"/> in the same commit.
/// </summary>
public sealed class UserErasureRequestedHandler(IDocumentSession db, ILogger<UserErasureRequestedHandler> logger) : IIntegrationEventHandler<UserErasureRequested>
{
    public async Task HandleAsync(UserErasureRequested integrationEvent, CancellationToken cancellationToken)
    {
        var userId = integrationEvent.UserId;
        var written = await db.Query<ReviewDocument>().Where(review => review.AuthorId == userId).ToListAsync(cancellationToken);
        foreach (var review in written)
        {
            // Re-keyed: the id named the author, and ids travel in page cursors.
            db.Delete<ReviewDocument>(review.Id);
            review.Id = $"{review.SessionId:N}:erased:{review.ReviewId:N}";
            review.Version = 0;
            review.AuthorId = Guid.Empty;
            review.Text = null;
            db.Insert(review);
        }
        db.DeleteWhere<ReviewExchangeDocument>(exchange => exchange.Reviewed.Contains(userId));
        db.DeleteWhere<ReviewDocument>(review => review.RevieweeId == userId);
        db.Delete<RatingDocument>(RatingDocument.IdFor(userId));
        db.DeleteWhere<ReviewReportDocument>(report => report.ReporterId == userId);
        var sessions = await db.Query<CompletedSessionDocument>()
            .Where(session => session.TeacherId == userId || session.LearnerIds.Contains(userId))
            .ToListAsync(cancellationToken);
        foreach (var session in sessions)
        {
            session.TeacherId = session.TeacherId == userId ? Guid.Empty : session.TeacherId;
            session.LearnerIds.Remove(userId);
            db.Replace(session);
        }
        db.Delete<BlocksDocument>(BlocksDocument.IdFor(userId));
        foreach (var blocker in await db.Query<BlocksDocument>().Where(blocks => blocks.BlockedIds.Contains(userId)).ToListAsync(cancellationToken))
        {
            blocker.BlockedIds.Remove(userId);
            db.Replace(blocker);
        }
        await db.RecordErasureAsync(userId, cancellationToken);
        db.PublishOnCommit(new UserDataErased(userId, ReviewsServiceExtensions.ServiceName));
        logger.LogInformation("Reviews data of {UserId} erased ({Count} written reviews anonymised)", userId, written.Count);
    }
}
