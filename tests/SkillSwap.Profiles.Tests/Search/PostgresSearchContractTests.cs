using SkillSwap.Profiles.Search;
using SkillSwap.Profiles.Tests.Infrastructure;

namespace SkillSwap.Profiles.Tests.Search;

/// <summary>The search contract on the PostgreSQL adapter, always (a fresh database of the shared test server).</summary>
public sealed class PostgresSearchContractTests(PostgresSearchContractTests.Index index) : SearchContract, IClassFixture<PostgresSearchContractTests.Index>
{
    protected override SearchDataSet Data => index.Data;

    protected override Task<IProfileSearch> IndexedAsync() => Task.FromResult<IProfileSearch>(index.Search);

    public sealed class Index : IAsyncLifetime
    {
        private readonly PostgresSearchIndex _postgres = new();

        public SearchDataSet Data { get; } = new();

        public IProfileSearch Search => _postgres.Search;

        public async Task InitializeAsync()
        {
            await _postgres.InitializeAsync();
            await IndexDataSetAsync(_postgres.Search, Data);
        }

        public Task DisposeAsync() => _postgres.DisposeAsync();
    }
}
