using System.Runtime.CompilerServices;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Core.Bulk;
using Elastic.Clients.Elasticsearch.IndexManagement;
using Elastic.Clients.Elasticsearch.Mapping;
using Elastic.Clients.Elasticsearch.QueryDsl;
using Elastic.Transport;
using Elastic.Transport.Products.Elasticsearch;
using SkillSwap.Profiles.Model;

namespace SkillSwap.Profiles.Search.Elasticsearch;

/// <summary>
/// The search index in Elasticsearch. Same model as the PostgreSQL adapter: text already normalised in C#
/// (accents, case), catalogue synonyms indexed with each skill, facets as keyword tokens, availability as
/// integer ranges of UTC minutes of the week. Typos are Elasticsearch's own fuzziness (AUTO: one edit from 3
/// letters, two from 6). Every request body is built by <see cref="ElasticsearchRequests"/>, which the offline tests
/// render without a server.
/// </summary>
public sealed class ElasticsearchProfileSearch(ElasticsearchClient client, string indexName) : IProfileSearch
{
    public const string DefaultIndexName = "profiles";

    public string ProviderName => "Elasticsearch";

    public static ElasticsearchClientSettings Settings(Uri connection)
    {
        var settings = new ElasticsearchClientSettings(new Uri(connection.GetLeftPart(UriPartial.Authority)));
        if (connection.UserInfo is { Length: > 0 } userInfo && userInfo.Split(':', 2) is [var user, var password])
        {
            settings = settings.Authentication(new BasicAuthentication(Uri.UnescapeDataString(user), Uri.UnescapeDataString(password)));
        }
        return settings;
    }

    public async Task EnsureIndexAsync(CancellationToken cancellationToken)
    {
        var exists = await client.Indices.ExistsAsync(indexName, cancellationToken);
        if (exists.Exists)
        {
            // An index made by an older version lacks the fields added since (the mapping is strict): adding a field
            // to a mapping is allowed, and a no-op when it is there. Profiles get their value at the next rebuild.
            var mapping = await client.Indices.PutMappingAsync(ElasticsearchRequests.CurrentMapping(indexName), cancellationToken);
            if (!mapping.IsValidResponse)
            {
                throw Failure("update the index mapping", mapping);
            }
            return;
        }
        var created = await client.Indices.CreateAsync(ElasticsearchRequests.CreateIndex(indexName), cancellationToken);
        // Another replica may have created it between our check and our request.
        if (!created.IsValidResponse && !(created.ElasticsearchServerError?.Error?.Type == "resource_already_exists_exception"))
        {
            throw Failure("create the index", created);
        }
    }

    public async Task UpsertAsync(IReadOnlyCollection<ProfileSearchDocument> documents, CancellationToken cancellationToken)
    {
        if (documents.Count == 0)
        {
            return;
        }
        var response = await client.BulkAsync(ElasticsearchRequests.Upsert(indexName, documents), cancellationToken);
        if (!response.IsValidResponse || response.Errors)
        {
            throw Failure("index profiles", response);
        }
    }

    public async Task RemoveAsync(Guid userId, CancellationToken cancellationToken)
    {
        var response = await client.DeleteAsync(new DeleteRequest(indexName, userId.ToString()) { Refresh = Refresh.WaitFor }, cancellationToken);
        if (!response.IsValidResponse && response.ApiCallDetails.HttpStatusCode != 404)
        {
            throw Failure("remove a profile", response);
        }
    }

    public async Task<ProfileSearchDocument?> GetAsync(Guid userId, CancellationToken cancellationToken)
    {
        var response = await client.GetAsync<ElasticProfileEntry>(new GetRequest(indexName, userId.ToString()), cancellationToken);
        return response.Found ? response.Source?.Document : null;
    }

    public async IAsyncEnumerable<Guid> ListIdsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ICollection<FieldValue>? after = null;
        while (true)
        {
            var response = await client.SearchAsync<ElasticProfileEntry>(ElasticsearchRequests.ListIds(indexName, after), cancellationToken);
            if (!response.IsValidResponse)
            {
                throw Failure("list the index", response);
            }
            if (response.Hits.Count == 0)
            {
                yield break;
            }
            foreach (var hit in response.Hits)
            {
                yield return Guid.Parse(hit.Id!);
            }
            after = response.Hits.Last().Sort?.ToList();
        }
    }

    public async Task<ProfileSearchPage> SearchAsync(ProfileSearchQuery query, CancellationToken cancellationToken)
    {
        var requireEveryWord = false;
        if (ElasticsearchRequests.TextOf(query) is { } text)
        {
            var count = await client.CountAsync(ElasticsearchRequests.EveryWordCount(indexName, text), cancellationToken);
            if (!count.IsValidResponse)
            {
                throw Failure("count the profiles with every word", count);
            }
            requireEveryWord = count.Count > 0;
        }
        var response = await client.SearchAsync<ElasticProfileEntry>(ElasticsearchRequests.Search(indexName, query, requireEveryWord), cancellationToken);
        if (!response.IsValidResponse)
        {
            throw Failure("search", response);
        }
        var hasText = ElasticsearchRequests.TextOf(query) is not null;
        var hits = response.Hits
            .Select(hit => new ProfileSearchHit(hit.Source!.Document, hasText ? hit.Score ?? 0 : hit.Source.RankRating))
            .ToList();
        if (hits.Count <= query.Limit)
        {
            return new ProfileSearchPage(hits, null);
        }
        hits.RemoveAt(hits.Count - 1);
        return new ProfileSearchPage(hits, new SearchCursor(hits[^1].Score, hits[^1].Document.UserId));
    }

    public async Task<IReadOnlyList<ProfileSearchDocument>> FindCandidatesAsync(MatchCandidateQuery query, CancellationToken cancellationToken)
    {
        if (query.OffersAnyOf.Count == 0 && query.WantsAnyOf.Count == 0)
        {
            return [];
        }
        var response = await client.SearchAsync<ElasticProfileEntry>(ElasticsearchRequests.Candidates(indexName, query), cancellationToken);
        if (!response.IsValidResponse)
        {
            throw Failure("find match candidates", response);
        }
        return [.. response.Hits.Select(hit => hit.Source!.Document)];
    }

    private static InvalidOperationException Failure(string what, ElasticsearchResponse response) =>
        new($"Elasticsearch could not {what}: {response.DebugInformation}");
}

/// <summary>The document as Elasticsearch holds it: the search fields, and the whole search document kept in _source only.</summary>
public sealed record ElasticProfileEntry(
    string UserId,
    bool IsPublic,
    IReadOnlyList<string> Facets,
    IReadOnlyList<string> Blocked,
    IReadOnlyList<ElasticRange> Availability,
    double RankRating,
    double? AverageRating,
    string Offered,
    string Name,
    string Place,
    string Bio,
    string Wanted,
    DateTimeOffset LastActiveAt,
    ProfileSearchDocument Document)
{
    public static ElasticProfileEntry From(ProfileSearchDocument document) => new(
        document.UserId.ToString(),
        document.Visibility == ProfileVisibility.Public,
        document.Facets(),
        [.. document.BlockedUserIds.Select(id => id.ToString())],
        [.. WeeklyTime.ToUtcWeekRanges(document.Availability, document.TimeZone).Select(range => new ElasticRange(range.Start, range.End))],
        document.BayesianRating ?? 0,
        document.Rating,
        document.OfferedText,
        document.NameText,
        document.PlaceText,
        document.BioText,
        document.WantedText,
        document.LastActiveAt,
        document);
}

/// <summary>An integer_range value: [Gte, Lt).</summary>
public sealed record ElasticRange(int Gte, int Lt);
