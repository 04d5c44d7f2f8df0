using System.Linq.Expressions;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;
using SkillSwap.DocumentStore.Outbox;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.DocumentStore.Mongo;

internal sealed class MongoDocumentSession(MongoDocumentStore store) : IDocumentSession
{
    private readonly List<IPendingWrite> _pending = [];

    public async Task<T?> LoadAsync<T>(string id, CancellationToken cancellationToken = default) where T : class, IDocument =>
        await store.Collection<T>().Find(IdFilter<T>(id)).FirstOrDefaultAsync(cancellationToken);

    public IQueryable<T> Query<T>(DocumentReadMode readMode = DocumentReadMode.Primary) where T : class, IDocument =>
        store.Collection<T>(readMode).AsQueryable();

    public void Insert<T>(T document) where T : class, IDocument
    {
        ArgumentNullException.ThrowIfNull(document);
        _pending.Add(new PendingInsert<T>(document, store.Collection<T>()));
    }

    public void Replace<T>(T document) where T : class, IDocument
    {
        ArgumentNullException.ThrowIfNull(document);
        _pending.Add(new PendingReplace<T>(document, document.Version, store.Collection<T>()));
    }

    public void Delete<T>(string id) where T : class, IDocument =>
        _pending.Add(new PendingDelete<T>(IdFilter<T>(id), Many: false, store.Collection<T>()));

    public void DeleteWhere<T>(Expression<Func<T, bool>> predicate) where T : class, IDocument =>
        _pending.Add(new PendingDelete<T>(Builders<T>.Filter.Where(predicate), Many: true, store.Collection<T>()));

    public void PublishOnCommit(IntegrationEvent integrationEvent) => Insert(OutboxDocument.Capture(integrationEvent));

    public void ClearPendingChanges() => _pending.Clear();

