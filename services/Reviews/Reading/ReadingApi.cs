using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SkillSwap.DocumentStore;
using SkillSwap.Reviews.Blocking;
using SkillSwap.Reviews.Ratings;
using SkillSwap.Reviews.Writing;

namespace SkillSwap.Reviews.Reading;

/// <summary>
/// Reviews as members read them: only visible ones, except one's own writing. Between two people of whom one blocked
/// the other, neither reads the other's reviews or rating (the same 404 as for nobody, like Profiles).
/// </summary>
public static class ReadingApi
{
    private const int MaxPage = 50;

    public static RouteGroupBuilder MapReadingApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/reviews").RequireAuthorization().WithTags("Reviews");
        api.AnswersRuleViolations("reviews");
        api.MapGet("/users/{userId:guid}", UserReviewsAsync).WithSummary("A member's visible reviews (newest first) with their rating");
        api.MapGet("/users/{userId:guid}/summary", SummaryAsync).WithSummary("A member's rating: average, Bayesian average, count, distribution, per skill");
        api.MapGet("/mine", MineAsync).WithSummary("What you wrote (hidden ones too) and what you received (visible ones)");
        return api;
    }

    private static async Task<Ok<RatingSummary>> SummaryAsync(
        Guid userId, ClaimsPrincipal user, IDocumentSession db, IOptions<ReviewsOptions> options, CancellationToken cancellationToken)
    {
        await RefuseBlockedAsync(db, user.RequireUserId(), userId, cancellationToken);
        return TypedResults.Ok(RatingSummary.Of(userId, await db.LoadAsync<RatingDocument>(RatingDocument.IdFor(userId), cancellationToken), options.Value));
    }

    private static async Task RefuseBlockedAsync(IDocumentSession db, Guid me, Guid userId, CancellationToken cancellationToken)
    {
        if (me != userId && await BlocksDocument.EitherWayAsync(db, me, userId, cancellationToken))
        {
            throw RuleViolationException.NotFound("user-not-found", "No such member.");
        }
    }

    private static async Task<Ok<ReviewPage>> UserReviewsAsync(
        Guid userId, string? cursor, int? limit, ClaimsPrincipal user, IDocumentSession db, IOptions<ReviewsOptions> options, CancellationToken cancellationToken)
    {
        var me = user.RequireUserId();
        var size = limit ?? 20;
        if (size is < 1 or > MaxPage)
        {
            throw RuleViolationException.Invalid($"limit must be between 1 and {MaxPage}.");
        }
        await RefuseBlockedAsync(db, me, userId, cancellationToken);
        var query = db.Query<ReviewDocument>().Where(review => review.RevieweeId == userId && review.Revealed == true);
        if (cursor is not null)
        {
            if (!PageCursor.TryDecodeInstant(cursor, out var createdAt, out var id))
            {
                throw RuleViolationException.Invalid("cursor is not one this API returned.");
            }
            query = query.Where(review => review.CreatedAt < createdAt || (review.CreatedAt == createdAt && string.Compare(review.Id, id) < 0));
        }
        var page = await query.OrderByDescending(review => review.CreatedAt).ThenByDescending(review => review.Id).Take(size + 1).ToListAsync(cancellationToken);
        var next = page.Count > size ? PageCursor.EncodeInstant(page[size - 1].CreatedAt, page[size - 1].Id) : null;
        var rating = await db.LoadAsync<RatingDocument>(RatingDocument.IdFor(userId), cancellationToken);
        return TypedResults.Ok(new ReviewPage(RatingSummary.Of(userId, rating, options.Value), [.. page.Take(size).Select(review => ReviewView.Of(review, me))], next));
    }

    private static async Task<Ok<MyReviews>> MineAsync(ClaimsPrincipal user, IDocumentSession db, CancellationToken cancellationToken)
    {
        var me = user.RequireUserId();
        var written = await db.Query<ReviewDocument>().Where(review => review.AuthorId == me).OrderByDescending(review => review.CreatedAt).Take(200).ToListAsync(cancellationToken);
        var received = await db.Query<ReviewDocument>().Where(review => review.RevieweeId == me).OrderByDescending(review => review.CreatedAt).Take(200).ToListAsync(cancellationToken);
        return TypedResults.Ok(new MyReviews(
            [.. written.Select(review => ReviewView.Of(review, me))],
            [.. received.Where(review => review.Revealed).Select(review => ReviewView.Of(review, me))],
            received.Count(review => !review.Revealed)));
    }
}
