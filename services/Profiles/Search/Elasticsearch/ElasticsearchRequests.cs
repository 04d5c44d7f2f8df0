using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Core.Bulk;
using Elastic.Clients.Elasticsearch.Core.Search;
using Elastic.Clients.Elasticsearch.IndexManagement;
using Elastic.Clients.Elasticsearch.Mapping;
using Elastic.Clients.Elasticsearch.QueryDsl;
using SkillSwap.Profiles.Skills;

namespace SkillSwap.Profiles.Search.Elasticsearch;

/// <summary>
/// Every request the Elasticsearch adapter sends, as objects the client serialises. Kept apart so the offline tests
/// render exactly what production sends.
/// </summary>
public static class ElasticsearchRequests
{
    public static CreateIndexRequest CreateIndex(string indexName) => new(indexName) { Mappings = Mapping() };

    /// <summary>The mapping of today's fields, put on an existing index so that fields added since exist there too.</summary>
    public static PutMappingRequest CurrentMapping(string indexName) => new(indexName)
    {
        Dynamic = DynamicMapping.Strict,
        Properties = Mapping().Properties,
    };

    private static TypeMapping Mapping() => new()
    {
        Dynamic = DynamicMapping.Strict,
        Properties = new Properties
        {
            { "userId", new KeywordProperty() },
            { "isPublic", new BooleanProperty() },
            { "facets", new KeywordProperty() },
            { "blocked", new KeywordProperty() },
            { "availability", new IntegerRangeProperty() },
            { "rankRating", new DoubleNumberProperty() },
            { "averageRating", new DoubleNumberProperty() },
            // Text arrives normalised (lowercase, no accents); the standard analyzer only splits it into words.
            { "offered", new TextProperty { Analyzer = "standard" } },
            { "name", new TextProperty { Analyzer = "standard" } },
            { "place", new TextProperty { Analyzer = "standard" } },
            { "bio", new TextProperty { Analyzer = "standard" } },
            { "wanted", new TextProperty { Analyzer = "standard" } },
            { "lastActiveAt", new DateProperty() },
            // Returned with hits, never searched.
            { "document", new ObjectProperty { Enabled = false } },
        },
    };

    public static BulkRequest Upsert(string indexName, IEnumerable<ProfileSearchDocument> documents) => new(indexName)
    {
        // Visible to searches when the call returns, as the contract says.
        Refresh = Refresh.WaitFor,
        Operations = [.. documents.Select(document =>
            (IBulkOperation)new BulkIndexOperation<ElasticProfileEntry>(ElasticProfileEntry.From(document)) { Id = document.UserId.ToString() })],
    };

    public static SearchRequest ListIds(string indexName, ICollection<FieldValue>? after) => new(indexName)
    {
        Size = 1000,
        Source = new SourceConfig(false),
        Query = new MatchAllQuery(),
        Sort = [new SortOptions { Field = new FieldSort { Field = "userId", Order = SortOrder.Asc } }],
        SearchAfter = after,
    };

    public static string? TextOf(ProfileSearchQuery query)
    {
        var terms = SearchText.QueryTerms(query.Text);
        return terms.Length == 0 ? null : string.Join(' ', terms.Take(8));
    }

    /// <summary>
    /// Whether some public profile has every word of the text: then a search requires them all (as the PostgreSQL
    /// adapter does), so "guitare lyon" does not bring people who only live in Lyon; otherwise any word will do.
    /// </summary>
    public static CountRequest EveryWordCount(string indexName, string text) => new(indexName)
    {
        Query = new BoolQuery
        {
            Filter = [new TermQuery { Field = "isPublic", Value = true }],
            Must = [TextMatch(text, Operator.And, boost: 1)],
        },
    };

