using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SkillSwap.Identity.Accounts;
using SkillSwap.Identity.Infrastructure;
using SkillSwap.Identity.Passwords;
using SkillSwap.Identity.Tokens;

namespace SkillSwap.Identity.Login;

public sealed record LoginRequest(string? Email, string? Password);

public static class LoginApi
{
    public static RouteGroupBuilder MapLoginApi(this RouteGroupBuilder identity)
    {
        identity.MapPost("/tokens", LoginAsync)
            .AllowAnonymous()
            .RequireRateLimiting(IdentityRateLimits.Credentials)
            .WithName("Login")
            .WithSummary("Sign in with email and password")
            .WithDescription("Returns a short-lived access token and a rotating refresh token. Wrong email and wrong password "
                + "get the same answer; repeated failures lock the email for a while (429). A suspended account gets 403 account-suspended "
                + "with its end date (until), a banned one 403 account-banned.");
        return identity;
    }

    private static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> LoginAsync(
        LoginRequest request,
        HttpContext httpContext,
        IdentityDbContext db,
        PasswordHasher hasher,
        LoginThrottling throttling,
        AccessTokenIssuer accessTokens,
        RefreshTokenService refreshTokens,
        IOptions<LoginOptions> options,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        // No account can have a malformed address, so refusing it outright reveals nothing and spares the lockout table.
        var errors = new ValidationErrors().AddIf("email", EmailAddress.Check(request.Email));
        if (!PasswordPolicy.CanBeChecked(request.Password))
        {
            errors.Add("password", "A password is required.");
        }
        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var email = EmailAddress.Normalize(request.Email!);
        if (await throttling.BeginAttemptAsync(email, cancellationToken) is { } lockedUntil)
        {
            return throttling.Refuse(httpContext, lockedUntil);
        }

        var user = await db.Users.SingleOrDefaultAsync(u => u.Email == email, cancellationToken);
        bool passwordMatches;
        if (user is null)
        {
            hasher.SpendVerificationTime(request.Password!);
            passwordMatches = false;
        }
        else
        {
            passwordMatches = hasher.Verify(request.Password!, user.PasswordHash);
        }
        // An account being erased behaves as if it were already gone.
        if (user is null || !passwordMatches || user.ErasureRequestedAt is not null)
        {
            return IdentityProblems.InvalidCredentials();
        }

        await throttling.ClearAsync(email, cancellationToken);
        // Told only to whoever knows the password: the person learns why and until when, nobody else learns anything.
        if (user.IsSanctionedAt(time.GetUtcNow()))
        {
            await db.SaveChangesAsync(cancellationToken);
            return IdentityProblems.AccountSanctioned(user.SanctionKind!, user.SanctionedUntil);
        }
        if (options.Value.RequireVerifiedEmail && user.EmailVerifiedAt is null)
        {
            await db.SaveChangesAsync(cancellationToken);
            return IdentityProblems.EmailNotVerified();
        }

        if (hasher.NeedsRehash(user.PasswordHash))
        {
            user.PasswordHash = hasher.Hash(request.Password!);
        }
        user.LastLoginAt = time.GetUtcNow();
        var (refreshToken, refreshExpiresAt, signInId) = refreshTokens.StartFamily(user.Id);
        var accessToken = await accessTokens.IssueAsync(user, signInId, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(TokenResponses.From(accessToken, refreshToken, refreshExpiresAt, time));
    }
}
