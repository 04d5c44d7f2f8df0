using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SkillSwap.Identity.Infrastructure;
using SkillSwap.Identity.Login;
using SkillSwap.Identity.Passwords;

namespace SkillSwap.Identity.Erasure;

public sealed record ConfirmPasswordRequest(string? Password);

public sealed record ErasureParticipantStatus(string Service, DateTimeOffset? ErasedAt);

public sealed record ErasureStatusResponse(
    Guid RequestId,
    string Status,
    DateTimeOffset RequestedAt,
    DateTimeOffset Deadline,
    DateTimeOffset? AccountDeletedAt,
    DateTimeOffset? CompletedAt,
    IReadOnlyList<ErasureParticipantStatus> Participants)
{
    public static ErasureStatusResponse From(ErasureRequest request) => new(
        request.Id,
        request.Status.ToString().ToLowerInvariant(),
        request.RequestedAt,
        request.Deadline,
        request.AccountDeletedAt,
        request.CompletedAt,
        [.. request.Participants.OrderBy(p => p.Service).Select(p => new ErasureParticipantStatus(p.Service, p.ErasedAt))]);
}

public static class ErasureApi
{
    public const string StatusRoute = IdentityApi.RoutePrefix + "/me/erasure";

    public static RouteGroupBuilder MapErasureApi(this RouteGroupBuilder identity)
    {
        identity.MapDelete("/me", RequestErasureAsync)
            .RequireAuthorization()
            .WithTags("Erasure")
            .WithName("EraseMyAccount")
            .WithSummary("Erase my account and my data everywhere (right to erasure)")
            .WithDescription("Needs the password again. Signs the account out at once, asks every service holding personal data "
                + "to erase it, and deletes the account when all have answered or when the deadline passes. Follow the status at "
                + StatusRoute + ".");

        identity.MapGet("/me/erasure", GetStatusAsync)
            .RequireAuthorization()
            .WithTags("Erasure")
            .WithName("GetMyErasureStatus")
            .WithSummary("Progress of my erasure request")
            .WithDescription("Readable with an access token issued before the request, until it expires, even once the account is gone.");
        return identity;
    }

    private static async Task<Results<Accepted<ErasureStatusResponse>, ValidationProblem, ProblemHttpResult>> RequestErasureAsync(
        [FromBody] ConfirmPasswordRequest request,
        ClaimsPrincipal principal,
        HttpContext httpContext,
        IdentityDbContext db,
        PasswordHasher hasher,
        LoginThrottling throttling,
        ErasureCoordinator coordinator,
        CancellationToken cancellationToken)
    {
        if (!PasswordPolicy.CanBeChecked(request.Password))
        {
            return TypedResults.ValidationProblem(new ValidationErrors().Add("password", "Confirm with your password.").ToDictionary());
        }
        var userId = principal.UserId();
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return IdentityProblems.AccountNotFound();
        }
        // A stolen access token must not become a way to guess the password: the sign-in lockout applies here too.
        if (await throttling.BeginAttemptAsync(user.Email, cancellationToken) is { } lockedUntil)
        {
            return throttling.Refuse(httpContext, lockedUntil);
        }
        if (!hasher.Verify(request.Password, user.PasswordHash))
        {
            return IdentityProblems.PasswordConfirmationFailed();
        }
        await throttling.ClearAsync(user.Email, cancellationToken);
        var erasure = await coordinator.StartAsync(user, cancellationToken);
        return TypedResults.Accepted(StatusRoute, ErasureStatusResponse.From(erasure));
    }

    private static async Task<Results<Ok<ErasureStatusResponse>, ProblemHttpResult>> GetStatusAsync(
        ClaimsPrincipal principal, IdentityDbContext db, CancellationToken cancellationToken)
    {
        var userId = principal.UserId();
        var erasure = await db.ErasureRequests.AsNoTracking().SingleOrDefaultAsync(r => r.UserId == userId, cancellationToken);
        return erasure is null ? IdentityProblems.ErasureNotFound() : TypedResults.Ok(ErasureStatusResponse.From(erasure));
    }
}
