using System.Linq.Expressions;
using JasperFx;
using Npgsql;
using SkillSwap.DocumentStore.Outbox;
using SkillSwap.IntegrationEvents;
using MartenSession = Marten.IDocumentSession;

namespace SkillSwap.DocumentStore.Postgres;

internal sealed class MartenDocumentSession(MartenSession marten, DocumentStoreOptions options) : IDocumentSession
{
    // Versions to give the documents once the commit succeeded: (document, version before, version after).
    private readonly List<(IDocument Document, long Before, long After)> _versionChanges = [];

    // Reads demand a registered type too, as on MongoDB (which needs it for the collection name), so a service that
    // forgot a registration fails the same way on both engines.
    public Task<T?> LoadAsync<T>(string id, CancellationToken cancellationToken = default) where T : class, IDocument
    {
        options.Registration(typeof(T));
        return marten.LoadAsync<T>(id, cancellationToken);
    }

    /// <summary>PostgreSQL has a single primary here, so <paramref name="readMode"/> changes nothing.</summary>
    public IQueryable<T> Query<T>(DocumentReadMode readMode = DocumentReadMode.Primary) where T : class, IDocument
    {
        options.Registration(typeof(T));
        return marten.Query<T>();
    }

    public void Insert<T>(T document) where T : class, IDocument
    {
        ArgumentNullException.ThrowIfNull(document);
        options.Registration(typeof(T));
        marten.Insert(document);
        _versionChanges.Add((document, document.Version, 1));
    }

    public void Replace<T>(T document) where T : class, IDocument
    {
        ArgumentNullException.ThrowIfNull(document);
        options.Registration(typeof(T));
        // Marten rejects the update unless the stored revision is below the new one, i.e. still the loaded one.
        marten.UpdateRevision(document, document.Version + 1);
        _versionChanges.Add((document, document.Version, document.Version + 1));
    }

    public void Delete<T>(string id) where T : class, IDocument => marten.Delete<T>(id);

    public void DeleteWhere<T>(Expression<Func<T, bool>> predicate) where T : class, IDocument => marten.DeleteWhere(predicate);

    public void PublishOnCommit(IntegrationEvent integrationEvent) => Insert(OutboxDocument.Capture(integrationEvent));

    public void ClearPendingChanges()
    {
        marten.EjectAllPendingChanges();
        _versionChanges.Clear();
    }

    public async Task SaveChangesAsync(CancellationToken cancellationToken = default)
    {
        // The JSON body carries the new version too, so a LINQ filter on Version sees the same value as mt_version.
        foreach (var (document, _, after) in _versionChanges)
        {
            document.Version = after;
        }
        try
        {
            await marten.SaveChangesAsync(cancellationToken);
        }
        catch (Exception ex)
        {
            foreach (var (document, before, _) in _versionChanges)
            {
                document.Version = before;
            }
            ClearPendingChanges();
            throw Translate(ex);
        }
        _versionChanges.Clear();
    }

    public ValueTask DisposeAsync() => marten.DisposeAsync();

    private static Exception Translate(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case ConcurrencyException concurrency:
                    return new DocumentConcurrencyException(concurrency.DocType is { } type ? Type.GetType(type) ?? typeof(IDocument) : typeof(IDocument), concurrency.Id?.ToString() ?? "", exception);
                case DocumentAlreadyExistsException duplicate:
                    return new DuplicateDocumentException($"Duplicate id: {duplicate.Message}", exception);
                case PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } unique:
                    return new DuplicateDocumentException($"Duplicate key ({unique.ConstraintName}): {unique.MessageText}", exception);
                case AggregateException aggregate when aggregate.InnerExceptions.Count > 0:
                    var inner = Translate(aggregate.InnerExceptions[0]);
                    if (inner is DocumentConcurrencyException or DuplicateDocumentException)
                    {
                        return inner;
                    }
                    break;
            }
        }
        return exception;
    }
}
