using MongoDB.Bson;
using MongoDB.Driver;

namespace SkillSwap.DocumentStore.Mongo;

/// <summary>
/// The production provider. Commits run in a multi-document transaction, which MongoDB offers only on a replica set
/// or a sharded cluster (a single-node replica set is enough for development); on a standalone server
/// <see cref="MongoTransactionMode.Auto"/> writes one by one in staging order, which is not atomic.
/// </summary>
public sealed class MongoDocumentStore : IDocumentStore
{
    private readonly IMongoDatabase _database;
    private readonly DocumentStoreOptions _options;
    private bool? _supportsTransactions;

    public MongoDocumentStore(IMongoClient client, string databaseName, DocumentStoreOptions options)
    {
        MongoSerialization.EnsureRegistered();
        Client = client;
        _database = client.GetDatabase(databaseName);
        _options = options;
        _supportsTransactions = options.MongoTransactions switch
        {
            MongoTransactionMode.Disabled => false,
            _ => null,
        };
    }

    /// <summary>Builds the store from a connection string; the database comes from the string unless named.</summary>
    public static MongoDocumentStore Create(string connectionString, DocumentStoreOptions options, string? databaseName = null)
    {
        var url = MongoUrl.Create(connectionString);
        var database = databaseName ?? options.MongoDatabaseName ?? url.DatabaseName
            ?? throw new InvalidOperationException("No MongoDB database: name it in the connection string or in MongoDatabaseName.");
        return new MongoDocumentStore(new MongoClient(url), database, options);
    }

    public string ProviderName => "MongoDB";

    public bool SupportsAtomicCommit => _supportsTransactions ?? false;

    internal IMongoClient Client { get; }

    internal MongoTransactionMode TransactionMode => _options.MongoTransactions;

    public IDocumentSession OpenSession() => new MongoDocumentSession(this);

    public async Task ApplySchemaAsync(CancellationToken cancellationToken)
    {
        await InitiateSingleNodeReplicaSetAsync(cancellationToken);
        var existing = await (await _database.ListCollectionNamesAsync(cancellationToken: cancellationToken)).ToListAsync(cancellationToken);
        foreach (var registration in _options.Documents)
        {
            // Collections are created up front: MongoDB cannot create one inside a multi-document transaction before 4.4.
            if (!existing.Contains(registration.CollectionName))
            {
                try
                {
                    await _database.CreateCollectionAsync(registration.CollectionName, cancellationToken: cancellationToken);
                }
                catch (MongoCommandException ex) when (ex.CodeName == "NamespaceExists")
                {
                    // Another replica created it a moment ago. MongoDB has no advisory lock, and needs none here:
                    // everything else this does is idempotent on the server (createIndexes of the same spec, the
                    // replica-set initiation), concurrent calls included.
                }
            }
            await registration.ApplyToAsync(_database, cancellationToken);
        }
        await SupportsTransactionsAsync(cancellationToken);
    }

    public Task PingAsync(CancellationToken cancellationToken) =>
        _database.RunCommandAsync<BsonDocument>(new BsonDocument("ping", 1), cancellationToken: cancellationToken);

    internal IMongoCollection<T> Collection<T>(DocumentReadMode readMode = DocumentReadMode.Primary) where T : class, IDocument
    {
        var registration = _options.Registration(typeof(T));
        return _database.GetCollection<T>(registration.CollectionName)
            .WithWriteConcern(WriteConcernFor(registration.Durability))
            .WithReadPreference(readMode == DocumentReadMode.SecondaryPreferred ? ReadPreference.SecondaryPreferred : ReadPreference.Primary);
    }

    internal static WriteConcern WriteConcernFor(WriteDurability durability) => durability switch
    {
        WriteDurability.Acknowledged => WriteConcern.W1,
        _ => WriteConcern.WMajority.With(journal: true),
    };

    internal WriteDurability DurabilityOf(Type documentType) => _options.Registration(documentType).Durability;

    /// <summary>
    /// The AppHost's own MongoDB (container or local process) starts as a one-member replica set, "rs0", so that
    /// transactions work; a fresh one must be initiated once before it accepts writes. A server started with --replSet
    /// but never initiated says <c>isreplicaset: true</c> without a <c>setName</c>: only then is <c>replSetInitiate</c>
    /// sent, and the store waits until the member is primary. Replica sets run by operators are already initiated and
    /// are left alone, as is a standalone server.
    /// </summary>
    private async Task InitiateSingleNodeReplicaSetAsync(CancellationToken cancellationToken)
    {
        var admin = Client.GetDatabase("admin");
        var hello = await admin.RunCommandAsync<BsonDocument>(new BsonDocument("hello", 1), cancellationToken: cancellationToken);
        if (hello.Contains("setName") || !hello.GetValue("isreplicaset", false).ToBoolean())
        {
            return;
        }
        try
        {
            await admin.RunCommandAsync<BsonDocument>(new BsonDocument("replSetInitiate", new BsonDocument()), cancellationToken: cancellationToken);
        }
        catch (MongoCommandException ex) when (ex.CodeName == "AlreadyInitialized")
        {
            // Another service initiated it a moment ago.
        }
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!(await admin.RunCommandAsync<BsonDocument>(new BsonDocument("hello", 1), cancellationToken: cancellationToken))
            .GetValue("isWritablePrimary", false).ToBoolean())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("MongoDB replica set initiated but no primary after 60 s.");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
    }

    /// <summary>Asks the server once whether it is a replica set member or a mongos (both run transactions).</summary>
    internal async Task<bool> SupportsTransactionsAsync(CancellationToken cancellationToken)
    {
        if (_supportsTransactions is { } known)
        {
            return known;
        }
        // Two sessions racing here both ask; they get the same answer, so no lock is needed.
        var hello = await _database.RunCommandAsync<BsonDocument>(new BsonDocument("hello", 1), cancellationToken: cancellationToken);
        var supported = hello.Contains("setName") || hello.GetValue("msg", "").ToString() == "isdbgrid";
        _supportsTransactions = supported;
        return supported;
    }
}
