using SkillSwap.DocumentStore.Mongo;

namespace SkillSwap.DocumentStore.Tests.Contract;

/// <summary>
/// The contract on MongoDB, when SKILLSWAP_TEST_MONGODB holds a connection string (no MongoDB can be installed on
/// this project's machines). Each run uses a fresh database. Atomic-commit tests need a replica set.
/// </summary>
public sealed class MongoDocumentStoreContractTests : DocumentStoreContract
{
    private const string Variable = "SKILLSWAP_TEST_MONGODB";
    private static readonly string? ConnectionString = Environment.GetEnvironmentVariable(Variable);

    private static readonly Lazy<Task<IDocumentStore>> Store = new(async () =>
    {
        var store = MongoDocumentStore.Create(ConnectionString!, TestDocuments.Options(), databaseName: $"docstore_{Guid.NewGuid():N}");
        await store.ApplySchemaAsync(CancellationToken.None);
        return store;
    });

    protected override string? SkipReason => string.IsNullOrWhiteSpace(ConnectionString)
        ? $"no MongoDB: set {Variable} to run the contract suite on MongoDB"
        : null;

    protected override Task<IDocumentStore> CreateStoreAsync() => Store.Value;
}
