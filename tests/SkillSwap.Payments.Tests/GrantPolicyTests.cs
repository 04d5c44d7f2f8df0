using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SkillSwap.IntegrationEvents;
using SkillSwap.Payments.Infrastructure;
using SkillSwap.Payments.Tests.Infrastructure;
using SkillSwap.Payments.Wallets;
using SkillSwap.Testing;

namespace SkillSwap.Payments.Tests;

/// <summary>
/// Issue 14, finding 4: one welcome grant per mailbox. Before, every new account got one, so address variants and
/// erasing then signing up again minted credits without end.
/// </summary>
[Collection(PaymentsCollection.Name)]
public sealed class GrantPolicyTests(PaymentsApp app)
{
    [Fact]
    public async Task Address_variants_of_one_mailbox_get_one_welcome_grant_between_them()
    {
        var name = $"ana{Guid.NewGuid():N}"[..20];
        var gmail = new[] { $"{name}@gmail.com", $"{name[..4]}.{name[4..]}+farm1@gmail.com", $"{name.ToUpperInvariant()}+2@GoogleMail.com" };
        var other = new[] { $"{name}+x@example.org", $"{name}@example.org" };

        var gmailUsers = await RegisterAsync(gmail);
        var otherUsers = await RegisterAsync(other);

        long[] gmailBalances = await BalancesAsync(gmailUsers);
        long[] otherBalances = await BalancesAsync(otherUsers);
        Assert.Equal(new long[] { PaymentsApp.WelcomeGrantMinutes, 0, 0 }, gmailBalances);
        Assert.Equal(new long[] { PaymentsApp.WelcomeGrantMinutes, 0 }, otherBalances);
        // The later accounts have a wallet all the same: they can earn by teaching and receive transfers.
        Assert.Equal(5, await app.QueryAsync(db => db.Accounts.CountAsync(a => gmailUsers.Concat(otherUsers).Contains(a.UserId!.Value))));
        await LedgerInvariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task Erasing_the_account_and_signing_up_again_earns_no_second_grant()
    {
        var email = $"again-{Guid.NewGuid():N}@skillswap.test";
        var first = (await RegisterAsync(email))[0];
        Assert.Equal(PaymentsApp.WelcomeGrantMinutes, await app.BalanceAsync(first));
        await app.PublishAndWaitAsync(new UserErasureRequested(first, DateTimeOffset.UtcNow.AddDays(30)));
        await app.Probe.WaitForAsync<UserDataErased>(e => e.UserId == first);

        var second = (await RegisterAsync(email))[0];

        Assert.Equal(0, await app.BalanceAsync(second));
        Assert.Equal(1, await app.QueryAsync(db => db.GrantClaims.CountAsync(c => c.AddressKey == KeyOf(email))));
    }

    [Fact]
    public async Task A_claim_past_its_memory_is_forgotten_and_the_mailbox_may_have_a_grant_again()
    {
        var expired = $"old-{Guid.NewGuid():N}@skillswap.test";
        var recent = $"recent-{Guid.NewGuid():N}@skillswap.test";
        await app.QueryAsync(async db =>
        {
            db.GrantClaims.Add(new GrantClaim { AddressKey = KeyOf(expired), GrantedAt = DateTimeOffset.UtcNow.AddDays(-366) });
            db.GrantClaims.Add(new GrantClaim { AddressKey = KeyOf(recent), GrantedAt = DateTimeOffset.UtcNow.AddDays(-364) });
            return await db.SaveChangesAsync();
        });

        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<GrantClaims>().ForgetExpiredAsync(CancellationToken.None) >= 1);
        }

        var users = await RegisterAsync(expired, recent);
        long[] balances = await BalancesAsync(users);
        Assert.Equal(new long[] { PaymentsApp.WelcomeGrantMinutes, 0 }, balances);
    }

    [Fact]
    public async Task A_claim_keeps_a_keyed_hash_of_the_mailbox_and_nothing_else()
    {
        var email = $"Keyed.{Guid.NewGuid():N}+tag@skillswap.test";
        await RegisterAsync(email);

        var mailbox = GrantClaims.Mailbox(email);
        Assert.DoesNotContain("+", mailbox);
        Assert.Equal(mailbox.ToLowerInvariant(), mailbox);
        Assert.True(await app.QueryAsync(db => db.GrantClaims.AnyAsync(c => c.AddressKey == KeyOf(email))));
        // Not a plain hash: someone with the database alone cannot test whether an address is in it.
        var plain = SHA256.HashData(Encoding.UTF8.GetBytes(mailbox));
        Assert.False(await app.QueryAsync(db => db.GrantClaims.AnyAsync(c => c.AddressKey == plain)));
    }

    private static byte[] KeyOf(string email) =>
        GrantClaims.AddressKey(email, Convert.FromBase64String(PaymentsOptions.DevelopmentGrantClaimKey));

    /// <summary>Registers one account per address, one after the other (as sign-ups are), and returns their ids.</summary>
    private async Task<Guid[]> RegisterAsync(params string[] emails)
    {
        var ids = new List<Guid>();
        foreach (var email in emails)
        {
            var userId = Guid.CreateVersion7();
            await app.PublishAndWaitAsync(new UserRegistered(userId, email, "Ana", "fr"));
            ids.Add(userId);
        }
        return [.. ids];
    }

    private async Task<long[]> BalancesAsync(IEnumerable<Guid> users)
    {
        var balances = new List<long>();
        foreach (var user in users)
        {
            balances.Add(await app.BalanceAsync(user));
        }
        return [.. balances];
    }
}
