using System.Linq.Expressions;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.DocumentStore;

/// <summary>Which copy of the data a query may read.</summary>
public enum DocumentReadMode
{
    /// <summary>Read-your-writes: the real-time paths.</summary>
    Primary,

    /// <summary>May lag behind the primary; for reporting reads that should not load it. Same as primary on PostgreSQL.</summary>
    SecondaryPreferred,
}

/// <summary>
/// A unit of work. Reads go to the server at once; writes are staged and sent together by
/// <see cref="SaveChangesAsync"/>, which commits them atomically (see <see cref="IDocumentStore.SupportsAtomicCommit"/>).
/// Not thread-safe: one per request or per handled message (it is registered scoped).
/// </summary>
public interface IDocumentSession : IAsyncDisposable
{
    Task<T?> LoadAsync<T>(string id, CancellationToken cancellationToken = default) where T : class, IDocument;

    /// <summary>
    /// The LINQ entry point. Compose with Where/OrderBy/ThenBy/Skip/Take and execute with the provider-neutral
    /// extensions in <see cref="DocumentQueryableExtensions"/> (ToListAsync, FirstOrDefaultAsync, CountAsync, AnyAsync).
    /// </summary>
    IQueryable<T> Query<T>(DocumentReadMode readMode = DocumentReadMode.Primary) where T : class, IDocument;

    /// <summary>Stages an insert; a document with the same id or the same unique-index key fails the commit with <see cref="DuplicateDocumentException"/>.</summary>
    void Insert<T>(T document) where T : class, IDocument;

    /// <summary>
    /// Stages a replace that succeeds only if the stored version still equals <paramref name="document"/>.Version
    /// (the version it was loaded with); otherwise the commit fails with <see cref="DocumentConcurrencyException"/>.
    /// </summary>
    void Replace<T>(T document) where T : class, IDocument;

    void Delete<T>(string id) where T : class, IDocument;

    void DeleteWhere<T>(Expression<Func<T, bool>> predicate) where T : class, IDocument;

    /// <summary>Stages the event in the outbox, so it is committed with the change that raised it or not at all.</summary>
    void PublishOnCommit(IntegrationEvent integrationEvent);

    /// <summary>Drops every staged write without sending it (e.g. after a handler failed half-way).</summary>
    void ClearPendingChanges();

    /// <summary>
    /// Sends every staged write. On success each inserted/replaced document's <see cref="IDocument.Version"/> is
    /// its new stored version and the session is empty again. On failure nothing is committed, the documents keep
    /// their versions, and the staged writes are dropped.
    /// </summary>
    Task SaveChangesAsync(CancellationToken cancellationToken = default);
}
