using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// A rule the caller broke, thrown anywhere below an endpoint and answered as problem+json with a stable type,
/// <c>https://skillswap.app/problems/&lt;service&gt;/&lt;slug&gt;</c>, by <see cref="RuleViolations.AnswersRuleViolations{TBuilder}"/>.
/// Nothing was changed when it is thrown: services throw it before they write.
/// </summary>
public sealed class RuleViolationException(int statusCode, string slug, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public string Slug { get; } = slug;

    public static RuleViolationException Invalid(string detail) => new(StatusCodes.Status400BadRequest, "validation", detail);

    public static RuleViolationException NotFound(string slug, string detail) => new(StatusCodes.Status404NotFound, slug, detail);

    public static RuleViolationException Conflict(string slug, string detail) => new(StatusCodes.Status409Conflict, slug, detail);
}

public static class RuleViolations
{
    /// <summary>Answers a <see cref="RuleViolationException"/> thrown by these endpoints as problem+json of <paramref name="service"/>.</summary>
    public static TBuilder AnswersRuleViolations<TBuilder>(this TBuilder builder, string service) where TBuilder : IEndpointConventionBuilder
    {
        var typePrefix = $"https://skillswap.app/problems/{service}/";
        builder.AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context);
            }
            catch (RuleViolationException rule)
            {
                return TypedResults.Problem(detail: rule.Message, statusCode: rule.StatusCode, title: rule.Slug.Replace('-', ' '), type: typePrefix + rule.Slug);
            }
        });
        return builder;
    }

    /// <summary>The SkillSwap user the access token names; a 401 rule violation when it names none.</summary>
    public static Guid RequireUserId(this ClaimsPrincipal user) =>
        user.UserId() is { } id && id != Guid.Empty
            ? id
            : throw new RuleViolationException(StatusCodes.Status401Unauthorized, "unauthenticated", "The access token names no SkillSwap user.");
}
