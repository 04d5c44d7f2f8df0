using Microsoft.EntityFrameworkCore;
using SkillSwap.Payments.Infrastructure;

namespace SkillSwap.Payments.Ledger;

/// <summary>
/// What an operator checks when money looks wrong: every figure that must be zero is zero when <see cref="Healthy"/>.
/// </summary>
/// <param name="LedgerSumMinutes">Sum of every entry ever posted: 0 in a double-entry ledger.</param>
/// <param name="MismatchedAccounts">Accounts whose materialised balance differs from the sum of their entries.</param>
/// <param name="NegativeUserWallets">User wallets below zero.</param>
/// <param name="NegativeEscrowAccounts">Escrow accounts below zero.</param>
/// <param name="UnbalancedTransactions">Transactions whose entries do not sum to zero, or with fewer than two entries.</param>
/// <param name="EscrowsOutOfStep">Bookings whose escrow account does not hold what their status says (the amount while held or frozen, 0 otherwise).</param>
/// <param name="MintedMinutes">Credits created by welcome grants (minus the grants account's balance).</param>
/// <param name="WalletMinutes">Credits in user wallets, anonymised ones included.</param>
/// <param name="EscrowMinutes">Credits held in escrow; WalletMinutes + EscrowMinutes = MintedMinutes.</param>
public sealed record LedgerAuditReport(
    DateTimeOffset CheckedAt,
    bool Healthy,
    long LedgerSumMinutes,
    long MismatchedAccounts,
    long NegativeUserWallets,
    long NegativeEscrowAccounts,
    long UnbalancedTransactions,
    long EscrowsOutOfStep,
    long MintedMinutes,
    long WalletMinutes,
    long EscrowMinutes,
    long Accounts,
    long AnonymisedWallets,
    long Transactions,
    long Entries);

/// <summary>Recomputes the ledger's invariants from the entries (full scans: an operator's check, not a hot path).</summary>
public sealed class LedgerAudit(PaymentsDbContext db, TimeProvider time)
{
    public async Task<LedgerAuditReport> RunAsync(CancellationToken cancellationToken)
    {
        // One statement, hence one snapshot: the figures agree with each other even while money moves.
        var figures = (await db.Database.SqlQuery<AuditFigures>($"""
            WITH sums AS (SELECT account_id, sum(amount_minutes) AS total FROM ledger_entries GROUP BY account_id)
            SELECT
              (SELECT coalesce(sum(amount_minutes), 0) FROM ledger_entries)::bigint AS "LedgerSumMinutes",
              (SELECT count(*) FROM accounts a LEFT JOIN sums s ON s.account_id = a.id
                 WHERE a.balance_minutes <> coalesce(s.total, 0)) AS "MismatchedAccounts",
              (SELECT count(*) FROM accounts WHERE kind = 'Wallet' AND balance_minutes < 0) AS "NegativeUserWallets",
              (SELECT count(*) FROM accounts WHERE kind = 'Escrow' AND balance_minutes < 0) AS "NegativeEscrowAccounts",
              (SELECT count(*) FROM (
                 SELECT t.id FROM ledger_transactions t LEFT JOIN ledger_entries e ON e.transaction_id = t.id
                 GROUP BY t.id HAVING count(e.id) < 2 OR coalesce(sum(e.amount_minutes), 0) <> 0) unbalanced) AS "UnbalancedTransactions",
              (SELECT count(*) FROM escrows x LEFT JOIN accounts a ON a.id = x.escrow_account_id
                 WHERE coalesce(a.balance_minutes, 0)
                       <> CASE WHEN x.status IN ('Held', 'Frozen') THEN x.amount_minutes ELSE 0 END) AS "EscrowsOutOfStep",
              (SELECT coalesce(-sum(balance_minutes), 0) FROM accounts WHERE kind = 'System' AND name = 'grants')::bigint AS "MintedMinutes",
              (SELECT coalesce(sum(balance_minutes), 0) FROM accounts WHERE kind = 'Wallet')::bigint AS "WalletMinutes",
              (SELECT coalesce(sum(balance_minutes), 0) FROM accounts WHERE kind = 'Escrow')::bigint AS "EscrowMinutes",
              (SELECT count(*) FROM accounts) AS "Accounts",
              (SELECT count(*) FROM accounts WHERE kind = 'Wallet' AND user_id IS NULL) AS "AnonymisedWallets",
              (SELECT count(*) FROM ledger_transactions) AS "Transactions",
              (SELECT count(*) FROM ledger_entries) AS "Entries"
            """).ToListAsync(cancellationToken)).Single();

        var healthy = figures is
        {
            LedgerSumMinutes: 0, MismatchedAccounts: 0, NegativeUserWallets: 0, NegativeEscrowAccounts: 0, UnbalancedTransactions: 0,
            EscrowsOutOfStep: 0,
        };
        return new LedgerAuditReport(
            time.GetUtcNow(),
            healthy,
            figures.LedgerSumMinutes,
            figures.MismatchedAccounts,
            figures.NegativeUserWallets,
            figures.NegativeEscrowAccounts,
            figures.UnbalancedTransactions,
            figures.EscrowsOutOfStep,
            figures.MintedMinutes,
            figures.WalletMinutes,
            figures.EscrowMinutes,
            figures.Accounts,
            figures.AnonymisedWallets,
            figures.Transactions,
            figures.Entries);
    }

    private sealed record AuditFigures(
        long LedgerSumMinutes,
        long MismatchedAccounts,
        long NegativeUserWallets,
        long NegativeEscrowAccounts,
        long UnbalancedTransactions,
        long EscrowsOutOfStep,
        long MintedMinutes,
        long WalletMinutes,
        long EscrowMinutes,
        long Accounts,
        long AnonymisedWallets,
        long Transactions,
        long Entries);
}
