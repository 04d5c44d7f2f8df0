namespace SkillSwap.DocumentStore;

/// <summary>The engine behind the sessions: MongoDB in production, PostgreSQL JSONB (Marten) as the fallback.</summary>
public interface IDocumentStore
{
    /// <summary>"MongoDB" or "PostgreSQL", for logs and health reports.</summary>
    string ProviderName { get; }

    /// <summary>
    /// True when <see cref="IDocumentSession.SaveChangesAsync"/> commits all staged writes atomically. Always true on
    /// PostgreSQL; on MongoDB only when the deployment is a replica set or a sharded cluster (transactions).
    /// </summary>
    bool SupportsAtomicCommit { get; }

    IDocumentSession OpenSession();

    /// <summary>Creates the collections/tables and the declared indexes. Idempotent; run once at start-up.</summary>
    Task ApplySchemaAsync(CancellationToken cancellationToken);

    /// <summary>A cheap round trip to the server, for health checks.</summary>
    Task PingAsync(CancellationToken cancellationToken);
}
