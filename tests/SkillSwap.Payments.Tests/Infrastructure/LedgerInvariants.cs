using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SkillSwap.Payments.Ledger;

namespace SkillSwap.Payments.Tests.Infrastructure;

/// <summary>
/// The ledger's invariants, recomputed by the tests' own SQL (not trusting the service's audit), and the service's audit
/// agreeing with them. Every test that moves money ends with <see cref="AssertHoldAsync"/>.
/// </summary>
public static class LedgerInvariants
{
    public static async Task AssertHoldAsync(PaymentsApp app)
    {
        var figures = await app.QueryAsync(async db => (await db.Database.SqlQuery<Figures>($"""
            WITH sums AS (SELECT account_id, sum(amount_minutes) AS total FROM ledger_entries GROUP BY account_id),
                 latest AS (SELECT DISTINCT ON (account_id) account_id, balance_after_minutes FROM ledger_entries ORDER BY account_id, id DESC)
            SELECT
              (SELECT coalesce(sum(amount_minutes), 0) FROM ledger_entries)::bigint AS "Sum",
              (SELECT count(*) FROM accounts a LEFT JOIN sums s ON s.account_id = a.id
                 WHERE a.balance_minutes <> coalesce(s.total, 0))::int AS "BalanceDiffersFromEntries",
              (SELECT count(*) FROM accounts a LEFT JOIN latest l ON l.account_id = a.id
                 WHERE a.balance_minutes <> coalesce(l.balance_after_minutes, 0))::int AS "BalanceDiffersFromLastEntry",
              (SELECT count(*) FROM accounts WHERE kind <> 'System' AND balance_minutes < 0)::int AS "Negative",
              (SELECT count(*) FROM ledger_entries e JOIN accounts a ON a.id = e.account_id
                 WHERE a.kind <> 'System' AND e.balance_after_minutes < 0)::int AS "EverNegative",
              (SELECT count(*) FROM (SELECT transaction_id FROM ledger_entries GROUP BY transaction_id
                 HAVING sum(amount_minutes) <> 0 OR count(*) < 2) unbalanced)::int AS "Unbalanced"
            """).ToListAsync()).Single());

        Assert.Equal(0, figures.Sum);
        Assert.Equal(0, figures.BalanceDiffersFromEntries);
        Assert.Equal(0, figures.BalanceDiffersFromLastEntry);
        Assert.Equal(0, figures.Negative);
        Assert.Equal(0, figures.EverNegative);
        Assert.Equal(0, figures.Unbalanced);

        await using var scope = app.Services.CreateAsyncScope();
        var audit = await scope.ServiceProvider.GetRequiredService<LedgerAudit>().RunAsync(CancellationToken.None);
        Assert.True(audit.Healthy, $"audit: {audit}");
        Assert.Equal(audit.MintedMinutes, audit.WalletMinutes + audit.EscrowMinutes);
    }

    private sealed record Figures(long Sum, int BalanceDiffersFromEntries, int BalanceDiffersFromLastEntry, int Negative, int EverNegative, int Unbalanced);
}
