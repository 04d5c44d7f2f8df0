using Microsoft.Extensions.Options;
using SkillSwap.DocumentStore;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.Reviews.Ratings;

/// <summary>
/// The one way a rating changes: in the caller's unit of work, with <see cref="UserRatingChanged"/> published in the
/// same commit (Profiles turns it into the trust score). Change each person at most once per unit of work.
/// </summary>
public sealed class RatingBook(IOptions<ReviewsOptions> options)
{
    public async Task ChangeAsync(IDocumentSession db, Guid userId, Action<RatingDocument> change, CancellationToken cancellationToken)
    {
        if (await db.IsErasedAsync(userId, cancellationToken))
        {
            return; // erased: no rating is kept, none is announced
        }
        var rating = await db.LoadAsync<RatingDocument>(RatingDocument.IdFor(userId), cancellationToken);
        if (rating is null)
        {
            rating = new RatingDocument { Id = RatingDocument.IdFor(userId), UserId = userId };
            change(rating);
            db.Insert(rating);
        }
        else
        {
            change(rating);
            db.Replace(rating);
        }
        db.PublishOnCommit(new UserRatingChanged(userId, rating.Average, rating.BayesianAverage(options.Value), rating.ReviewCount, rating.CompletedSessions)
        {
            RatingVersion = rating.Version + 1, // the version this change commits as (checked by the commit)
        });
    }
}
