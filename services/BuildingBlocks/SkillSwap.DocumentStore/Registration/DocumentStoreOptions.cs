using SkillSwap.DocumentStore.Inbox;
using SkillSwap.DocumentStore.Outbox;

namespace SkillSwap.DocumentStore;

/// <summary>Whether MongoDB commits run in a multi-document transaction.</summary>
public enum MongoTransactionMode
{
    /// <summary>Use transactions when the server is a replica set or sharded cluster (asked once with "hello").</summary>
    Auto,

    /// <summary>Fail the commit on a standalone server rather than write non-atomically. Production setting.</summary>
    Required,

    /// <summary>Write one by one in staging order (a standalone development server).</summary>
    Disabled,
}

public sealed class DocumentStoreOptions
{
    private readonly Dictionary<Type, DocumentTypeRegistration> _documents = [];

    public DocumentStoreOptions()
    {
        // The event-bus outbox and inbox live in every service's document store.
        Document<OutboxDocument>(outbox => outbox.Collection("outbox").Index(x => x.Published, x => x.OccurredAt));
        Document<InboxDocument>(inbox => inbox.Collection("inbox"));
    }

    /// <summary>Connection string name that selects MongoDB when it is set.</summary>
    public string MongoConnectionName { get; set; } = "mongodb";

    /// <summary>MongoDB database; defaults to the database named in the connection string.</summary>
    public string? MongoDatabaseName { get; set; }

    public MongoTransactionMode MongoTransactions { get; set; } = MongoTransactionMode.Auto;

    /// <summary>PostgreSQL connection string name used when no MongoDB is configured, e.g. "profilesdb".</summary>
    public string? PostgresConnectionName { get; set; }

    /// <summary>PostgreSQL schema for the Marten tables.</summary>
    public string PostgresSchemaName { get; set; } = "public";

    /// <summary>Create tables/collections and indexes when the host starts.</summary>
    public bool ApplySchemaOnStartup { get; set; } = true;

    /// <summary>Declares a document type. Every type a session writes must be declared (so its version check and indexes exist).</summary>
    public DocumentStoreOptions Document<T>(Action<DocumentTypeBuilder<T>>? configure = null) where T : class, IDocument
    {
        var builder = new DocumentTypeBuilder<T>(typeof(T).Name);
        configure?.Invoke(builder);
        _documents[typeof(T)] = new DocumentTypeRegistration<T>(builder);
        return this;
    }

    internal IReadOnlyCollection<DocumentTypeRegistration> Documents => _documents.Values;

    internal DocumentTypeRegistration Registration(Type documentType) =>
        _documents.TryGetValue(documentType, out var registration)
            ? registration
            : throw new InvalidOperationException(
                $"Document type {documentType.Name} is not registered; call options.Document<{documentType.Name}>() in AddDocumentStore.");
}
