using Elastic.Clients.Elasticsearch;
using SkillSwap.Profiles.Search;
using SkillSwap.Profiles.Search.Elasticsearch;

namespace SkillSwap.Profiles.Tests.Search;

/// <summary>
/// The search contract on Elasticsearch, when SKILLSWAP_TEST_ELASTICSEARCH holds a connection string
/// ("http://elastic:password@localhost:9200"); no Elasticsearch can be installed on this project's machines. Each run
/// uses a fresh index, deleted afterwards.
/// </summary>
public sealed class ElasticsearchSearchContractTests(ElasticsearchSearchContractTests.Index index)
    : SearchContract, IClassFixture<ElasticsearchSearchContractTests.Index>
{
    private const string Variable = "SKILLSWAP_TEST_ELASTICSEARCH";
    private static readonly string? ConnectionString = Environment.GetEnvironmentVariable(Variable);

    protected override string? SkipReason => string.IsNullOrWhiteSpace(ConnectionString)
        ? $"no Elasticsearch: set {Variable} to run the search contract on Elasticsearch"
        : null;

    protected override SearchDataSet Data => index.Data;

    protected override async Task<IProfileSearch> IndexedAsync() => await index.SearchAsync();

    public sealed class Index : IAsyncLifetime
    {
        private readonly string _name = $"profiles-test-{Guid.NewGuid():N}";
        private ElasticsearchClient? _client;
        private Task<IProfileSearch>? _indexed;

        public SearchDataSet Data { get; } = new();

        public Task<IProfileSearch> SearchAsync() => _indexed ??= CreateAsync();

        private async Task<IProfileSearch> CreateAsync()
        {
            _client = new ElasticsearchClient(ElasticsearchProfileSearch.Settings(new Uri(ConnectionString!)));
            var search = new ElasticsearchProfileSearch(_client, _name);
            await search.EnsureIndexAsync(CancellationToken.None);
            await IndexDataSetAsync(search, Data);
            return search;
        }

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task DisposeAsync()
        {
            if (_client is not null)
            {
                await _client.Indices.DeleteAsync(_name);
            }
        }
    }
}
