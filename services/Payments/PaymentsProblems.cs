using Microsoft.AspNetCore.Http.HttpResults;

namespace SkillSwap.Payments;

/// <summary>The problem+json answers of Payments, each with a stable <c>type</c> clients can switch on.</summary>
public static class PaymentsProblems
{
    public const string TypePrefix = "https://skillswap.app/problems/payments/";

    /// <summary>The access token is valid but its sub claim is no SkillSwap user id (a token Identity did not write).</summary>
    public static ProblemHttpResult Unauthenticated() => Problem(
        StatusCodes.Status401Unauthorized, "unauthenticated", "Unauthenticated", "The access token names no SkillSwap user.");

    /// <summary>Also the answer for an escrow the caller is not a party to: its existence is not disclosed.</summary>
    public static ProblemHttpResult EscrowNotFound() => Problem(
        StatusCodes.Status404NotFound, "escrow-not-found", "Escrow not found",
        "You have no booking with this id.");

    public static ProblemHttpResult Problem(int status, string slug, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, type: TypePrefix + slug);
}
