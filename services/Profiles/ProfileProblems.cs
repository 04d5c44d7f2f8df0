using Microsoft.AspNetCore.Http.HttpResults;

namespace SkillSwap.Profiles;

/// <summary>The problem+json answers of Profiles, each with a stable <c>type</c> clients can switch on.</summary>
public static class ProfileProblems
{
    public const string TypePrefix = "https://skillswap.app/problems/profiles/";

    /// <summary>The access token is valid but its sub claim is no SkillSwap user id (a token Identity did not write).</summary>
    public static ProblemHttpResult Unauthenticated() => Problem(
        StatusCodes.Status401Unauthorized, "unauthenticated", "Unauthenticated", "The access token names no SkillSwap user.");

    public static ProblemHttpResult ProfileNotFound() => Problem(
        StatusCodes.Status404NotFound, "profile-not-found", "Profile not found",
        "No profile is visible under this id.");

    public static ProblemHttpResult VersionRequired() => Problem(
        StatusCodes.Status428PreconditionRequired, "version-required", "Version required",
        "Send the version the profile was read with, in an If-Match header or the version field, so that a concurrent change is not overwritten.");

    /// <summary>412 when the version came in If-Match (HTTP's own precondition), 409 when it came in the body.</summary>
    public static ProblemHttpResult VersionConflict(bool fromIfMatch) => Problem(
        fromIfMatch ? StatusCodes.Status412PreconditionFailed : StatusCodes.Status409Conflict, "version-conflict", "The profile changed meanwhile",
        "The profile was changed since this version was read. Read it again and reapply the edit.");

    public static ProblemHttpResult InvalidIfMatch() => Problem(
        StatusCodes.Status400BadRequest, "invalid-if-match", "Invalid If-Match header",
        "If-Match must be the profile's ETag, e.g. \"3\", or *.");

    public static ProblemHttpResult Problem(int status, string slug, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, type: TypePrefix + slug);
}