    public static SearchRequest Search(string indexName, ProfileSearchQuery query, bool requireEveryWord = false)
    {
        var filters = new List<Query>
        {
            new TermQuery { Field = "isPublic", Value = true },
        };
        filters.AddRange(query.RequiredFacets().Select(token => (Query)new TermQuery { Field = "facets", Value = token }));
        if (query.AnyOfFacets() is { Count: > 0 } anyOf)
        {
            filters.Add(Terms("facets", anyOf));
        }
        if (query.AvailableUtc is { Count: > 0 } window)
        {
            filters.Add(new BoolQuery
            {
                Should = [.. window.Select(range => (Query)new NumberRangeQuery
                {
                    Field = "availability", Gte = range.Start, Lt = range.End, Relation = RangeRelation.Intersects,
                })],
                MinimumShouldMatch = 1,
            });
        }
        if (query.MinRating is { } minRating)
        {
            filters.Add(new NumberRangeQuery { Field = "averageRating", Gte = minRating });
        }

        var text = TextOf(query);
        var hasText = text is not null;
        var request = new SearchRequest(indexName)
        {
            Size = query.Limit + 1,
            Query = new BoolQuery
            {
                Filter = filters,
                MustNot = NotVisibleTo(query.SearcherId, query.HiddenUserIds),
                // Every word when some profile has them all (EveryWordCount); otherwise any word, those with more first.
                Must = hasText && requireEveryWord ? [TextMatch(text!, Operator.And, boost: 1)] : null,
                Should = hasText && !requireEveryWord ? [TextMatch(text!, Operator.And, boost: 2), TextMatch(text!, Operator.Or, boost: 1)] : null,
                MinimumShouldMatch = hasText && !requireEveryWord ? 1 : null,
            },
            Sort = hasText
                ? [new SortOptions { Score = new ScoreSort { Order = SortOrder.Desc } }, new SortOptions { Field = new FieldSort { Field = "userId", Order = SortOrder.Desc } }]
                : [new SortOptions { Field = new FieldSort { Field = "rankRating", Order = SortOrder.Desc } }, new SortOptions { Field = new FieldSort { Field = "userId", Order = SortOrder.Desc } }],
            TrackScores = hasText,
        };
        if (query.After is { } after)
        {
            request.SearchAfter = [FieldValue.Double(after.Score), FieldValue.String(after.UserId.ToString())];
        }
        return request;
    }

    private static MultiMatchQuery TextMatch(string text, Operator @operator, float boost) => new()
    {
        Query = text,
        Fields = new[] { "offered^4", "name^2", "place^2", "bio", "wanted^0.5" },
        Fuzziness = new Fuzziness("AUTO"),
        PrefixLength = 1,
        Operator = @operator,
        Boost = boost,
    };

    public static SearchRequest Candidates(string indexName, MatchCandidateQuery query)
    {
        var filters = new List<Query>();
        if (query.OffersAnyOf.Count > 0)
        {
            filters.Add(Terms("facets", [.. query.OffersAnyOf.Select(SearchFacets.Offers)]));
        }
        if (query.WantsAnyOf.Count > 0)
        {
            filters.Add(Terms("facets", [.. query.WantsAnyOf.Select(SearchFacets.Wants)]));
        }
        if (query.RequiredRole is { } role)
        {
            filters.Add(new TermQuery { Field = "facets", Value = SearchFacets.Role(role) });
        }
        return new SearchRequest(indexName)
        {
            Size = query.Limit,
            Query = new BoolQuery { Filter = filters, MustNot = NotVisibleTo(query.UserId, query.ExcludedUserIds) },
            Sort = [new SortOptions { Field = new FieldSort { Field = "lastActiveAt", Order = SortOrder.Desc } }],
        };
    }

    /// <summary>Oneself, the people one hides, and those who blocked one.</summary>
    private static List<Query> NotVisibleTo(Guid userId, IEnumerable<Guid> hidden) =>
    [
        Terms("userId", [.. hidden.Append(userId).Select(id => id.ToString())]),
        new TermQuery { Field = "blocked", Value = userId.ToString() },
    ];

    private static TermsQuery Terms(string field, IReadOnlyCollection<string> values) => new()
    {
        Field = field,
        Terms = new TermsQueryField([.. values.Select(value => FieldValue.String(value))]),
    };
}
