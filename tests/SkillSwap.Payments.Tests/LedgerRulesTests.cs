using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SkillSwap.Payments.Infrastructure;
using SkillSwap.Payments.Ledger;
using SkillSwap.Payments.Tests.Infrastructure;

namespace SkillSwap.Payments.Tests;

/// <summary>
/// The database refuses what the code must never do, whoever writes: unbalanced transactions, balances changed
/// other than by entries, negative wallets, rewritten history.
/// </summary>
[Collection(PaymentsCollection.Name)]
public sealed class LedgerRulesTests(PaymentsApp app)
{
    [Fact]
    public async Task An_unbalanced_transaction_is_refused_at_commit()
    {
        var user = await app.RegisterUserAsync();
        var wallet = await WalletOfAsync(user);

        var error = await Assert.ThrowsAsync<PostgresException>(() => InTransactionAsync(async db =>
        {
            await db.Database.ExecuteSqlAsync($"INSERT INTO ledger_transactions (id, kind, occurred_at) VALUES ('test:unbalanced', 'Grant', now())");
            await db.Database.ExecuteSqlAsync($"INSERT INTO ledger_entries (transaction_id, account_id, amount_minutes) VALUES ('test:unbalanced', {wallet}, 60)");
        }));

        Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);
        Assert.Contains("unbalanced", error.MessageText, StringComparison.Ordinal);
        Assert.Equal(180, await app.BalanceAsync(user));
        await LedgerInvariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task An_entry_added_later_to_a_committed_transaction_is_refused()
    {
        var user = await app.RegisterUserAsync();
        var other = await app.RegisterUserAsync();
        var wallet = await WalletOfAsync(user);
        var otherWallet = await WalletOfAsync(other);

        // A third leg slipped into the user's committed grant, crediting someone else.
        var error = await Assert.ThrowsAsync<PostgresException>(() => InTransactionAsync(db =>
            db.Database.ExecuteSqlAsync($"INSERT INTO ledger_entries (transaction_id, account_id, amount_minutes) VALUES ({LedgerTransaction.GrantId(wallet)}, {otherWallet}, 60)")));

        Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);
        Assert.Equal(180, await app.BalanceAsync(other));
        await LedgerInvariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task A_balance_changes_only_through_entries()
    {
        var user = await app.RegisterUserAsync();

        var error = await Assert.ThrowsAsync<PostgresException>(() => InTransactionAsync(db =>
            db.Database.ExecuteSqlAsync($"UPDATE accounts SET balance_minutes = 100000 WHERE user_id = {user}")));

        Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);
        var opened = await Assert.ThrowsAsync<PostgresException>(() => InTransactionAsync(db =>
            db.Database.ExecuteSqlAsync($"INSERT INTO accounts (id, kind, user_id, balance_minutes, created_at) VALUES ({Guid.CreateVersion7()}, 'Wallet', {Guid.CreateVersion7()}, 500, now())")));
        Assert.Equal(PostgresErrorCodes.CheckViolation, opened.SqlState);
        Assert.Equal(180, await app.BalanceAsync(user));
        await LedgerInvariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task A_wallet_cannot_go_negative_even_when_the_code_check_is_bypassed()
    {
        var user = await app.RegisterUserAsync();
        var wallet = await WalletOfAsync(user);

        var error = await Assert.ThrowsAsync<PostgresException>(() => InTransactionAsync(async db =>
        {
            await db.Database.ExecuteSqlAsync($"INSERT INTO ledger_transactions (id, kind, occurred_at) VALUES ('test:overdraft', 'Hold', now())");
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO ledger_entries (transaction_id, account_id, amount_minutes)
                VALUES ('test:overdraft', {wallet}, -181), ('test:overdraft', {Account.GrantsId}, 181)
                """);
        }));

        Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);
        Assert.Equal("ck_accounts_balance_non_negative", error.ConstraintName);
        Assert.Equal(180, await app.BalanceAsync(user));
    }

    [Fact]
    public async Task Posted_history_cannot_be_rewritten()
    {
        var user = await app.RegisterUserAsync();
        var wallet = await WalletOfAsync(user);

        foreach (var statement in new FormattableString[]
        {
            $"UPDATE ledger_entries SET amount_minutes = 1000 WHERE account_id = {wallet}",
            $"DELETE FROM ledger_entries WHERE account_id = {wallet}",
            $"UPDATE ledger_transactions SET kind = 'Refund' WHERE id = {LedgerTransaction.GrantId(wallet)}",
            $"DELETE FROM ledger_transactions WHERE id = {LedgerTransaction.GrantId(wallet)}",
            $"TRUNCATE ledger_entries, ledger_transactions",
        })
        {
            var error = await Assert.ThrowsAsync<PostgresException>(() => InTransactionAsync(db => db.Database.ExecuteSqlAsync(statement)));
            Assert.Equal(PostgresErrorCodes.RestrictViolation, error.SqlState);
        }
        Assert.Equal(180, await app.BalanceAsync(user));
        await LedgerInvariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task The_code_refuses_unbalanced_postings_and_posts_an_operation_once()
    {
        var user = await app.RegisterUserAsync();
        var wallet = await WalletOfAsync(user);

        Assert.Throws<ArgumentException>(() => LedgerWriter.Validate("test:bad", [new Posting(wallet, 10), new Posting(Account.GrantsId, -9)]));
        Assert.Throws<ArgumentException>(() => LedgerWriter.Validate("test:bad", [new Posting(wallet, 10)]));
        Assert.Throws<ArgumentException>(() => LedgerWriter.Validate("test:bad", [new Posting(wallet, 0), new Posting(Account.GrantsId, 0)]));
        Assert.Throws<ArgumentException>(() => LedgerWriter.Validate("test:bad", [new Posting(wallet, 10), new Posting(wallet, -10)]));

        // The welcome grant again, under its idempotency key: nothing happens.
        PostingOutcome outcome = default;
        await InTransactionAsync(async db =>
        {
            var ledger = new LedgerWriter(db, TimeProvider.System);
            outcome = await ledger.PostAsync(LedgerTransaction.GrantId(wallet), LedgerTransactionKind.Grant, null, null,
                [new Posting(Account.GrantsId, -180), new Posting(wallet, 180)], CancellationToken.None);
        });
        Assert.Equal(PostingOutcome.AlreadyPosted, outcome);

        // Spending more than the wallet holds is refused before anything is written.
        await InTransactionAsync(async db =>
        {
            var ledger = new LedgerWriter(db, TimeProvider.System);
            outcome = await ledger.PostAsync("test:too-much", LedgerTransactionKind.Hold, null, null,
                [new Posting(wallet, -181), new Posting(Account.GrantsId, 181)], CancellationToken.None);
        });
        Assert.Equal(PostingOutcome.InsufficientFunds, outcome);
        Assert.False(await app.QueryAsync(db => db.LedgerTransactions.AnyAsync(t => t.Id == "test:too-much")));
        Assert.Equal(180, await app.BalanceAsync(user));
        await LedgerInvariants.AssertHoldAsync(app);
    }

    private Task<Guid> WalletOfAsync(Guid userId) =>
        app.QueryAsync(db => db.Accounts.Where(a => a.UserId == userId).Select(a => a.Id).SingleAsync());

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction and commits it (where deferred checks run), under the service's
    /// retrying execution strategy as the event bus inbox does.
    /// </summary>
    private async Task InTransactionAsync(Func<PaymentsDbContext, Task> work)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PaymentsDbContext>();
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await work(db);
            await transaction.CommitAsync();
        });
    }
}
