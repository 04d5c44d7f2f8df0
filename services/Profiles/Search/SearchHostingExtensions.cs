using Elastic.Clients.Elasticsearch;
using SkillSwap.Profiles.Matching;
using SkillSwap.Profiles.Search.Elasticsearch;
using SkillSwap.Profiles.Search.Postgres;

namespace SkillSwap.Profiles.Search;

public static class SearchHostingExtensions
{
    /// <summary>The Elasticsearch connection string: "http(s)://user:password@host:port".</summary>
    public const string ElasticsearchConnectionName = "search";

    /// <summary>
    /// Elasticsearch when <c>ConnectionStrings:search</c> is set, otherwise the PostgreSQL adapter on
    /// <paramref name="postgresConnectionName"/>. Creates the index at start-up and loads the skill vectors then, so
    /// the first request does not pay for either.
    /// </summary>
    public static WebApplicationBuilder AddProfileSearch(this WebApplicationBuilder builder, string postgresConnectionName)
    {
        if (builder.Configuration.GetConnectionString(ElasticsearchConnectionName) is { Length: > 0 } elastic)
        {
            builder.Services.AddSingleton(_ => new ElasticsearchClient(ElasticsearchProfileSearch.Settings(new Uri(elastic))));
            builder.Services.AddSingleton<IProfileSearch>(services => new ElasticsearchProfileSearch(
                services.GetRequiredService<ElasticsearchClient>(),
                builder.Configuration["Search:IndexName"] ?? ElasticsearchProfileSearch.DefaultIndexName));
        }
        else
        {
            builder.AddNpgsqlDataSource(postgresConnectionName);
            builder.Services.AddSingleton<IProfileSearch, PostgresProfileSearch>();
        }
        builder.Services.AddHostedService<SearchInitializer>();
        return builder;
    }

    private sealed class SearchInitializer(IProfileSearch search, SkillVectors vectors, ILogger<SearchInitializer> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await search.EnsureIndexAsync(cancellationToken);
            var loaded = await vectors.CatalogueVectorsAsync(cancellationToken);
            logger.LogInformation("Profile search on {Provider}; {Count} catalogue skills embedded", search.ProviderName, loaded.Count);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
