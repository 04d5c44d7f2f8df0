using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SkillSwap.EventBus.EntityFrameworkCore.Outbox;
using SkillSwap.Identity.Accounts;
using SkillSwap.Identity.Infrastructure;
using SkillSwap.Identity.MailedLinks;
using SkillSwap.Identity.OneTimeTokens;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.Identity.Support;

public sealed record SupportRequest(string? Reason);

/// <summary>Whom to look up (an email or an id) and why. A body, not a query string: neither lands in access logs.</summary>
public sealed record LookUpRequest(string? Email, Guid? UserId, string? Reason);

public sealed record SupportSanction(string Kind, DateTimeOffset? Until);

/// <summary>What support sees of an account: its state, never a secret (no hash, no token).</summary>
public sealed record SupportAccountView(
    Guid Id, string Email, string DisplayName, string Locale, string Role, DateTimeOffset CreatedAt, bool EmailVerified,
    DateTimeOffset? LastLoginAt, DateTimeOffset? LockedOutUntil, SupportSanction? Sanction, DateTimeOffset? ErasureRequestedAt);

/// <summary>
/// Support's desk (support agents and admins; 403 for members): look an account up by email or id, send its
/// confirmation link again, lift a sign-in lockout. Each needs a reason and is announced (<see cref="SupportActionTaken"/>)
/// in the same commit, so Administration's audit log holds who looked at whom and why. Nobody uses it on their own
/// account.
/// </summary>
public static class SupportApi
{
    public const string RoutePrefix = "/support/accounts";
    public const int MinReasonLength = 10;
    public const int MaxReasonLength = 500;

    public static RouteGroupBuilder MapSupportApi(this RouteGroupBuilder identity)
    {
        var support = identity.MapGroup(RoutePrefix).RequireAuthorization(IdentityPolicies.Support).WithTags("Support");
        support.MapPost("/look-ups", LookUpAsync).WithName("SupportLookUp")
            .WithSummary("Look an account up (support; recorded)")
            .WithDescription($"email or userId, and reason ({MinReasonLength}-{MaxReasonLength} characters, kept in the audit log). "
                + "Answers the account's state: confirmed, locked out until, sanction, erasure requested. A POST so that neither the "
                + "address nor the reason lands in access logs.");
        support.MapPost("/{userId:guid}/verification-link", SendVerificationLinkAsync).WithName("SupportSendVerificationLink")
            .WithSummary("Send an unconfirmed account's confirmation link again (support; recorded)");
        support.MapPost("/{userId:guid}/lockout/lifting", LiftLockoutAsync).WithName("SupportLiftLockout")
            .WithSummary("Lift a sign-in lockout (support; recorded)");
        return identity;
    }

    private static async Task<Results<Ok<SupportAccountView>, ValidationProblem, ProblemHttpResult>> LookUpAsync(
        LookUpRequest request, ClaimsPrincipal staff, IdentityDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if ((request.Email is null) == (request.UserId is null))
        {
            errors.Add("email", "Give an email or a userId, one of them.");
        }
        else if (request.Email is not null)
        {
            errors.AddIf("email", EmailAddress.Check(request.Email));
        }
        CheckReason(request.Reason, errors);
        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }
        var normalized = request.Email is { } email ? EmailAddress.Normalize(email) : null;
        var user = normalized is not null
            ? await db.Users.SingleOrDefaultAsync(u => u.Email == normalized, cancellationToken)
            : await db.Users.SingleOrDefaultAsync(u => u.Id == request.UserId, cancellationToken);
        if (Refusal(user, staff) is { } refused)
        {
            return refused;
        }
        var now = time.GetUtcNow();
        var emailHash = SecretToken.Hash(user!.Email);
        var lockedUntil = await db.LoginThrottles.Where(t => t.EmailHash == emailHash && t.LockedUntil > now).Select(t => t.LockedUntil).SingleOrDefaultAsync(cancellationToken);
        Record(db, staff, user, SupportActionTaken.LookUp, request.Reason!);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new SupportAccountView(
            user.Id, user.Email, user.DisplayName, user.Locale, user.Role, user.CreatedAt, user.EmailVerifiedAt is not null, user.LastLoginAt,
            lockedUntil, user.IsSanctionedAt(now) ? new SupportSanction(user.SanctionKind!, user.SanctionedUntil) : null, user.ErasureRequestedAt));
    }

    private static async Task<Results<Accepted, ValidationProblem, ProblemHttpResult>> SendVerificationLinkAsync(
        Guid userId, SupportRequest request, ClaimsPrincipal staff, IdentityDbContext db, LinkMailer links, CancellationToken cancellationToken)
    {
        var (user, invalid, refused) = await TargetAsync(userId, request.Reason, staff, db, cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }
        if (refused is not null)
        {
            return refused;
        }
        if (user!.EmailVerifiedAt is not null)
        {
            return IdentityProblems.Problem(StatusCodes.Status409Conflict, "already-confirmed", "Already confirmed", "This account's email address is confirmed already.");
        }
        // The person asked support for it: support vouches instead of the password the anonymous resend asks for. The
        // link is bound to the sign-up's current password, as every confirmation link is.
        links.Queue(db, OneTimeTokenPurpose.EmailVerification, user.Email, user.PasswordHash);
        Record(db, staff, user, SupportActionTaken.VerificationLinkSent, request.Reason!);
        await db.SaveChangesAsync(cancellationToken);
        links.Wake();
        return TypedResults.Accepted((string?)null);
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> LiftLockoutAsync(
        Guid userId, SupportRequest request, ClaimsPrincipal staff, IdentityDbContext db, Login.LoginThrottling throttling, CancellationToken cancellationToken)
    {
        var (user, invalid, refused) = await TargetAsync(userId, request.Reason, staff, db, cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }
        if (refused is not null)
        {
            return refused;
        }
        await throttling.ClearAsync(user!.Email, cancellationToken);
        Record(db, staff, user, SupportActionTaken.LockoutLifted, request.Reason!);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>The account an action is for, once its reason holds and the agent may act on it; otherwise the answer to give.</summary>
    private static async Task<(User? Target, ValidationProblem? Invalid, ProblemHttpResult? Refused)> TargetAsync(
        Guid userId, string? reason, ClaimsPrincipal staff, IdentityDbContext db, CancellationToken cancellationToken)
    {
        var errors = CheckReason(reason, new ValidationErrors());
        if (!errors.IsValid)
        {
            return (null, TypedResults.ValidationProblem(errors.ToDictionary()), null);
        }
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        return Refusal(user, staff) is { } refused ? (null, null, refused) : (user, null, null);
    }

    private static ValidationErrors CheckReason(string? reason, ValidationErrors errors) =>
        reason?.Trim() is { Length: >= MinReasonLength and <= MaxReasonLength }
            ? errors
            : errors.Add("reason", $"Say why in {MinReasonLength} to {MaxReasonLength} characters: it is kept in the audit log.");

    private static ProblemHttpResult? Refusal(User? user, ClaimsPrincipal staff) =>
        user is null ? IdentityProblems.AccountNotFound()
        : user.Id == staff.UserId() ? IdentityProblems.Problem(StatusCodes.Status403Forbidden, "own-account", "Your own account", "Support does not act on its own account; ask a colleague.")
        : null;

    private static void Record(IdentityDbContext db, ClaimsPrincipal staff, User user, string action, string reason) =>
        db.AddIntegrationEvent(new SupportActionTaken(staff.UserId()!.Value, user.Id, action, reason.Trim()));
}
