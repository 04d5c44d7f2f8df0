using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using SkillSwap.EventBus.EntityFrameworkCore.Outbox;
using SkillSwap.Identity.Accounts;
using SkillSwap.Identity.Consents;
using SkillSwap.Identity.Infrastructure;
using SkillSwap.Identity.Login;
using SkillSwap.Identity.OneTimeTokens;
using SkillSwap.Identity.Passwords;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.Identity.SignUp;

public static class SignUpApi
{
    private static readonly SignUpAccepted AcceptedAnswer =
        new("If the address can be registered, a confirmation link is on its way. Follow it to activate the account.");

    public static RouteGroupBuilder MapSignUpApi(this RouteGroupBuilder identity)
    {
        identity.MapPost("/accounts", SignUpAsync)
            .AllowAnonymous()
            .RequireRateLimiting(IdentityRateLimits.Credentials)
            .WithName("SignUp")
            .WithSummary("Create an account")
            .WithDescription("Registers an email and password with explicit consent to the current terms and privacy policy, "
                + "and mails a confirmation link. Answers 202 whether or not the email was already registered.");
        return identity;
    }

    private static async Task<Results<Accepted<SignUpAccepted>, ValidationProblem>> SignUpAsync(
        SignUpRequest request,
        IdentityDbContext db,
        PasswordHasher hasher,
        OneTimeTokenService oneTimeTokens,
        IOptions<LegalDocumentsOptions> legal,
        TimeProvider time,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var errors = request.Validate(legal.Value);
        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var logger = loggers.CreateLogger(typeof(SignUpApi));
        var email = EmailAddress.Normalize(request.Email!);
        // Hashed before the duplicate check: both paths then cost the same bcrypt time.
        var passwordHash = hasher.Hash(request.Password!);
        if (await db.Users.AnyAsync(user => user.Email == email, cancellationToken))
        {
            logger.LogInformation("Sign-up for an already registered email ignored");
            return TypedResults.Accepted((string?)null, AcceptedAnswer);
        }

        var now = time.GetUtcNow();
        var user = new User
        {
            Email = email,
            PasswordHash = passwordHash,
            DisplayName = request.DisplayName!.Trim(),
            Locale = request.Locale!,
            CreatedAt = now,
        };
        db.Users.Add(user);
        db.Consents.Add(new ConsentRecord { UserId = user.Id, Kind = ConsentKind.TermsOfService, DocumentVersion = legal.Value.TermsOfServiceVersion, Granted = true, RecordedAt = now });
        db.Consents.Add(new ConsentRecord { UserId = user.Id, Kind = ConsentKind.PrivacyPolicy, DocumentVersion = legal.Value.PrivacyPolicyVersion, Granted = true, RecordedAt = now });
        if (request.MarketingConsent is { } marketing)
        {
            db.Consents.Add(new ConsentRecord { UserId = user.Id, Kind = ConsentKind.Marketing, Granted = marketing, RecordedAt = now });
        }

        var verification = await oneTimeTokens.IssueAsync(user.Id, OneTimeTokenPurpose.EmailVerification, cancellationToken);
        db.AddIntegrationEvent(new UserRegistered(user.Id, user.Email, user.DisplayName, user.Locale));
        db.AddIntegrationEvent(new EmailVerificationRequested(user.Id, user.Email, verification.Token, verification.ExpiresAt, user.Locale));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // A concurrent sign-up with the same email won the race; answer as for any duplicate.
            logger.LogInformation("Concurrent sign-up for one email ignored");
        }
        return TypedResults.Accepted((string?)null, AcceptedAnswer);
    }
}
