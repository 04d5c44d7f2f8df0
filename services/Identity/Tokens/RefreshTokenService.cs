using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SkillSwap.EventBus.EntityFrameworkCore.Outbox;
using SkillSwap.Identity.Accounts;
using SkillSwap.Identity.Infrastructure;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.Identity.Tokens;

public abstract record RefreshOutcome
{
    public sealed record Rotated(User User, string RefreshToken, DateTimeOffset ExpiresAt, Guid SignInId) : RefreshOutcome;

    /// <summary>Unknown, expired, revoked or reused: the client must sign in again; which one is not its business.</summary>
    public sealed record Rejected : RefreshOutcome;
}

public sealed class RefreshTokenService(
    IdentityDbContext db,
    TimeProvider time,
    IOptions<TokenOptions> options,
    ILogger<RefreshTokenService> logger)
{
    /// <summary>Starts a new family at sign-in (staged; the caller saves). Its id is the sign-in's id (<c>sid</c>).</summary>
    public (string Token, DateTimeOffset ExpiresAt, Guid SignInId) StartFamily(Guid userId)
    {
        var signInId = Guid.CreateVersion7();
        var (token, expiresAt) = AddToFamily(userId, signInId);
        return (token, expiresAt, signInId);
    }

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
        // The sanction ended every sign-in already; this closes the gap of a refresh racing it.
        if (user is null || user.ErasureRequestedAt is not null || user.IsSanctionedAt(now))
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
            return new RefreshOutcome.Rotated(user, successor, expiresAt, presented.FamilyId);
        }, cancellationToken);
    }

    /// <summary>Logout: ends the family of the presented token, whatever its state. Unknown tokens are ignored.</summary>
    public async Task RevokeFamilyAsync(string presentedToken, CancellationToken cancellationToken)
    {
        var hash = SecretToken.Hash(presentedToken);
        var presented = await db.RefreshTokens.AsNoTracking()
            .SingleOrDefaultAsync(token => token.TokenHash == hash, cancellationToken);
        if (presented is not null)
        {
            await EndFamilyAsync(presented, RevocationReasons.Logout, cancellationToken);
        }
    }

    /// <summary>
    /// Password reset, sanction and erasure: every session of the user ends. The revocation runs at once rather than staged;
    /// callers run it before saving their own change, so a failure in between errs on the side of ending sessions. The
    /// <see cref="SignInsEnded"/> announcement (open connections close) is staged and goes with the caller's change.
    /// </summary>
    public async Task RevokeAllAsync(Guid userId, string reason, CancellationToken cancellationToken)
    {
        var open = await db.RefreshTokens
            .Where(token => token.UserId == userId && token.RevokedAt == null)
            .Select(token => token.FamilyId)
            .Distinct()
            .ToListAsync(cancellationToken);
        await RevokeWhereAsync(token => token.UserId == userId, reason, cancellationToken);
        if (open.Count > 0)
        {
            db.AddIntegrationEvent(new SignInsEnded(userId, open, time.GetUtcNow(), reason));
        }
    }

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
        await EndFamilyAsync(presented, RevocationReasons.ReuseDetected, cancellationToken);
    }

    /// <summary>
    /// Revokes one sign-in and, the first time, announces it so its open connections close. Saved at once: logout and
    /// reuse detection have no other change to go with.
    /// </summary>
    private async Task EndFamilyAsync(RefreshToken member, string reason, CancellationToken cancellationToken)
    {
        if (await RevokeWhereAsync(token => token.FamilyId == member.FamilyId, reason, cancellationToken) > 0)
        {
            db.AddIntegrationEvent(new SignInsEnded(member.UserId, [member.FamilyId], time.GetUtcNow(), reason));
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    private Task<int> RevokeWhereAsync(System.Linq.Expressions.Expression<Func<RefreshToken, bool>> scope, string reason, CancellationToken cancellationToken)
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
