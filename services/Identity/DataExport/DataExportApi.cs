using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SkillSwap.Identity.Consents;
using SkillSwap.Identity.Erasure;
using SkillSwap.Identity.Infrastructure;

namespace SkillSwap.Identity.DataExport;

public sealed record ExportedAccount(
    Guid Id,
    string Email,
    string DisplayName,
    string Locale,
    string Role,
    DateTimeOffset CreatedAt,
    DateTimeOffset? EmailVerifiedAt,
    DateTimeOffset? PasswordChangedAt,
    DateTimeOffset? LastLoginAt,
    DateTimeOffset? ErasureRequestedAt);

/// <summary>One sign-in session link; the token itself is never exported, nor its hash.</summary>
public sealed record ExportedRefreshToken(
    Guid Id, Guid FamilyId, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? UsedAt, DateTimeOffset? RevokedAt, string? RevocationReason);

public sealed record ExportedMailedToken(string Purpose, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? ConsumedAt);

public sealed record ExportedLoginThrottle(int FailureCount, DateTimeOffset WindowStartedAt, DateTimeOffset? LockedUntil);

public sealed record IdentityDataExport(
    DateTimeOffset ExportedAt,
    ExportedAccount Account,
    IReadOnlyList<ConsentEntry> Consents,
    IReadOnlyList<ExportedRefreshToken> Sessions,
    IReadOnlyList<ExportedMailedToken> MailedLinks,
    ExportedLoginThrottle? FailedSignIns,
    ErasureStatusResponse? Erasure);

public static class DataExportApi
{
    public static RouteGroupBuilder MapDataExportApi(this RouteGroupBuilder identity)
    {
        identity.MapGet("/me/export", ExportAsync)
            .RequireAuthorization()
            .WithTags("Data export")
            .WithName("ExportMyData")
            .WithSummary("Everything Identity keeps about me, as JSON (right of access)")
            .WithDescription("Password, token and key material is left out: hashes are not personal data the user can use, and exporting them would only weaken them.");
        return identity;
    }

    private static async Task<Results<Ok<IdentityDataExport>, ProblemHttpResult>> ExportAsync(
        ClaimsPrincipal principal, HttpContext httpContext, IdentityDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var userId = principal.UserId();
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return IdentityProblems.AccountNotFound();
        }

        var consents = await db.Consents.AsNoTracking().Where(c => c.UserId == user.Id)
            .OrderBy(c => c.RecordedAt).ThenBy(c => c.Id).ToListAsync(cancellationToken);
        var sessions = await db.RefreshTokens.AsNoTracking().Where(t => t.UserId == user.Id)
            .OrderBy(t => t.CreatedAt)
            .Select(t => new ExportedRefreshToken(t.Id, t.FamilyId, t.CreatedAt, t.ExpiresAt, t.UsedAt, t.RevokedAt, t.RevocationReason))
            .ToListAsync(cancellationToken);
        var mailedLinks = await db.OneTimeTokens.AsNoTracking().Where(t => t.UserId == user.Id)
            .OrderBy(t => t.CreatedAt)
            .Select(t => new { t.Purpose, t.CreatedAt, t.ExpiresAt, t.ConsumedAt })
            .ToListAsync(cancellationToken);
        var throttleKey = SecretToken.Hash(user.Email);
        var throttle = await db.LoginThrottles.AsNoTracking().SingleOrDefaultAsync(t => t.EmailHash == throttleKey, cancellationToken);
        var erasure = await db.ErasureRequests.AsNoTracking().SingleOrDefaultAsync(r => r.UserId == user.Id, cancellationToken);

        httpContext.Response.Headers.ContentDisposition = "attachment; filename=\"skillswap-identity-export.json\"";
        return TypedResults.Ok(new IdentityDataExport(
            time.GetUtcNow(),
            new ExportedAccount(user.Id, user.Email, user.DisplayName, user.Locale, user.Role, user.CreatedAt,
                user.EmailVerifiedAt, user.PasswordChangedAt, user.LastLoginAt, user.ErasureRequestedAt),
            [.. consents.Select(ConsentsApi.ToEntry)],
            sessions,
            [.. mailedLinks.Select(t => new ExportedMailedToken(ToCamelCase(t.Purpose.ToString()), t.CreatedAt, t.ExpiresAt, t.ConsumedAt))],
            throttle is null ? null : new ExportedLoginThrottle(throttle.FailureCount, throttle.WindowStartedAt, throttle.LockedUntil),
            erasure is null ? null : ErasureStatusResponse.From(erasure)));
    }

    private static string ToCamelCase(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
