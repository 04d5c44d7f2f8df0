using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SkillSwap.Identity.Infrastructure;

namespace SkillSwap.Identity.Login;

/// <summary>Per-email lockout after repeated failures (the per-IP limit is ASP.NET Core's rate limiter).</summary>
public sealed class LoginThrottling(IdentityDbContext db, TimeProvider time, IOptions<LoginOptions> options)
{
    /// <summary>
    /// Counts this password attempt before the password is checked, in one atomic upsert, and answers whether it may be
    /// checked: null, or the time the lockout ends. Counting first is what stops parallel guesses: thirty sent at once
    /// get their numbers in turn, the first <see cref="LoginOptions.MaxFailedAttempts"/> are checked and the rest refused
    /// (counting after the slow bcrypt check let ten through). The attempt that reaches the limit starts the lockout and
    /// is still checked; a right password clears the slate (<see cref="ClearAsync"/>).
    /// </summary>
    public async Task<DateTimeOffset?> BeginAttemptAsync(string normalizedEmail, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var key = SecretToken.Hash(normalizedEmail);
        var now = time.GetUtcNow();
        var windowStart = now - settings.FailureWindow;
        var lockedUntil = now + settings.LockoutDuration;
        var firstLocks = settings.MaxFailedAttempts <= 1;
        // A window is fresh when the last one is older than FailureWindow or ended in a lockout that has expired.
        var attempt = await db.Database.SqlQuery<CountedAttempt>($"""
            INSERT INTO login_throttles (email_hash, failure_count, window_started_at, locked_until)
            VALUES ({key}, 1, {now}, CASE WHEN {firstLocks} THEN {lockedUntil} END)
            ON CONFLICT (email_hash) DO UPDATE SET
                failure_count = CASE
                    WHEN login_throttles.window_started_at < {windowStart} OR login_throttles.locked_until <= {now} THEN 1
                    ELSE login_throttles.failure_count + 1 END,
                window_started_at = CASE
                    WHEN login_throttles.window_started_at < {windowStart} OR login_throttles.locked_until <= {now} THEN {now}
                    ELSE login_throttles.window_started_at END,
                locked_until = CASE
                    WHEN login_throttles.window_started_at < {windowStart} OR login_throttles.locked_until <= {now}
                        THEN CASE WHEN {firstLocks} THEN {lockedUntil} END
                    WHEN login_throttles.locked_until IS NOT NULL THEN login_throttles.locked_until
                    WHEN login_throttles.failure_count + 1 >= {settings.MaxFailedAttempts} THEN {lockedUntil}
                    END
            RETURNING failure_count AS "FailureCount", locked_until AS "LockedUntil"
            """).AsAsyncEnumerable().SingleAsync(cancellationToken);
        return attempt.FailureCount > settings.MaxFailedAttempts ? attempt.LockedUntil : null;
    }

    /// <summary>The answer to an attempt refused by the lockout: 429 with Retry-After.</summary>
    public ProblemHttpResult Refuse(HttpContext httpContext, DateTimeOffset lockedUntil)
    {
        var retryAfter = Math.Max(1, (int)Math.Ceiling((lockedUntil - time.GetUtcNow()).TotalSeconds));
        httpContext.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return IdentityProblems.LockedOut();
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

/// <summary>What the lockout upsert returns.</summary>
internal sealed record CountedAttempt(int FailureCount, DateTimeOffset? LockedUntil);
