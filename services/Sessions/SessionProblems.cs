using Microsoft.AspNetCore.Http.HttpResults;
using SkillSwap.Sessions.Model;

namespace SkillSwap.Sessions;

/// <summary>The problem+json answers of Sessions, each with a stable <c>type</c> clients can switch on.</summary>
public static class SessionProblems
{
    public const string TypePrefix = "https://skillswap.app/problems/sessions/";

    public static ProblemHttpResult Unauthenticated() => Problem(
        StatusCodes.Status401Unauthorized, "unauthenticated", "Unauthenticated", "The access token names no SkillSwap user.");

    /// <summary>Also what someone who is not a participant gets, so session ids cannot be probed.</summary>
    public static ProblemHttpResult NotFound() => From(SessionRuleException.NotFound());

    public static ProblemHttpResult Busy() => Problem(
        StatusCodes.Status409Conflict, "concurrent-change", "The session changed meanwhile",
        "Someone else changed this session at the same moment. Read it again and retry.");

    public static ProblemHttpResult From(SessionRuleException rule) => Problem(rule.StatusCode, rule.ProblemSlug, rule.Title, rule.Message);

    public static ProblemHttpResult Problem(int status, string slug, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, type: TypePrefix + slug);
}
