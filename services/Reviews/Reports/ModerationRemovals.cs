using SkillSwap.DocumentStore;
using SkillSwap.EventBus;
using SkillSwap.IntegrationEvents;
using SkillSwap.Reviews.Ratings;
using SkillSwap.Reviews.Writing;

namespace SkillSwap.Reviews.Reports;

/// <summary>
/// A moderator's removal of a reported review: it stays listed (so the reviewee's reply keeps its place), marked removed by
/// moderation, without its words; its stars leave the reviewee's rating.
/// </summary>
public sealed class ModerationRemovals(IDocumentSession db, RatingBook ratings, TimeProvider time, ILogger<ModerationRemovals> logger)
    : IIntegrationEventHandler<ContentRemoved>
{
    public async Task HandleAsync(ContentRemoved removed, CancellationToken cancellationToken)
    {
        if (removed.ContentKind != ContentRemoved.Review || !Guid.TryParse(removed.ContentId, out var reviewId))
        {
            return;
        }
        var review = await db.Query<ReviewDocument>().Where(review => review.ReviewId == reviewId).FirstOrDefaultAsync(cancellationToken);
        if (review is null || review.RemovedAt is not null)
        {
            return;
        }
        await review.RemoveByModerationAsync(time.GetUtcNow(),
            () => ratings.ChangeAsync(db, review.RevieweeId, rating => rating.Count(review.Rating, review.SkillLabel, -1), cancellationToken));
        db.Replace(review);
        logger.LogInformation("Review {ReviewId} removed by moderation (case {CaseId})", reviewId, removed.CaseId);
    }
}
