using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SkillSwap.DocumentStore;
using SkillSwap.Reviews.CompletedSessions;
using SkillSwap.Reviews.Ratings;
using SkillSwap.Reviews.Reading;

namespace SkillSwap.Reviews.Writing;

public sealed record WriteReviewRequest(Guid SessionId, Guid RevieweeId, int? Rating, int? Clarity, int? Punctuality, int? Patience, string? Text);

public sealed record EditReviewRequest(int? Rating, int? Clarity, int? Punctuality, int? Patience, string? Text);

public static class WritingApi
{
    public static RouteGroupBuilder MapWritingApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/reviews").RequireAuthorization().WithTags("Reviews");
        api.AnswersRuleViolations("reviews");
        api.MapPost("/", WriteAsync).WithSummary("Review the other participant of a completed session (once; hidden until both reviewed or 14 days passed)");
        api.MapPut("/{reviewId:guid}", EditAsync).WithSummary("Change your review within 24 hours of writing it, while it is not shown yet");
        return api;
    }

    private static async Task<Created<ReviewView>> WriteAsync(
        WriteReviewRequest request, ClaimsPrincipal user, IDocumentSession db, RatingBook ratings, IOptions<ReviewsOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var me = user.RequireUserId();
        var stars = ReviewRules.Stars(request.Rating, "rating", required: true);
        int? clarity = ReviewRules.Stars(request.Clarity, "clarity", required: false) is var c and > 0 ? c : null;
        int? punctuality = ReviewRules.Stars(request.Punctuality, "punctuality", required: false) is var p and > 0 ? p : null;
        int? patience = ReviewRules.Stars(request.Patience, "patience", required: false) is var q and > 0 ? q : null;
        var text = ReviewRules.Text(request.Text, options.Value.MaxTextLength, "text");

        // Two reviews of one pair written at the same moment conflict on their exchange document: the loser runs again
        // and then sees the other one (and reveals both).
        for (var attempt = 1; ; attempt++)
        {
            var session = await db.LoadAsync<CompletedSessionDocument>(CompletedSessionDocument.IdFor(request.SessionId), cancellationToken);
            if (session is null || !session.MayReview(me, request.RevieweeId)
                || await db.IsErasedAsync(request.RevieweeId, cancellationToken))
            {
                throw ReviewProblems.NotReviewable();
            }
            if (time.GetUtcNow() >= session.EndedAt + options.Value.RevealAfter)
            {
                // After the blind period a review would be shown at once, next to the other side's: an answer to it.
                throw new RuleViolationException(409, "review-window-closed",
                    $"Reviews are written within {options.Value.RevealAfter.TotalDays:0} days of the session.");
            }
            var id = ReviewDocument.IdFor(session.SessionId, me, request.RevieweeId);
            if (await db.LoadAsync<ReviewDocument>(id, cancellationToken) is not null)
            {
                throw new RuleViolationException(409, "already-reviewed", "You reviewed this person for this session already; change it with PUT within 24 hours of writing it.");
            }
            var now = time.GetUtcNow();
            var review = new ReviewDocument
            {
                Id = id,
                ReviewId = Guid.CreateVersion7(),
                SessionId = session.SessionId,
                AuthorId = me,
                RevieweeId = request.RevieweeId,
                SkillLabel = session.SkillLabel,
                Rating = stars,
                Clarity = clarity,
                Punctuality = punctuality,
                Patience = patience,
                Text = text,
                CreatedAt = now,
                RevealAt = session.EndedAt + options.Value.RevealAfter,
            };
            db.Insert(review);
            var exchangeId = ReviewExchangeDocument.IdFor(session.SessionId, me, request.RevieweeId);
            var exchange = await db.LoadAsync<ReviewExchangeDocument>(exchangeId, cancellationToken);
            if (exchange is null)
            {
                exchange = new ReviewExchangeDocument { Id = exchangeId, SessionId = session.SessionId };
                db.Insert(exchange);
            }
            else
            {
                db.Replace(exchange);
            }
            exchange.Reviewed.Add(me);
            if (exchange.Reviewed.Contains(request.RevieweeId)
                && await db.LoadAsync<ReviewDocument>(ReviewDocument.IdFor(session.SessionId, request.RevieweeId, me), cancellationToken) is { Revealed: false } counterpart)
            {
                await ReviewReveal.RevealAsync(db, ratings, counterpart, now, cancellationToken);
                db.Replace(counterpart);
                await ReviewReveal.RevealAsync(db, ratings, review, now, cancellationToken);
            }
            else if (now >= review.RevealAt)
            {
                await ReviewReveal.RevealAsync(db, ratings, review, now, cancellationToken);
            }
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return TypedResults.Created($"/api/v1/reviews/{review.ReviewId}", ReviewView.Of(review, me));
            }
            catch (Exception ex) when (ex is DocumentConcurrencyException or DuplicateDocumentException)
            {
                // Someone wrote at the same moment (the other side, or another review of the same person): the next round
                // reads what they wrote.
                if (attempt == 5)
                {
                    throw new RuleViolationException(409, "concurrent-change", "Many reviews were written at this moment; send it again.");
                }
                await Task.Delay(Random.Shared.Next(10, 50) * attempt, cancellationToken);
            }
        }
    }

    private static async Task<Ok<ReviewView>> EditAsync(
        Guid reviewId, EditReviewRequest request, ClaimsPrincipal user, IDocumentSession db, IOptions<ReviewsOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var me = user.RequireUserId();
        var review = await db.Query<ReviewDocument>().Where(review => review.ReviewId == reviewId).FirstOrDefaultAsync(cancellationToken);
        if (review is null || review.AuthorId != me)
        {
            throw ReviewProblems.ReviewNotFound();
        }
        var now = time.GetUtcNow();
        if (now - review.CreatedAt > options.Value.EditWindow || review.Revealed)
        {
            // Once shown, the other side's review may be shown next to it: a change then would be an answer to it.
            throw new RuleViolationException(409, "review-locked",
                $"A review can be changed for {options.Value.EditWindow.TotalHours:0} hours after it was written, and only while it is not shown yet.");
        }
        review.Rating = ReviewRules.Stars(request.Rating, "rating", required: true);
        review.Clarity = ReviewRules.Stars(request.Clarity, "clarity", required: false) is var c and > 0 ? c : null;
        review.Punctuality = ReviewRules.Stars(request.Punctuality, "punctuality", required: false) is var p and > 0 ? p : null;
        review.Patience = ReviewRules.Stars(request.Patience, "patience", required: false) is var q and > 0 ? q : null;
        review.Text = ReviewRules.Text(request.Text, options.Value.MaxTextLength, "text");
        review.EditedAt = now;
        db.Replace(review);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DocumentConcurrencyException)
        {
            throw new RuleViolationException(409, "concurrent-change", "The review changed at the same moment; read it again and retry.");
        }
        return TypedResults.Ok(ReviewView.Of(review, me));
    }
}
