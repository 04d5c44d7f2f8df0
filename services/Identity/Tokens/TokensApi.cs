using Microsoft.AspNetCore.Http.HttpResults;
using SkillSwap.Identity.Infrastructure;
using SkillSwap.Identity.Login;

namespace SkillSwap.Identity.Tokens;

public sealed record RefreshRequest(string? RefreshToken);

public static class TokensApi
{
    public static RouteGroupBuilder MapTokensApi(this RouteGroupBuilder identity)
    {
        var tokens = identity.MapGroup("/tokens")
            .AllowAnonymous()
            .RequireRateLimiting(IdentityRateLimits.Credentials);

        tokens.MapPost("/refresh", RefreshAsync)
            .WithName("RefreshTokens")
            .WithSummary("Exchange a refresh token for new tokens")
            .WithDescription("The presented refresh token is used up and replaced. Presenting one that was already used "
                + "revokes every token descended from the same sign-in.");

        tokens.MapPost("/revoke", RevokeAsync)
            .WithName("Logout")
            .WithSummary("Sign out")
            .WithDescription("Revokes the refresh token and every token of its sign-in. Answers 204 even for unknown tokens.");
        return identity;
    }

    private static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> RefreshAsync(
        RefreshRequest request,
        RefreshTokenService refreshTokens,
        AccessTokenIssuer accessTokens,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (CheckRefreshToken(request.RefreshToken) is { } error)
        {
            return TypedResults.ValidationProblem(new ValidationErrors().Add("refreshToken", error).ToDictionary());
        }
        if (await refreshTokens.RotateAsync(request.RefreshToken!, cancellationToken) is not RefreshOutcome.Rotated rotated)
        {
            return IdentityProblems.InvalidRefreshToken();
        }
        var accessToken = await accessTokens.IssueAsync(rotated.User, rotated.SignInId, cancellationToken);
        return TypedResults.Ok(TokenResponses.From(accessToken, rotated.RefreshToken, rotated.ExpiresAt, time));
    }

    private static async Task<Results<NoContent, ValidationProblem>> RevokeAsync(
        RefreshRequest request,
        RefreshTokenService refreshTokens,
        CancellationToken cancellationToken)
    {
        if (CheckRefreshToken(request.RefreshToken) is { } error)
        {
            return TypedResults.ValidationProblem(new ValidationErrors().Add("refreshToken", error).ToDictionary());
        }
        await refreshTokens.RevokeFamilyAsync(request.RefreshToken!, cancellationToken);
        return TypedResults.NoContent();
    }

    private static string? CheckRefreshToken(string? token) =>
        string.IsNullOrWhiteSpace(token) || token.Length > SecretToken.MaxLength ? "A refresh token is required." : null;
}
