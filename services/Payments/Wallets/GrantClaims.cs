using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SkillSwap.Payments.Infrastructure;

namespace SkillSwap.Payments.Wallets;

/// <summary>
/// The mailbox a welcome grant went to, kept as a keyed hash only (never the address, never the user id), for
/// <see cref="PaymentsOptions.GrantClaimMemory"/>. It outlives the account, so neither an address variant nor erasing
/// and signing up again earns a second grant; without the key from configuration the table reveals no address.
/// </summary>
public sealed class GrantClaim
{
    public required byte[] AddressKey { get; init; }
    public DateTimeOffset GrantedAt { get; init; }
}

public sealed class GrantClaims(PaymentsDbContext db, IOptions<PaymentsOptions> options, TimeProvider time)
{
    /// <summary>
    /// Records the mailbox of <paramref name="email"/>; false when a grant already went to it. Runs in the caller's
    /// transaction: a concurrent claim of the same mailbox waits for it, then finds it.
    /// </summary>
    public async Task<bool> TryClaimAsync(string email, CancellationToken cancellationToken)
    {
        var key = AddressKey(email, options.Value.GrantClaimKeyBytes);
        var inserted = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO grant_claims (address_key, granted_at) VALUES ({key}, {time.GetUtcNow()})
            ON CONFLICT (address_key) DO NOTHING
            """, cancellationToken);
        return inserted == 1;
    }

    /// <summary>Forgets claims older than <see cref="PaymentsOptions.GrantClaimMemory"/>.</summary>
    public Task<int> ForgetExpiredAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - options.Value.GrantClaimMemory;
        return db.GrantClaims.Where(claim => claim.GrantedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }

    public static byte[] AddressKey(string email, byte[] key) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(Mailbox(email)));

    /// <summary>
    /// The mailbox an address delivers to: lower case, without a "+tag", and for Gmail without dots and with one domain
    /// (ana.b+x@googlemail.com and anab@gmail.com are one inbox).
    /// </summary>
    public static string Mailbox(string email)
    {
        var normalized = email.Trim().ToLowerInvariant();
        var at = normalized.LastIndexOf('@');
        if (at <= 0)
        {
            return normalized;
        }
        var local = normalized[..at];
        var domain = normalized[(at + 1)..];
        if (local.IndexOf('+') is var plus and > 0)
        {
            local = local[..plus];
        }
        if (domain is "gmail.com" or "googlemail.com")
        {
            local = local.Replace(".", string.Empty, StringComparison.Ordinal);
            domain = "gmail.com";
        }
        return $"{local}@{domain}";
    }
}

/// <summary>Once a day, forgets the grant claims past their memory.</summary>
public sealed class GrantClaimSweep(IServiceScopeFactory scopes, TimeProvider time, ILogger<GrantClaimSweep> logger)
    : PeriodicBackgroundService(time, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromDays(1);

    public override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var forgotten = await scope.ServiceProvider.GetRequiredService<GrantClaims>().ForgetExpiredAsync(cancellationToken);
        if (forgotten > 0)
        {
            Logger.LogInformation("Forgot {Count} welcome-grant claims past their memory", forgotten);
        }
    }
}
