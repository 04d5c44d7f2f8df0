using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SkillSwap.EventBus;
using SkillSwap.Identity.Infrastructure;
using SkillSwap.Identity.Tokens;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.Identity.Sanctions;

/// <summary>
/// Identity's part of a sanction: the account cannot sign in or refresh while it is in force, every open sign-in ends
/// (realtime connections close, see <see cref="SignInsEnded"/>), and the access tokens already issued are refused at the
/// gateway and in every service through the <see cref="AccountDenyList"/> until they would have expired anyway. A lift
/// undoes all but the ended sign-ins: the person signs in again.
/// </summary>
public sealed class AccountSanctions(
    IdentityDbContext db,
    RefreshTokenService refreshTokens,
    AccountDenyList denyList,
    IOptions<TokenOptions> tokens,
    TimeProvider time,
    ILogger<AccountSanctions> logger)
    : IIntegrationEventHandler<AccountSanctioned>, IIntegrationEventHandler<AccountSanctionLifted>
{
    /// <summary>Past an access token's lifetime, for the services' clock skew.</summary>
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(1);

    public async Task HandleAsync(AccountSanctioned sanctioned, CancellationToken cancellationToken)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == sanctioned.UserId, cancellationToken);
        if (user is null)
        {
            return;
        }
        if (!user.Sanction(sanctioned.SanctionId, sanctioned.Kind, sanctioned.Until))
        {
            // Lifted or replaced before it arrived (a retry reordered them), or handled already.
            logger.LogInformation("Sanction {SanctionId} of {UserId} is stale; nothing to do", sanctioned.SanctionId, user.Id);
            return;
        }
        // As long as an access token issued before could live, or until the suspension ends if that comes first.
        var keepFor = tokens.Value.AccessTokenLifetime + Skew;
        if (sanctioned.Until is { } until && until - time.GetUtcNow() is var left && left < keepFor)
        {
            keepFor = left;
        }
        // Denied before the change commits: the inbox record commits with it, so a deny that failed after the commit would
        // never be retried. A retry after a failed commit denies again, which is harmless.
        if (keepFor > TimeSpan.Zero)
        {
            await denyList.DenyAsync(user.Id, new AccountDenial(sanctioned.Kind == AccountSanctioned.Ban, sanctioned.Until), keepFor);
        }
        await refreshTokens.RevokeAllAsync(user.Id, RevocationReasons.Sanction, cancellationToken);
        logger.LogInformation("Account {UserId} sanctioned ({Kind} until {Until}); its sign-ins ended", user.Id, sanctioned.Kind, sanctioned.Until);
    }

    public async Task HandleAsync(AccountSanctionLifted lifted, CancellationToken cancellationToken)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == lifted.UserId, cancellationToken);
        if (user is null)
        {
            return;
        }
        if (!user.LiftSanction(lifted.SanctionId))
        {
            // Remembered all the same (saved with the inbox record), so the sanction it lifts changes nothing if it comes later.
            return;
        }
        // In the event's transaction: if allowing fails, the lift rolls back and the retry does both again.
        await denyList.AllowAsync(user.Id);
        logger.LogInformation("Sanction {SanctionId} of {UserId} ended ({Reason})", lifted.SanctionId, user.Id, lifted.Reason);
    }
}
