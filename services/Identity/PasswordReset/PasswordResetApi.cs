using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SkillSwap.EventBus.EntityFrameworkCore.Outbox;
using SkillSwap.Identity.Accounts;
using SkillSwap.Identity.EmailVerification;
using SkillSwap.Identity.Infrastructure;
using SkillSwap.Identity.Login;
using SkillSwap.Identity.MailedLinks;
using SkillSwap.Identity.OneTimeTokens;
using SkillSwap.Identity.Passwords;
using SkillSwap.Identity.Tokens;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.Identity.PasswordReset;

public sealed record RequestPasswordResetRequest(string? Email);

public sealed record ResetPasswordRequest(string? Token, string? NewPassword);

public static class PasswordResetApi
{
    private static readonly MailRequestAccepted RequestAnswer =
        new("If the address belongs to an account, a password reset link is on its way.");

    public static RouteGroupBuilder MapPasswordResetApi(this RouteGroupBuilder identity)
    {
        var reset = identity.MapGroup("/password-reset")
            .AllowAnonymous()
            .RequireRateLimiting(IdentityRateLimits.Credentials);

        reset.MapPost("/", RequestAsync)
            .WithName("RequestPasswordReset")
            .WithSummary("Ask for a password reset link")
            .WithDescription("Answers 202 whatever the address, in the same time, so it cannot probe accounts.");

        reset.MapPost("/confirm", ResetAsync)
            .WithName("ResetPassword")
            .WithSummary("Set a new password with a reset link")
            .WithDescription("Redeems the single-use token, sets the password and signs the account out everywhere.");
        return identity;
    }

    private static async Task<Results<Accepted<MailRequestAccepted>, ValidationProblem>> RequestAsync(
        RequestPasswordResetRequest request,
        IdentityDbContext db,
        LinkMailer mailer,
        CancellationToken cancellationToken)
    {
        if (EmailAddress.Check(request.Email) is { } error)
        {
            return TypedResults.ValidationProblem(new ValidationErrors().Add("email", error).ToDictionary());
        }
        // Queued whatever the address: looking the account up and issuing the link happen off the request path.
        mailer.Queue(db, OneTimeTokenPurpose.PasswordReset, EmailAddress.Normalize(request.Email!), provenPasswordHash: null);
        await db.SaveChangesAsync(cancellationToken);
        mailer.Wake();
        return TypedResults.Accepted((string?)null, RequestAnswer);
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ResetAsync(
        ResetPasswordRequest request,
        IdentityDbContext db,
        OneTimeTokenService oneTimeTokens,
        RefreshTokenService refreshTokens,
        LoginThrottling throttling,
        PasswordHasher hasher,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors()
            .AddIf("token", EmailVerificationApi.CheckToken(request.Token))
            .AddIf("newPassword", PasswordPolicy.Check(request.NewPassword));
        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var redeemed = await oneTimeTokens.RedeemAsync(request.Token!, OneTimeTokenPurpose.PasswordReset, cancellationToken);
        var user = redeemed is null ? null : await db.Users.SingleOrDefaultAsync(u => u.Id == redeemed.UserId, cancellationToken);
        if (user is null || user.ErasureRequestedAt is not null)
        {
            return IdentityProblems.InvalidOneTimeToken();
        }

        var now = time.GetUtcNow();
        user.PasswordHash = hasher.Hash(request.NewPassword!);
        user.PasswordChangedAt = now;
        // Following the link proved the user reads this inbox.
        user.EmailVerifiedAt ??= now;
        // Whoever knew the old password may hold a session: end them all.
        await refreshTokens.RevokeAllAsync(user.Id, RevocationReasons.PasswordReset, cancellationToken);
        await throttling.ClearAsync(user.Email, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return IdentityProblems.InvalidOneTimeToken();
        }
        return TypedResults.NoContent();
    }
}
