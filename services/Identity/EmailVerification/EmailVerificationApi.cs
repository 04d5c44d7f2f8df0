using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SkillSwap.EventBus.EntityFrameworkCore.Outbox;
using SkillSwap.Identity.Accounts;
using SkillSwap.Identity.Infrastructure;
using SkillSwap.Identity.Login;
using SkillSwap.Identity.MailedLinks;
using SkillSwap.Identity.OneTimeTokens;
using SkillSwap.Identity.Passwords;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.Identity.EmailVerification;

public sealed record ConfirmEmailRequest(string? Token);

/// <summary>The password proves which sign-up's link to send again: only the person who signed up with it can ask.</summary>
public sealed record ResendVerificationRequest(string? Email, string? Password);

public sealed record MailRequestAccepted(string Message);

public static class EmailVerificationApi
{
    private static readonly MailRequestAccepted ResendAnswer =
        new("If the address and password belong to a sign-up awaiting confirmation, a new link is on its way.");

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
            .WithDescription("Sends the sign-up's link again to the person who knows its password; replaces any earlier link. "
                + "Answers 202 whatever the address and password, in the same time, so it cannot probe accounts.");
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
        // A link whose sign-up a later sign-up replaced is void: it must not confirm that later sign-up's password.
        if (user is null || user.ErasureRequestedAt is not null
            || (user.EmailVerifiedAt is null && redeemed!.SignUpPasswordHash != user.PasswordHash))
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
        PasswordHasher hasher,
        LinkMailer mailer,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors().AddIf("email", EmailAddress.Check(request.Email));
        if (!PasswordPolicy.CanBeChecked(request.Password))
        {
            errors.Add("password", "The password chosen at sign-up is required.");
        }
        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var email = EmailAddress.Normalize(request.Email!);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Email == email, cancellationToken);
        // One bcrypt check whatever the address, and a queued request either way: the answer's timing tells nothing.
        string? provenPasswordHash = null;
        if (user is { EmailVerifiedAt: null, ErasureRequestedAt: null })
        {
            provenPasswordHash = hasher.Verify(request.Password!, user.PasswordHash) ? user.PasswordHash : null;
        }
        else
        {
            hasher.SpendVerificationTime(request.Password!);
        }
        mailer.Queue(db, OneTimeTokenPurpose.EmailVerification, email, provenPasswordHash);
        await db.SaveChangesAsync(cancellationToken);
        mailer.Wake();
        return TypedResults.Accepted((string?)null, ResendAnswer);
    }

    /// <summary>Shared by every endpoint that takes a mailed token.</summary>
    public static string? CheckToken(string? token) =>
        string.IsNullOrWhiteSpace(token) || token.Length > SecretToken.MaxLength ? "A token from the emailed link is required." : null;
}
