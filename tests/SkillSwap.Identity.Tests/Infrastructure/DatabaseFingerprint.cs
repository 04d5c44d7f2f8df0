using Microsoft.EntityFrameworkCore;

namespace SkillSwap.Identity.Tests.Infrastructure;

/// <summary>
/// A digest of every row Identity keeps, to prove a rejected request changed nothing. The outbox is reduced to its
/// event ids because the relay legitimately stamps rows as published in the background.
/// </summary>
public static class DatabaseFingerprint
{
    private static readonly string[] Tables =
        ["users", "consents", "one_time_tokens", "refresh_tokens", "login_throttles", "erasure_requests", "erasure_participants", "signing_keys"];

    public static Task<string> TakeAsync(IdentityApp app) => app.QueryAsync(async db =>
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
