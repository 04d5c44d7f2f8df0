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
                + "and mails a confirmation link bound to this sign-up's password. Answers 202 whether or not the email was already "
                + "registered; a sign-up for an address nobody has confirmed yet replaces the earlier sign-up's password and link.");
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
        // Hashed before the duplicate check: every path then costs the same bcrypt time.
        var passwordHash = hasher.Hash(request.Password!);
        var now = time.GetUtcNow();
        var user = await db.Users.SingleOrDefaultAsync(u => u.Email == email, cancellationToken);
        if (user is null)
        {
            user = new User
            {
                Email = email,
                PasswordHash = passwordHash,
                DisplayName = request.DisplayName!.Trim(),
                Locale = request.Locale!,
                CreatedAt = now,
            };
            db.Users.Add(user);
            db.AddIntegrationEvent(new UserRegistered(user.Id, user.Email, user.DisplayName, user.Locale));
        }
        else if (user is { EmailVerifiedAt: null, ErasureRequestedAt: null })
        {
            // Nobody has proved this inbox yet, so the first sign-up has no better claim than this one: anyone may type
            // another's address. This sign-up's password becomes the one a confirmation link confirms, and the new link
            // voids the earlier ones, which were bound to the earlier password.
            logger.LogInformation("Sign-up for an unconfirmed email replaces the earlier sign-up's password");
            user.PasswordHash = passwordHash;
        }
        else
        {
            logger.LogInformation("Sign-up for an already registered email ignored");
            return TypedResults.Accepted((string?)null, AcceptedAnswer);
        }

        RecordConsents(db, user.Id, request, legal.Value, now);
        var confirmation = await oneTimeTokens.IssueConfirmationAsync(user.Id, passwordHash, cancellationToken);
        db.AddIntegrationEvent(new EmailVerificationRequested(user.Id, user.Email, confirmation.Token, confirmation.ExpiresAt, request.Locale!));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex is DbUpdateConcurrencyException
            || ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // A concurrent sign-up with the same email, or the confirmation of the earlier link, won the race; answer as
            // for any duplicate.
            logger.LogInformation("Concurrent sign-up for one email ignored");
        }
        return TypedResults.Accepted((string?)null, AcceptedAnswer);
    }

    private static void RecordConsents(IdentityDbContext db, Guid userId, SignUpRequest request, LegalDocumentsOptions legal, DateTimeOffset now)
    {
        db.Consents.Add(new ConsentRecord { UserId = userId, Kind = ConsentKind.TermsOfService, DocumentVersion = legal.TermsOfServiceVersion, Granted = true, RecordedAt = now });
        db.Consents.Add(new ConsentRecord { UserId = userId, Kind = ConsentKind.PrivacyPolicy, DocumentVersion = legal.PrivacyPolicyVersion, Granted = true, RecordedAt = now });
        if (request.MarketingConsent is { } marketing)
        {
            db.Consents.Add(new ConsentRecord { UserId = userId, Kind = ConsentKind.Marketing, Granted = marketing, RecordedAt = now });
        }
    }
}
