using System.Text.Json;
using Elastic.Clients.Elasticsearch;
using Elastic.Transport;
using Elastic.Transport.Extensions;
using SkillSwap.Profiles.Search;
using SkillSwap.Profiles.Search.Elasticsearch;

namespace SkillSwap.Profiles.Tests.Search;

/// <summary>
/// The Elasticsearch adapter's requests rendered offline by the real client's serializer, so what production sends is
/// checked even where no Elasticsearch runs: fuzziness for typos, the visibility and block filters, facets, the
/// availability range, paging, candidate retrieval, and the index mapping.
/// </summary>
public sealed class ElasticsearchRequestTests
{
    private static readonly ElasticsearchClient Client = new(
        new ElasticsearchClientSettings(new SingleNodePool(new Uri("http://localhost:9200")), new InMemoryRequestInvoker()));

    private static JsonElement Render<T>(T request) =>
        JsonDocument.Parse(Client.RequestResponseSerializer.SerializeToString(request)).RootElement;

    /// <summary>The client writes a one-clause list as the clause itself.</summary>
    private static JsonElement One(JsonElement clauses) =>
        clauses.ValueKind == JsonValueKind.Array ? Assert.Single(clauses.EnumerateArray()) : clauses;

    private static readonly Guid Searcher = Guid.Parse("0199a000-0000-7000-8000-000000000001");
    private static readonly Guid Hidden = Guid.Parse("0199a000-0000-7000-8000-000000000002");