    public async Task SaveChangesAsync(CancellationToken cancellationToken = default)
    {
        if (_pending.Count == 0)
        {
            return;
        }
        var writes = _pending.ToList();
        _pending.Clear();
        try
        {
            if (await store.SupportsTransactionsAsync(cancellationToken))
            {
                await CommitInTransactionAsync(writes, cancellationToken);
            }
            else if (store.TransactionMode == MongoTransactionMode.Required)
            {
                throw new InvalidOperationException(
                    "MongoTransactions is Required but the server is standalone; run MongoDB as a replica set (a single node is enough).");
            }
            else
            {
                foreach (var write in writes)
                {
                    await write.ExecuteAsync(session: null, cancellationToken);
                }
            }
        }
        catch (Exception ex) when (IsDuplicateKey(ex))
        {
            throw new DuplicateDocumentException($"Duplicate key: {ex.Message}", ex);
        }

        foreach (var write in writes)
        {
            write.Committed();
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task CommitInTransactionAsync(List<IPendingWrite> writes, CancellationToken cancellationToken)
    {
        // Per-operation write concerns are not allowed inside a transaction; the commit takes the strongest one
        // any touched collection asks for.
        var durability = writes.Any(write => store.DurabilityOf(write.DocumentType) == WriteDurability.Majority)
            ? WriteDurability.Majority
            : WriteDurability.Acknowledged;
        var transactionOptions = new TransactionOptions(
            readConcern: ReadConcern.Snapshot,
            readPreference: ReadPreference.Primary,
            writeConcern: MongoDocumentStore.WriteConcernFor(durability));
        using var session = await store.Client.StartSessionAsync(cancellationToken: cancellationToken);
        // WithTransactionAsync retries transient transaction errors; every write is a pure function of what was
        // staged, so running them again is safe.
        await session.WithTransactionAsync(
            async (handle, token) =>
            {
                foreach (var write in writes)
                {
                    await write.ExecuteAsync(handle, token);
                }
                return true;
            },
            transactionOptions,
            cancellationToken);
    }

    private static FilterDefinition<T> IdFilter<T>(string id) => Builders<T>.Filter.Eq("_id", id);

    /// <summary>Matches the document only while it still has the version it was loaded with: the optimistic check.</summary>
    internal static FilterDefinition<T> ReplaceFilter<T>(string id, long expectedVersion) where T : class, IDocument =>
        IdFilter<T>(id) & Builders<T>.Filter.Eq(
            // The element name comes from the class map, so a naming convention cannot make the check match nothing.
            BsonClassMap.LookupClassMap(typeof(T)).GetMemberMap(nameof(IDocument.Version)).ElementName,
            expectedVersion);

    private static bool IsDuplicateKey(Exception exception) => exception switch
    {
        MongoWriteException write => write.WriteError?.Category == ServerErrorCategory.DuplicateKey,
        MongoBulkWriteException bulk => bulk.WriteErrors.Any(error => error.Category == ServerErrorCategory.DuplicateKey),
        MongoCommandException command => command.Code == 11000,
        _ => exception.InnerException is { } inner && IsDuplicateKey(inner),
    };

    private interface IPendingWrite
    {
        Type DocumentType { get; }

        Task ExecuteAsync(IClientSessionHandle? session, CancellationToken cancellationToken);

        void Committed();
    }

    private sealed record PendingInsert<T>(T Document, IMongoCollection<T> Collection) : IPendingWrite where T : class, IDocument
    {
        public Type DocumentType => typeof(T);

        public Task ExecuteAsync(IClientSessionHandle? session, CancellationToken cancellationToken) => session is null
            ? Collection.InsertOneAsync(WithVersion(Document, 1), cancellationToken: cancellationToken)
            : Collection.InsertOneAsync(session, WithVersion(Document, 1), cancellationToken: cancellationToken);

        public void Committed() => Document.Version = 1;
    }

    private sealed record PendingReplace<T>(T Document, long ExpectedVersion, IMongoCollection<T> Collection) : IPendingWrite
        where T : class, IDocument
    {
        public Type DocumentType => typeof(T);

        public async Task ExecuteAsync(IClientSessionHandle? session, CancellationToken cancellationToken)
        {
            var filter = ReplaceFilter<T>(Document.Id, ExpectedVersion);
            var replacement = WithVersion(Document, ExpectedVersion + 1);
            var result = session is null
                ? await Collection.ReplaceOneAsync(filter, replacement, new ReplaceOptions(), cancellationToken)
                : await Collection.ReplaceOneAsync(session, filter, replacement, new ReplaceOptions(), cancellationToken);
            if (result.MatchedCount == 0)
            {
                throw new DocumentConcurrencyException(typeof(T), Document.Id);
            }
        }

        public void Committed() => Document.Version = ExpectedVersion + 1;
    }

    private sealed record PendingDelete<T>(FilterDefinition<T> Filter, bool Many, IMongoCollection<T> Collection) : IPendingWrite
        where T : class, IDocument
    {
        public Type DocumentType => typeof(T);

        public Task ExecuteAsync(IClientSessionHandle? session, CancellationToken cancellationToken) => (Many, session) switch
        {
            (true, null) => Collection.DeleteManyAsync(Filter, cancellationToken),
            (true, _) => Collection.DeleteManyAsync(session, Filter, cancellationToken: cancellationToken),
            (false, null) => Collection.DeleteOneAsync(Filter, cancellationToken),
            (false, _) => Collection.DeleteOneAsync(session, Filter, cancellationToken: cancellationToken),
        };

        public void Committed()
        {
        }
    }

    /// <summary>
    /// The stored version is written without touching the caller's object until the commit succeeded, so a failed
    /// commit leaves the document exactly as the caller had it. A shallow copy is enough: only Version differs.
    /// </summary>
    private static T WithVersion<T>(T document, long version) where T : class, IDocument
    {
        var copy = (T)CloneMethod.Invoke(document, null)!;
        copy.Version = version;
        return copy;
    }

    private static readonly System.Reflection.MethodInfo CloneMethod =
        typeof(object).GetMethod(nameof(MemberwiseClone), System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!;
}
