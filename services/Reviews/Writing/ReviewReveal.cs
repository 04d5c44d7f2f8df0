using SkillSwap.DocumentStore;
using SkillSwap.IntegrationEvents;
using SkillSwap.Reviews.Ratings;

namespace SkillSwap.Reviews.Writing;

/// <summary>Showing a review: it counts in the reviewee's rating from now on (unless moderation removed it), and the reviewee is told.</summary>
public static class ReviewReveal
{
    public static async Task RevealAsync(IDocumentSession db, RatingBook ratings, ReviewDocument review, DateTimeOffset now, CancellationToken cancellationToken)
    {
        review.Revealed = true;
        review.RevealedAt = now;
        if (review.RemovedAt is null)
        {
            await ratings.ChangeAsync(db, review.RevieweeId, rating => rating.Count(review.Rating, review.SkillLabel, +1), cancellationToken);
        }
        db.PublishOnCommit(new ReviewRevealed(review.ReviewId, review.SessionId, review.AuthorId, review.RevieweeId, review.Rating, review.SkillLabel));
    }
}
