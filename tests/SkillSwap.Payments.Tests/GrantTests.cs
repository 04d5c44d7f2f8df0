using System.Net;
using Microsoft.EntityFrameworkCore;
using SkillSwap.IntegrationEvents;
using SkillSwap.Payments.Ledger;
using SkillSwap.Payments.Tests.Infrastructure;
using SkillSwap.Payments.Wallets;
using SkillSwap.Testing;

namespace SkillSwap.Payments.Tests;

[Collection(PaymentsCollection.Name)]
public sealed class GrantTests(PaymentsApp app)
{
    [Fact]
    public async Task A_new_user_gets_the_welcome_grant_once_however_often_registration_is_announced()
    {
        var userId = Guid.CreateVersion7();
        var registered = new UserRegistered(userId, $"{userId:N}@skillswap.test", "Ana", "fr");
        // The same event redelivered twice, and a re-sent announcement under a new event id.
        await app.PublishAndWaitAsync(registered, registered, registered, registered with { Id = Guid.CreateVersion7() });

        Assert.Equal(PaymentsApp.WelcomeGrantMinutes, await app.BalanceAsync(userId));
        var grants = await app.QueryAsync(db => db.LedgerTransactions
            .Where(t => t.Kind == LedgerTransactionKind.Grant)
            .Join(db.LedgerEntries, t => t.Id, e => e.TransactionId, (t, e) => e)
            .Join(db.Accounts.Where(a => a.UserId == userId), e => e.AccountId, a => a.Id, (e, a) => e)
            .CountAsync());
        Assert.Equal(1, grants);
        // Announced once, with the grant: the KPIs count the credits in circulation from it.
        var announced = await app.Probe.WaitForAsync<WelcomeCreditsGranted>(e => e.UserId == userId);
        Assert.Equal(PaymentsApp.WelcomeGrantMinutes, announced.CreditMinutes);
        await Assert.ThrowsAsync<TimeoutException>(() => app.Probe.WaitForAsync<WelcomeCreditsGranted>(e => e.UserId == userId, TimeSpan.FromSeconds(1)));

        var wallet = await app.WalletAsync(userId);
        Assert.Equal(180, wallet.BalanceMinutes);
        Assert.Equal(3m, wallet.BalanceCredits);
        Assert.Equal(0, wallet.HeldMinutes);
        Assert.Equal(0, wallet.IncomingMinutes);
        Assert.NotNull(wallet.CreatedAt);
        await LedgerInvariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task A_user_whose_registration_has_not_arrived_has_an_empty_wallet()
    {
        var wallet = await app.WalletAsync(Guid.CreateVersion7());

        Assert.Equal(new WalletResponse(0, 0, 0, 0, 0, 0, null), wallet);
    }
}
