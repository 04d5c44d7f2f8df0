using Microsoft.EntityFrameworkCore;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.Testing;

/// <summary>
/// A digest of every row of an EF Core service's tables, to prove a refused request changed nothing. The outbox is
/// reduced to its event ids because the relay legitimately stamps rows as published in the background, without the
/// events that carry sensitive data, which it deletes once published.
/// </summary>
public static class DatabaseDigest
{
    public static async Task<string> OfAsync(DbContext db, IReadOnlyList<string> tables)
    {
        var parts = new List<string>();
        foreach (var table in tables)
        {
            // Table names come from the test suites' constant lists, never from input.
#pragma warning disable EF1002
            parts.Add(await db.Database
                .SqlQueryRaw<string>($"SELECT coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '') AS \"Value\" FROM {table} t")
                .SingleAsync());
#pragma warning restore EF1002
        }
        parts.Add(await db.Database
            .SqlQueryRaw<string>(
                "SELECT coalesce(md5(string_agg(event_id::text, ',' ORDER BY event_id)), '') AS \"Value\" FROM outbox_messages WHERE NOT (event_type = ANY({0}))",
                // One parameter, the array (not one parameter per name).
                (object)CarriesSensitiveDataAttribute.EventTypeNames.ToArray())
            .SingleAsync());
        return string.Join('|', parts);
    }
}
