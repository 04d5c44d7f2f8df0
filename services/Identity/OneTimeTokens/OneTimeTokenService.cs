using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SkillSwap.Identity.Infrastructure;

namespace SkillSwap.Identity.OneTimeTokens;

public sealed record IssuedOneTimeToken(string Token, DateTimeOffset ExpiresAt);

/// <summary>Issues and redeems mailed tokens. Changes are staged on the context; callers save them with their own.</summary>
public sealed class OneTimeTokenService(IdentityDbContext db, TimeProvider time, IOptions<OneTimeTokenOptions> options)
{
    /// <summary>
    /// A confirmation link bound to the sign-up whose password it confirms (see <see cref="OneTimeToken.SignUpPasswordHash"/>).
    /// Like every new link, it replaces any earlier one of its purpose, so only the latest email works.
    /// </summary>
    public Task<IssuedOneTimeToken> IssueConfirmationAsync(Guid userId, string signUpPasswordHash, CancellationToken cancellationToken) =>
        IssueAsync(userId, OneTimeTokenPurpose.EmailVerification, signUpPasswordHash, cancellationToken);

    public Task<IssuedOneTimeToken> IssuePasswordResetAsync(Guid userId, CancellationToken cancellationToken) =>
        IssueAsync(userId, OneTimeTokenPurpose.PasswordReset, signUpPasswordHash: null, cancellationToken);

    private async Task<IssuedOneTimeToken> IssueAsync(
        Guid userId, OneTimeTokenPurpose purpose, string? signUpPasswordHash, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await SupersedeOutstandingAsync(userId, purpose, now, cancellationToken);

        var token = SecretToken.Generate();
        var expiresAt = now + options.Value.LifetimeOf(purpose);
        db.OneTimeTokens.Add(new OneTimeToken
        {
            UserId = userId,
            Purpose = purpose,
            TokenHash = SecretToken.Hash(token),
            SignUpPasswordHash = signUpPasswordHash,
            CreatedAt = now,
            ExpiresAt = expiresAt,
        });
        return new IssuedOneTimeToken(token, expiresAt);
    }

    /// <summary>
    /// Marks the token used and returns it, or null when it is unknown, used, replaced or expired: callers answer
    /// all four the same way. The xmin check makes a concurrent second use fail at save time.
    /// </summary>
    public async Task<OneTimeToken?> RedeemAsync(string token, OneTimeTokenPurpose purpose, CancellationToken cancellationToken)
    {
        var hash = SecretToken.Hash(token);
        var now = time.GetUtcNow();
        var stored = await db.OneTimeTokens.SingleOrDefaultAsync(
            candidate => candidate.TokenHash == hash && candidate.Purpose == purpose, cancellationToken);
        if (stored is null || stored.ConsumedAt is not null || stored.ExpiresAt <= now)
        {
            return null;
        }
        stored.ConsumedAt = now;
        return stored;
    }

    /// <summary>Used when erasure starts: no mailed link may act on an account being deleted.</summary>
    public async Task SupersedeAllAsync(Guid userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var purpose in Enum.GetValues<OneTimeTokenPurpose>())
        {
            await SupersedeOutstandingAsync(userId, purpose, now, cancellationToken);
        }
    }

    private async Task SupersedeOutstandingAsync(Guid userId, OneTimeTokenPurpose purpose, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var outstanding = await db.OneTimeTokens
            .Where(candidate => candidate.UserId == userId && candidate.Purpose == purpose && candidate.ConsumedAt == null)
            .ToListAsync(cancellationToken);
        foreach (var previous in outstanding)
        {
            previous.ConsumedAt = now;
        }
    }
}
