using Microsoft.AspNetCore.Http.HttpResults;

namespace SkillSwap.Reviews;

/// <summary>A rule the caller broke, answered as problem+json with a stable type.</summary>
public sealed class ReviewRuleException(int statusCode, string slug, string message) : Exception(message)
{
    public const string TypePrefix = "https://skillswap.app/problems/reviews/";

    public int StatusCode { get; } = statusCode;

    public string Slug { get; } = slug;

    public static ReviewRuleException Invalid(string detail) => new(400, "validation", detail);

    /// <summary>Unknown, not completed yet, or not one's own: the same answer, so session ids cannot be probed.</summary>
    public static ReviewRuleException NotReviewable() =>
        new(404, "session-not-reviewable", "Only the participants of a completed session review each other (a session opens for review once it is completed).");

    public static ReviewRuleException ReviewNotFound() => new(404, "review-not-found", "No such review among those you may see.");

    public ProblemHttpResult ToProblem() =>
        TypedResults.Problem(detail: Message, statusCode: StatusCode, title: Slug.Replace('-', ' '), type: TypePrefix + Slug);

    public static async ValueTask<object?> Filter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (ReviewRuleException rule)
        {
            return rule.ToProblem();
        }
    }

    public static Guid Me(System.Security.Claims.ClaimsPrincipal user) =>
        user.UserId() is { } id && id != Guid.Empty ? id : throw new ReviewRuleException(401, "unauthenticated", "The access token names no SkillSwap user.");
}
