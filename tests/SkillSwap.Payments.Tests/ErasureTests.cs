using Microsoft.EntityFrameworkCore;
using SkillSwap.IntegrationEvents;
using SkillSwap.Payments.Escrow;
using SkillSwap.Payments.Ledger;
using SkillSwap.Payments.Tests.Infrastructure;
using SkillSwap.Payments.Wallets;
using SkillSwap.Testing;

namespace SkillSwap.Payments.Tests;

[Collection(PaymentsCollection.Name)]
public sealed class ErasureTests(PaymentsApp app)
{
    [Fact]
    public async Task Erasure_anonymises_the_wallet_keeps_the_ledger_whole_and_answers_once()
    {
        var user = await app.RegisterUserAsync();
        var teacher = await app.RegisterUserAsync();
        var open = await app.HoldAsync(user, teacher, 60);
        var walletId = await app.QueryAsync(db => db.Accounts.Where(a => a.UserId == user).Select(a => a.Id).SingleAsync());
        var entriesBefore = await app.QueryAsync(db => db.LedgerEntries.CountAsync());
        // Events about the user that were published are forgotten; wait until the relay has published them.
        await Eventually.WaitUntilAsync(
            async () => await app.QueryAsync(db => db.Database
                .SqlQuery<int>($"""SELECT count(*)::int AS "Value" FROM outbox_messages WHERE published_at IS NULL""").SingleAsync()) == 0,
            TimeSpan.FromSeconds(20), "outbox relayed");

        var erasure = new UserErasureRequested(user, DateTimeOffset.UtcNow.AddDays(30));
        await app.PublishAndWaitAsync(erasure, erasure, erasure);

        var answer = await app.Probe.WaitForAsync<UserDataErased>(e => e.UserId == user);
        Assert.Equal("payments", answer.Service);
        Assert.Equal(1, await app.OutboxCountAsync(nameof(UserDataErased), user));
        Assert.Equal(0, await app.QueryAsync(db => db.Database
            .SqlQuery<int>($"""SELECT count(*)::int AS "Value" FROM outbox_messages WHERE event_type <> 'UserDataErased' AND payload LIKE {"%" + user + "%"}""")
            .SingleAsync()));

        // The wallet is still there, with its entries, but nobody owns it.
        var wallet = await app.QueryAsync(db => db.Accounts.AsNoTracking().SingleAsync(a => a.Id == walletId));
        Assert.Null(wallet.UserId);
        Assert.NotNull(wallet.AnonymisedAt);
        Assert.Equal(120, wallet.BalanceMinutes);
        Assert.False(await app.QueryAsync(db => db.Accounts.AnyAsync(a => a.UserId == user)));
        Assert.Equal(entriesBefore, await app.QueryAsync(db => db.LedgerEntries.CountAsync()));

        // Nothing of it is reachable with the erased user's token.
        Assert.Equal(new WalletResponse(0, 0, 0, 0, 0, 0, null), await app.WalletAsync(user));
        Assert.Empty((await app.GetAsync<StatementResponse>(user, "/api/v1/wallet/statement")).Items);
        using var client = app.ClientFor(user);
        await (await client.GetAsync($"/api/v1/wallet/escrows/{open.BookingId}")).AssertProblemAsync(System.Net.HttpStatusCode.NotFound, "escrow-not-found");

        // The other party's booking still settles: the ledger works on accounts, not on people.
        Assert.Equal("teacher", (await app.EscrowViewAsync(teacher, open.BookingId)).Role);
        await app.PublishAndWaitAsync(new BookingCompleted(open.BookingId, open.SessionId, user, teacher));
        Assert.Equal(240, await app.BalanceAsync(teacher));
        Assert.Equal(EscrowStatus.Released, (await app.EscrowAsync(open.BookingId))!.Status);
        await LedgerInvariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task Erasure_of_a_user_payments_never_knew_is_still_answered()
    {
        var stranger = Guid.CreateVersion7();

        await app.PublishAsync(new UserErasureRequested(stranger, DateTimeOffset.UtcNow.AddDays(30)));

        Assert.Equal("payments", (await app.Probe.WaitForAsync<UserDataErased>(e => e.UserId == stranger)).Service);
        Assert.Equal(0, await app.QueryAsync(db => db.Accounts.CountAsync(a => a.Kind == AccountKind.Wallet && a.UserId == stranger)));
    }
}
