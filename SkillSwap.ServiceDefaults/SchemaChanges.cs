using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The one way a service changes a PostgreSQL schema at start-up (EF Core migrations, the document store's tables and
/// indexes, the search tables): under a session-level advisory lock of the database, so that when several replicas
/// start at the same instant one applies the change and the others wait, then find it done. Without it two replicas of
/// Chat both ran Marten's DDL on an empty database and one died on "relation ... already exists". The lock belongs to
/// a connection of its own, so it is released even if the holder crashes (PostgreSQL ends its session).
/// </summary>
public static class SchemaChanges
{
    /// <summary>Runs <paramref name="change"/> while holding the lock named <paramref name="scope"/> in the database of <paramref name="connectionString"/>.</summary>
    public static async Task ApplyExclusivelyAsync(
        string connectionString, string scope, Func<CancellationToken, Task> change, ILogger logger, CancellationToken cancellationToken)
    {
        // Never back to a pool: the lock must end with this connection, whatever happens to the change.
        await using var holder = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await ApplyExclusivelyAsync(holder, scope, change, logger, cancellationToken);
    }

    /// <summary>The same, the lock held on <paramref name="holder"/> (opened here if it is not), which nothing else may use meanwhile.</summary>
    public static async Task ApplyExclusivelyAsync(
        NpgsqlConnection holder, string scope, Func<CancellationToken, Task> change, ILogger logger, CancellationToken cancellationToken)
    {
        if (holder.State != System.Data.ConnectionState.Open)
        {
            await holder.OpenAsync(cancellationToken);
        }
        var key = LockKey(scope);
        if (!await TryLockAsync(holder, key, cancellationToken))
        {
            logger.LogInformation("Another replica is changing the schema of {Scope}; waiting for it", scope);
            await using var wait = new NpgsqlCommand("SELECT pg_advisory_lock($1)", holder) { CommandTimeout = 0, Parameters = { new() { Value = key } } };
            await wait.ExecuteNonQueryAsync(cancellationToken);
        }
        try
        {
            await change(cancellationToken);
        }
        finally
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", holder) { Parameters = { new() { Value = key } } };
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private static async Task<bool> TryLockAsync(NpgsqlConnection holder, long key, CancellationToken cancellationToken)
    {
        await using var attempt = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", holder) { Parameters = { new() { Value = key } } };
        return await attempt.ExecuteScalarAsync(cancellationToken) is true;
    }

    /// <summary>A stable 64-bit key per scope (advisory locks are per database, so services never collide).</summary>
    internal static long LockKey(string scope) =>
        BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes($"skillswap-schema:{scope}")), 0);
}
