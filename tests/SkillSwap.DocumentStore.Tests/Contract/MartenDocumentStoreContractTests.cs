using SkillSwap.DocumentStore.Postgres;
using SkillSwap.Testing;

namespace SkillSwap.DocumentStore.Tests.Contract;

/// <summary>The contract on PostgreSQL JSONB (Marten), against a real native PostgreSQL. Always runs.</summary>
public sealed class MartenDocumentStoreContractTests : DocumentStoreContract
{
    private static readonly Lazy<Task<IDocumentStore>> Store = new(async () =>
    {
        var postgres = await SharedServers.PostgresAsync();
        var store = new MartenDocumentStore(await postgres.CreateDatabaseAsync("docstore"), TestDocuments.Options());
        await store.ApplySchemaAsync(CancellationToken.None);
        return store;
    });

    protected override Task<IDocumentStore> CreateStoreAsync() => Store.Value;
}
