using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SkillSwap.Identity.Infrastructure;

namespace SkillSwap.Identity.Login;

/// <summary>Per-email lockout after repeated failures (the per-IP limit is ASP.NET Core's rate limiter).</summary>
public sealed class LoginThrottling(IdentityDbContext db, TimeProvider time, IOptions<LoginOptions> options)
{
    /// <summary>When the email is locked, the time it unlocks; null otherwise.</summary>
    public async Task<DateTimeOffset?> LockedUntilAsync(string normalizedEmail, CancellationToken cancellationToken)
    {
        var key = SecretToken.Hash(normalizedEmail);
        var lockedUntil = await db.LoginThrottles
            .Where(throttle => throttle.EmailHash == key)
            .Select(throttle => throttle.LockedUntil)
            .SingleOrDefaultAsync(cancellationToken);
        return lockedUntil > time.GetUtcNow() ? lockedUntil : null;
    }

    /// <summary>
    /// Counts a failure in one atomic upsert, so parallel guesses cannot slip past the limit; the failure that
    /// reaches the limit starts the lockout.
    /// </summary>
    public async Task RecordFailureAsync(string normalizedEmail, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var key = SecretToken.Hash(normalizedEmail);
        var now = time.GetUtcNow();
        var windowStart = now - settings.FailureWindow;
        var lockedUntil = now + settings.LockoutDuration;
        // A window is fresh when the last one is older than FailureWindow or ended in a lockout that has expired.
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO login_throttles (email_hash, failure_count, window_started_at, locked_until)
            VALUES ({key}, 1, {now}, NULL)
            ON CONFLICT (email_hash) DO UPDATE SET
                failure_count = CASE
                    WHEN login_throttles.window_started_at < {windowStart} OR login_throttles.locked_until <= {now} THEN 1
                    ELSE login_throttles.failure_count + 1 END,
                window_started_at = CASE
                    WHEN login_throttles.window_started_at < {windowStart} OR login_throttles.locked_until <= {now} THEN {now}
                    ELSE login_throttles.window_started_at END,
                locked_until = CASE
                    WHEN login_throttles.window_started_at < {windowStart} OR login_throttles.locked_until <= {now} THEN NULL
                    WHEN login_throttles.failure_count + 1 >= {settings.MaxFailedAttempts} THEN {lockedUntil}
                    ELSE login_throttles.locked_until END
            """, cancellationToken);
    }

    /// <summary>A successful sign-in or password reset clears the slate (staged; saved with the caller's changes).</summary>
    public async Task ClearAsync(string normalizedEmail, CancellationToken cancellationToken)
    {
        var key = SecretToken.Hash(normalizedEmail);
        var throttle = await db.LoginThrottles.SingleOrDefaultAsync(candidate => candidate.EmailHash == key, cancellationToken);
        if (throttle is not null)
        {
            db.LoginThrottles.Remove(throttle);
        }
    }
}
