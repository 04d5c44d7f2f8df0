using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SkillSwap.Identity.Accounts;
using SkillSwap.Identity.Infrastructure;

namespace SkillSwap.Identity.Tokens;

public abstract record RefreshOutcome
{
    public sealed record Rotated(User User, string RefreshToken, DateTimeOffset ExpiresAt) : RefreshOutcome;

    /// <summary>Unknown, expired, revoked or reused: the client must sign in again; which one is not its business.</summary>
    public sealed record Rejected : RefreshOutcome;
}

public sealed class RefreshTokenService(
    IdentityDbContext db,
    TimeProvider time,
    IOptions<TokenOptions> options,
    ILogger<RefreshTokenService> logger)
{
    /// <summary>Starts a new family at sign-in (staged; the caller saves).</summary>
    public (string Token, DateTimeOffset ExpiresAt) StartFamily(Guid userId) => AddToFamily(userId, Guid.CreateVersion7());

    public async Task<RefreshOutcome> RotateAsync(string presentedToken, CancellationToken cancellationToken)
    {
        var hash = SecretToken.Hash(presentedToken);
        var now = time.GetUtcNow();
        var presented = await db.RefreshTokens.AsNoTracking()
            .SingleOrDefaultAsync(token => token.TokenHash == hash, cancellationToken);
        if (presented is null || presented.RevokedAt is not null || presented.ExpiresAt <= now)
        {
            return new RefreshOutcome.Rejected();
        }
        if (presented.UsedAt is not null)
        {
            await RevokeFamilyAfterReuseAsync(presented, cancellationToken);
            return new RefreshOutcome.Rejected();
        }

        var user = await db.Users.SingleOrDefaultAsync(candidate => candidate.Id == presented.UserId, cancellationToken);
        if (user is null || user.ErasureRequestedAt is not null)
        {
            return new RefreshOutcome.Rejected();
        }

        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async cancellation =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellation);
            // Claiming the token with a conditional update is what makes two concurrent refreshes with one token
            // count as reuse instead of both succeeding.
            var claimed = await db.RefreshTokens
                .Where(token => token.Id == presented.Id && token.UsedAt == null && token.RevokedAt == null)
                .ExecuteUpdateAsync(setters => setters.SetProperty(token => token.UsedAt, now), cancellation);
            if (claimed == 0)
            {
                await transaction.RollbackAsync(cancellation);
                await RevokeFamilyAfterReuseAsync(presented, cancellation);
                return (RefreshOutcome)new RefreshOutcome.Rejected();
            }
            var (successor, expiresAt) = AddToFamily(presented.UserId, presented.FamilyId);
            await db.SaveChangesAsync(cancellation);
            await transaction.CommitAsync(cancellation);
            return new RefreshOutcome.Rotated(user, successor, expiresAt);
        }, cancellationToken);
    }

    /// <summary>Logout: ends the family of the presented token, whatever its state. Unknown tokens are ignored.</summary>
    public async Task RevokeFamilyAsync(string presentedToken, CancellationToken cancellationToken)
    {
        var hash = SecretToken.Hash(presentedToken);
        var familyId = await db.RefreshTokens
            .Where(token => token.TokenHash == hash)
            .Select(token => (Guid?)token.FamilyId)
            .SingleOrDefaultAsync(cancellationToken);
        if (familyId is { } family)
        {
            await RevokeWhereAsync(token => token.FamilyId == family, RevocationReasons.Logout, cancellationToken);
        }
    }

    /// <summary>
    /// Password reset and erasure: every session of the user ends. Runs at once rather than staged; callers run it
    /// before saving their own change, so a failure in between errs on the side of ending sessions.
    /// </summary>
    public Task RevokeAllAsync(Guid userId, string reason, CancellationToken cancellationToken) =>
        RevokeWhereAsync(token => token.UserId == userId, reason, cancellationToken);

    private (string Token, DateTimeOffset ExpiresAt) AddToFamily(Guid userId, Guid familyId)
    {
        var token = SecretToken.Generate();
        var now = time.GetUtcNow();
        var expiresAt = now + options.Value.RefreshTokenLifetime;
        db.RefreshTokens.Add(new RefreshToken
        {
            UserId = userId,
            FamilyId = familyId,
            TokenHash = SecretToken.Hash(token),
            CreatedAt = now,
            ExpiresAt = expiresAt,
        });
        return (token, expiresAt);
    }

    private async Task RevokeFamilyAfterReuseAsync(RefreshToken presented, CancellationToken cancellationToken)
    {
        logger.LogWarning("Refresh token {TokenId} of user {UserId} was presented again; revoking family {FamilyId}",
            presented.Id, presented.UserId, presented.FamilyId);
        await RevokeWhereAsync(token => token.FamilyId == presented.FamilyId, RevocationReasons.ReuseDetected, cancellationToken);
    }

    private Task RevokeWhereAsync(System.Linq.Expressions.Expression<Func<RefreshToken, bool>> scope, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return db.RefreshTokens
            .Where(scope)
            .Where(token => token.RevokedAt == null)
            .ExecuteUpdateAsync(setters => setters
                .SetProperty(token => token.RevokedAt, now)
                .SetProperty(token => token.RevocationReason, reason), cancellationToken);
    }
}
