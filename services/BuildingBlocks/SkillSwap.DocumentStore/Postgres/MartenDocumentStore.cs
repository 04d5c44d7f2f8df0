using System.Text.Json.Serialization.Metadata;
using JasperFx;
using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Weasel.Core;

namespace SkillSwap.DocumentStore.Postgres;

/// <summary>
/// The fallback provider: the same POCOs as JSONB documents in PostgreSQL through Marten, which runs the same LINQ.
/// Every commit is one PostgreSQL transaction; the version check is Marten's numeric revision (mt_version).
/// </summary>
public sealed class MartenDocumentStore : IDocumentStore, IDisposable
{
    private readonly global::Marten.DocumentStore _marten;
    private readonly string _connectionString;
    private readonly ILogger _logger;

    public MartenDocumentStore(string connectionString, DocumentStoreOptions options, ILogger? logger = null)
    {
        _connectionString = connectionString;
        _logger = logger ?? NullLogger.Instance;
        Options = options;
        _marten = global::Marten.DocumentStore.For(marten =>
        {
            marten.Connection(Tuned(connectionString));
            marten.DatabaseSchemaName = options.PostgresSchemaName;
            // Enums as strings, like the MongoDB provider, so the stored documents read the same on both engines.
            marten.UseSystemTextJsonForSerialization(EnumStorage.AsString, configure: json =>
                json.TypeInfoResolver = (json.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(NonPublicSetters.Include));
            marten.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
            foreach (var registration in options.Documents)
            {
                registration.ApplyTo(marten);
            }
        });
    }

    /// <summary>
    /// A handled event is a dozen short statements on pooled connections: prepared once they repeat, and with no
    /// DISCARD ALL each time a connection goes back to the pool (sessions here set no state of their own: no SET, no
    /// temporary tables, no session locks), PostgreSQL does half the work (measured by the notifications benchmark:
    /// 17 → 9 transactions per event). A connection string that says otherwise wins.
    /// </summary>
    private static string Tuned(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!Names(connectionString, "MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = 64;
        }
        if (!Names(connectionString, "NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }
        return builder.ConnectionString;
    }

    private static bool Names(string connectionString, string key) =>
        connectionString.Split(';').Any(part => part.Split('=')[0].Replace(" ", "", StringComparison.Ordinal).Equals(key, StringComparison.OrdinalIgnoreCase));

    public string ProviderName => "PostgreSQL";

    public bool SupportsAtomicCommit => true;

    internal DocumentStoreOptions Options { get; }

    public IDocumentSession OpenSession() => new MartenDocumentSession(_marten.LightweightSession(), Options);

    /// <summary>Under the database's schema lock: replicas starting together must not run the same DDL at once.</summary>
    public Task ApplySchemaAsync(CancellationToken cancellationToken) =>
        SchemaChanges.ApplyExclusivelyAsync(_connectionString, $"documents:{Options.PostgresSchemaName}",
            _ => _marten.Storage.ApplyAllConfiguredChangesToDatabaseAsync(), _logger, cancellationToken);

    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("select 1", connection);
        await command.ExecuteScalarAsync(cancellationToken);
    }

    public void Dispose() => _marten.Dispose();
}
