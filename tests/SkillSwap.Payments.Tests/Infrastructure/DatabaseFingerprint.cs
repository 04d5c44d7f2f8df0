using Microsoft.EntityFrameworkCore;

namespace SkillSwap.Payments.Tests.Infrastructure;

/// <summary>
/// A digest of every row Payments keeps, to prove a refused request changed nothing. The outbox is reduced to its
/// event ids because the relay legitimately stamps rows as published in the background.
/// </summary>
public static class DatabaseFingerprint
{
    private static readonly string[] Tables = ["accounts", "escrows", "ledger_transactions", "ledger_entries", "inbox_messages"];

    public static Task<string> TakeAsync(PaymentsApp app) => app.QueryAsync(async db =>
    {
        var parts = new List<string>();
        foreach (var table in Tables)
        {
            // Table names come from the constant list above, never from input.
#pragma warning disable EF1002
            parts.Add(await db.Database
                .SqlQueryRaw<string>($"SELECT coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '') AS \"Value\" FROM {table} t")
                .SingleAsync());
#pragma warning restore EF1002
        }
        parts.Add(await db.Database
            .SqlQueryRaw<string>("SELECT coalesce(md5(string_agg(event_id::text, ',' ORDER BY event_id)), '') AS \"Value\" FROM outbox_messages")
            .SingleAsync());
        return string.Join('|', parts);
    });
}
