using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SkillSwap.DocumentStore;
using SkillSwap.Reviews.Reading;
using SkillSwap.Reviews.Writing;

namespace SkillSwap.Reviews.Replies;

public sealed record ReplyRequest(string? Text);

public static class RepliesApi
{
    public static RouteGroupBuilder MapRepliesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/reviews").RequireAuthorization().WithTags("Reviews");
        api.AnswersRuleViolations("reviews");
        api.MapPost("/{reviewId:guid}/reply", ReplyAsync).WithSummary("The reviewed person's one public reply to a visible review");
        return api;
    }

    private static async Task<Ok<ReviewView>> ReplyAsync(
        Guid reviewId, ReplyRequest request, ClaimsPrincipal user, IDocumentSession db, IOptions<ReviewsOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var me = user.RequireUserId();
        var text = ReviewRules.Text(request.Text, options.Value.MaxTextLength, "text", required: true)!;
        var review = await db.Query<ReviewDocument>().Where(review => review.ReviewId == reviewId).FirstOrDefaultAsync(cancellationToken);
        if (review is null || review.RevieweeId != me || !review.Revealed)
        {
            throw ReviewProblems.ReviewNotFound();
        }
        if (review.Reply is not null)
        {
            throw new RuleViolationException(409, "already-replied", "You replied to this review already.");
        }
        review.Reply = new ReviewReply(text, time.GetUtcNow());
        db.Replace(review);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DocumentConcurrencyException)
        {
            throw new RuleViolationException(409, "already-replied", "The review changed at the same moment; read it again.");
        }
        return TypedResults.Ok(ReviewView.Of(review, me));
    }
}
