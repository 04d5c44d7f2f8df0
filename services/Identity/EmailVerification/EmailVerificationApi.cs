using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SkillSwap.EventBus.EntityFrameworkCore.Outbox;
using SkillSwap.Identity.Accounts;
using SkillSwap.Identity.Infrastructure;
using SkillSwap.Identity.Login;
using SkillSwap.Identity.OneTimeTokens;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.Identity.EmailVerification;

public sealed record ConfirmEmailRequest(string? Token);

public sealed record ResendVerificationRequest(string? Email);

public sealed record MailRequestAccepted(string Message);

public static class EmailVerificationApi
{
    private static readonly MailRequestAccepted ResendAnswer =
        new("If the address belongs to an account awaiting confirmation, a new link is on its way.");

    public static RouteGroupBuilder MapEmailVerificationApi(this RouteGroupBuilder identity)
    {
        var verification = identity.MapGroup("/email-verification")
            .AllowAnonymous()
            .RequireRateLimiting(IdentityRateLimits.Credentials);

        verification.MapPost("/", ConfirmAsync)
            .WithName("ConfirmEmail")
            .WithSummary("Confirm an email address")
            .WithDescription("Redeems the single-use token from the confirmation link.");

        verification.MapPost("/resend", ResendAsync)
            .WithName("ResendEmailVerification")
            .WithSummary("Send a new confirmation link")
            .WithDescription("Replaces any earlier link. Answers 202 whatever the address, so it cannot probe accounts.");
        return identity;
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ConfirmAsync(
        ConfirmEmailRequest request,
        IdentityDbContext db,
        OneTimeTokenService oneTimeTokens,
        IOptions<RoleOptions> roles,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (CheckToken(request.Token) is { } error)
        {
            return TypedResults.ValidationProblem(new ValidationErrors().Add("token", error).ToDictionary());
        }
        var redeemed = await oneTimeTokens.RedeemAsync(request.Token!, OneTimeTokenPurpose.EmailVerification, cancellationToken);
        var user = redeemed is null ? null : await db.Users.SingleOrDefaultAsync(u => u.Id == redeemed.UserId, cancellationToken);
        if (user is null || user.ErasureRequestedAt is not null)
        {
            return IdentityProblems.InvalidOneTimeToken();
        }

        if (user.EmailVerifiedAt is null)
        {
            user.EmailVerifiedAt = time.GetUtcNow();
            if (roles.Value.BootstrapAdmins.Any(admin => EmailAddress.Normalize(admin) == user.Email))
            {
                user.Role = Roles.Admin;
            }
            db.AddIntegrationEvent(new EmailVerified(user.Id));
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // The same link was redeemed concurrently; that request did the work.
            return IdentityProblems.InvalidOneTimeToken();
        }
        return TypedResults.NoContent();
    }

    private static async Task<Results<Accepted<MailRequestAccepted>, ValidationProblem>> ResendAsync(
        ResendVerificationRequest request,
        IdentityDbContext db,
        OneTimeTokenService oneTimeTokens,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Email) || !EmailAddress.IsValid(EmailAddress.Normalize(request.Email)))
        {
            return TypedResults.ValidationProblem(new ValidationErrors().Add("email", "A valid email address is required.").ToDictionary());
        }
        var email = EmailAddress.Normalize(request.Email);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Email == email, cancellationToken);
        if (user is { EmailVerifiedAt: null, ErasureRequestedAt: null })
        {
            var verification = await oneTimeTokens.IssueAsync(user.Id, OneTimeTokenPurpose.EmailVerification, cancellationToken);
            db.AddIntegrationEvent(new EmailVerificationRequested(user.Id, user.Email, verification.Token, verification.ExpiresAt, user.Locale));
            await db.SaveChangesAsync(cancellationToken);
        }
        return TypedResults.Accepted((string?)null, ResendAnswer);
    }

    /// <summary>Shared by every endpoint that takes a mailed token.</summary>
    public static string? CheckToken(string? token) =>
        string.IsNullOrWhiteSpace(token) || token.Length > SecretToken.MaxLength ? "A token from the emailed link is required." : null;
}
