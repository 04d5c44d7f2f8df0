using Microsoft.AspNetCore.Http.HttpResults;

namespace SkillSwap.Identity;

/// <summary>
/// The problem+json answers of Identity, each with a stable <c>type</c> clients can switch on. Their wording never
/// says whether an email is registered.
/// </summary>
public static class IdentityProblems
{
    private const string TypePrefix = "https://skillswap.app/problems/identity/";

    public static ProblemHttpResult InvalidCredentials() => Problem(
        StatusCodes.Status401Unauthorized, "invalid-credentials", "Invalid credentials",
        "The email or the password is wrong.");

    public static ProblemHttpResult LockedOut() => Problem(
        StatusCodes.Status429TooManyRequests, "login-locked", "Too many failed sign-ins",
        "Sign-in for this email is paused after repeated failures. Try again later or reset the password.");

    public static ProblemHttpResult EmailNotVerified() => Problem(
        StatusCodes.Status403Forbidden, "email-not-verified", "Email not verified",
        "Confirm the email address with the link we sent before signing in.");

    /// <summary>A moderator's suspension (with <c>until</c>, its end) or ban; the person reads the reason in the email sent.</summary>
    public static ProblemHttpResult AccountSanctioned(string kind, DateTimeOffset? until) =>
        TypedResults.Problem(new AccountDenial(kind == IntegrationEvents.AccountSanctioned.Ban, until).ToProblem(StatusCodes.Status403Forbidden));

    public static ProblemHttpResult InvalidRefreshToken() => Problem(
        StatusCodes.Status401Unauthorized, "invalid-refresh-token", "Invalid refresh token",
        "The refresh token is unknown, expired or revoked. Sign in again.");

    public static ProblemHttpResult InvalidOneTimeToken() => Problem(
        StatusCodes.Status400BadRequest, "invalid-token", "Invalid or expired link",
        "The link is unknown, already used, replaced by a newer one or expired. Ask for a new one.");

    public static ProblemHttpResult PasswordConfirmationFailed() => Problem(
        StatusCodes.Status403Forbidden, "password-confirmation-failed", "Password confirmation failed",
        "The password is wrong.");

    public static ProblemHttpResult AccountNotFound() => Problem(
        StatusCodes.Status404NotFound, "account-not-found", "Account not found",
        "The account no longer exists.");

    public static ProblemHttpResult ErasureNotFound() => Problem(
        StatusCodes.Status404NotFound, "erasure-not-found", "No erasure request",
        "No erasure was requested for this account.");

    public static ProblemHttpResult UserNotFound() => Problem(
        StatusCodes.Status404NotFound, "user-not-found", "User not found", "No user has this id.");

    public static ProblemHttpResult Problem(int status, string slug, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, type: TypeOf(slug));

    /// <summary>The stable problem type URI of <paramref name="slug"/>.</summary>
    public static string TypeOf(string slug) => TypePrefix + slug;
}