    [Fact]
    public void A_text_search_is_fuzzy_over_weighted_fields_and_filtered_by_visibility_blocks_and_facets()
    {
        var query = new ProfileSearchQuery(Searcher, [Hidden], Text: "Pyhton de FRANÇAIS", SkillId: "python", MinLevel: 3, Language: "fr",
            Format: "online", AvailableUtc: [new WeekRange(1080, 1200)], MinRating: 4, Limit: 20,
            After: new SearchCursor(1.5, Guid.Parse("0199a000-0000-7000-8000-000000000003")));

        var body = Render(ElasticsearchRequests.Search("profiles", query));

        Assert.Equal(21, body.GetProperty("size").GetInt32());
        var boolQuery = body.GetProperty("query").GetProperty("bool");
        var matches = boolQuery.GetProperty("should").EnumerateArray().Select(clause => clause.GetProperty("multi_match")).ToList();
        Assert.Equal(["and", "or"], matches.Select(match => match.GetProperty("operator").GetString()));
        Assert.Equal(1, boolQuery.GetProperty("minimum_should_match").GetInt32());
        foreach (var match in matches)
        {
            Assert.Equal("pyhton francais", match.GetProperty("query").GetString());
            Assert.Equal("AUTO", match.GetProperty("fuzziness").GetString());
            Assert.Equal(["offered^4", "name^2", "place^2", "bio", "wanted^0.5"], match.GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        }

        var filters = boolQuery.GetProperty("filter").EnumerateArray().Select(f => f.GetRawText()).ToList();
        Assert.Contains(filters, f => f.Contains("\"isPublic\":{\"value\":true}", StringComparison.Ordinal));
        Assert.Contains(filters, f => f.Contains("\"facets\":{\"value\":\"o:python\"}", StringComparison.Ordinal));
        Assert.Contains(filters, f => f.Contains("\"facets\":{\"value\":\"l:fr\"}", StringComparison.Ordinal));
        Assert.Contains(filters, f => f.Contains("\"facets\":{\"value\":\"f:online\"}", StringComparison.Ordinal));
        Assert.Contains(filters, f => f.Contains("\"facets\":[\"o:python@3\",\"o:python@4\",\"o:python@5\"]", StringComparison.Ordinal));
        Assert.Contains(filters, f => f.Contains("\"availability\":{\"gte\":1080,\"lt\":1200,\"relation\":\"intersects\"}", StringComparison.Ordinal));
        Assert.Contains(filters, f => f.Contains("\"averageRating\":{\"gte\":4", StringComparison.Ordinal));

        var mustNot = boolQuery.GetProperty("must_not").GetRawText();
        Assert.Contains($"\"userId\":[\"{Hidden}\",\"{Searcher}\"]", mustNot);
        Assert.Contains($"\"blocked\":{{\"value\":\"{Searcher}\"}}", mustNot);

        Assert.Equal("[{\"_score\":{\"order\":\"desc\"}},{\"userId\":{\"order\":\"desc\"}}]", body.GetProperty("sort").GetRawText());
        Assert.Equal("[1.5,\"0199a000-0000-7000-8000-000000000003\"]", body.GetProperty("search_after").GetRawText());
    }

    [Fact]
    public void When_some_profile_has_every_word_the_search_requires_them_all_and_place_facets_filter()
    {
        var count = Render(ElasticsearchRequests.EveryWordCount("profiles", "guitare lyon")).GetProperty("query").GetProperty("bool");
        Assert.Equal("and", One(count.GetProperty("must")).GetProperty("multi_match").GetProperty("operator").GetString());
        Assert.Contains("\"isPublic\":{\"value\":true}", count.GetProperty("filter").GetRawText());

        var query = new ProfileSearchQuery(Searcher, [], Text: "guitare lyon", Country: "FR", City: "Saint-Étienne");
        var body = Render(ElasticsearchRequests.Search("profiles", query, requireEveryWord: true)).GetProperty("query").GetProperty("bool");

        var must = One(body.GetProperty("must")).GetProperty("multi_match");
        Assert.Equal(("guitare lyon", "and"), (must.GetProperty("query").GetString(), must.GetProperty("operator").GetString()));
        Assert.False(body.TryGetProperty("should", out _));
        var filters = body.GetProperty("filter").GetRawText();
        Assert.Contains("\"facets\":{\"value\":\"c:fr\"}", filters);
        Assert.Contains("\"facets\":{\"value\":\"ci:saint etienne\"}", filters);
    }

    [Fact]
    public void A_search_without_text_sorts_by_rating_and_has_no_text_clause()
    {
        var body = Render(ElasticsearchRequests.Search("profiles", new ProfileSearchQuery(Searcher, [], Category: "music")));

        var boolQuery = body.GetProperty("query").GetProperty("bool");
        Assert.False(boolQuery.TryGetProperty("should", out _));
        Assert.Contains("\"facets\":{\"value\":\"oc:music\"}", boolQuery.GetProperty("filter").GetRawText());
        Assert.Equal("[{\"rankRating\":{\"order\":\"desc\"}},{\"userId\":{\"order\":\"desc\"}}]", body.GetProperty("sort").GetRawText());
        Assert.False(body.TryGetProperty("search_after", out _));
    }

    [Fact]
    public void Match_candidates_are_filtered_by_offered_and_wanted_concepts_role_and_blocks()
    {
        var body = Render(ElasticsearchRequests.Candidates("profiles",
            new MatchCandidateQuery(Searcher, [Hidden], ["python", "javascript"], ["spanish"], "mentor", 1000)));

        Assert.Equal(1000, body.GetProperty("size").GetInt32());
        var boolQuery = body.GetProperty("query").GetProperty("bool");
        var filters = boolQuery.GetProperty("filter").GetRawText();
        Assert.Contains("\"facets\":[\"o:python\",\"o:javascript\"]", filters);
        Assert.Contains("\"facets\":[\"w:spanish\"]", filters);
        Assert.Contains("\"facets\":{\"value\":\"r:mentor\"}", filters);
        Assert.Contains($"\"blocked\":{{\"value\":\"{Searcher}\"}}", boolQuery.GetProperty("must_not").GetRawText());
        // A single sort is rendered as one object, which Elasticsearch accepts like a one-element list.
        Assert.Equal("{\"lastActiveAt\":{\"order\":\"desc\"}}", body.GetProperty("sort").GetRawText());
    }

    [Fact]
    public void The_index_mapping_is_strict_keeps_the_document_unindexed_and_types_every_search_field()
    {
        var body = Render(ElasticsearchRequests.CreateIndex("profiles"));

        var mappings = body.GetProperty("mappings");
        Assert.Equal("strict", mappings.GetProperty("dynamic").GetString());
        var properties = mappings.GetProperty("properties");
        Assert.Equal("keyword", properties.GetProperty("facets").GetProperty("type").GetString());
        Assert.Equal("keyword", properties.GetProperty("blocked").GetProperty("type").GetString());
        Assert.Equal("integer_range", properties.GetProperty("availability").GetProperty("type").GetString());
        Assert.Equal("text", properties.GetProperty("offered").GetProperty("type").GetString());
        Assert.False(properties.GetProperty("document").GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task The_indexed_entry_carries_normalised_text_and_the_facets()
    {
        var person = Infrastructure.People.Person("Élodie Bernard", offers: [("piano", 4)], wants: [("german", 1)], languages: ["fr"]);
        var document = await Infrastructure.SkillModel.Projection.ProjectAsync(person, CancellationToken.None);

        var entry = ElasticProfileEntry.From(document);

        Assert.Equal("elodie bernard", entry.Name);
        Assert.Contains("piano", entry.Offered, StringComparison.Ordinal);
        Assert.Contains("allemand", entry.Wanted, StringComparison.Ordinal);
        Assert.Contains("o:piano@4", entry.Facets);
        Assert.Contains("w:german", entry.Facets);
        Assert.Contains("l:fr", entry.Facets);
    }
}
