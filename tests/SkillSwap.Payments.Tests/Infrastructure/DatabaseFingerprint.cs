using SkillSwap.Testing;

namespace SkillSwap.Payments.Tests.Infrastructure;

/// <summary>A digest of every row Payments keeps (<see cref="DatabaseDigest"/>), to prove a refused request changed nothing.</summary>
public static class DatabaseFingerprint
{
    private static readonly string[] Tables = ["accounts", "escrows", "ledger_transactions", "ledger_entries", "inbox_messages"];

    public static Task<string> TakeAsync(PaymentsApp app) => app.QueryAsync(db => DatabaseDigest.OfAsync(db, Tables));
}
