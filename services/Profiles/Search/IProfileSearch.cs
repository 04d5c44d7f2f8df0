using System.Globalization;

namespace SkillSwap.Profiles.Search;

/// <summary>
/// The search index of profiles, owned by Profiles: Elasticsearch in production, PostgreSQL (tsvector + pg_trgm +
/// GIN) when no Elasticsearch is configured. Both implement the same contract (tests/…/Search/SearchContract.cs).
/// The index is a copy: the document store stays the truth, and <see cref="RebuildSearchIndex"/> can recreate it.
/// </summary>
public interface IProfileSearch
{
    string ProviderName { get; }

    /// <summary>Creates the index (tables, mappings, analyzers). Idempotent.</summary>
    Task EnsureIndexAsync(CancellationToken cancellationToken);

    /// <summary>Adds or replaces the documents, visible to searches once the call returns.</summary>
    Task UpsertAsync(IReadOnlyCollection<ProfileSearchDocument> documents, CancellationToken cancellationToken);

    Task RemoveAsync(Guid userId, CancellationToken cancellationToken);

    Task<ProfileSearchDocument?> GetAsync(Guid userId, CancellationToken cancellationToken);

    /// <summary>Every indexed id, for the rebuild to remove entries whose profile no longer exists.</summary>
    IAsyncEnumerable<Guid> ListIdsAsync(CancellationToken cancellationToken);

    /// <summary>Public profiles the searcher may see (neither blocked the other), best first, one page.</summary>
    Task<ProfileSearchPage> SearchAsync(ProfileSearchQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Profiles, of any visibility, that offer one of <see cref="MatchCandidateQuery.OffersAnyOf"/> and want one of
    /// <see cref="MatchCandidateQuery.WantsAnyOf"/> (an empty list does not constrain; both empty finds nobody),
    /// most recently active first: the few hundred people matching then scores.
    /// </summary>
    Task<IReadOnlyList<ProfileSearchDocument>> FindCandidatesAsync(MatchCandidateQuery query, CancellationToken cancellationToken);
}

/// <summary>
/// A search. <see cref="Text"/> is free text (any language, typos and accents tolerated); the facets narrow it;
/// <see cref="AvailableUtc"/> are ranges of minutes of the week in UTC (0 = Monday 00:00 UTC), one of which the profile's
/// availability must overlap (a window that wraps past the end of the UTC week is two ranges).
/// </summary>
public sealed record ProfileSearchQuery(
    Guid SearcherId,
    IReadOnlyCollection<Guid> HiddenUserIds,
    string? Text = null,
    string? SkillId = null,
    string? Category = null,
    int? MinLevel = null,
    string? Language = null,
    string? Format = null,
    IReadOnlyList<WeekRange>? AvailableUtc = null,
    double? MinRating = null,
    int Limit = 20,
    SearchCursor? After = null,
    string? Country = null,
    string? City = null)
{
    /// <summary>Every facet token a hit must have.</summary>
    public IReadOnlyList<string> RequiredFacets()
    {
        var tokens = new List<string>();
        if (SkillId is not null)
        {
            tokens.Add(SearchFacets.Offers(SkillId));
        }
        if (Category is not null)
        {
            tokens.Add($"oc:{Category}");
        }
        if (Language is not null)
        {
            tokens.Add(SearchFacets.Speaks(Language));
        }
        if (Format is not null)
        {
            tokens.Add(SearchFacets.Format(Format));
        }
        if (Country is not null)
        {
            tokens.Add(SearchFacets.Country(Country));
        }
        if (City is not null)
        {
            tokens.Add(SearchFacets.City(City));
        }
        return tokens;
    }

    /// <summary>
    /// The facet tokens of which a hit must have one: the level filter, applied to the skill if one is named, else to
    /// the category, else to any offered skill. Empty without a level filter.
    /// </summary>
    public IReadOnlyList<string> AnyOfFacets() =>
        MinLevel is { } level ? SearchFacets.OffersAtLeast(SkillId, Category, level) : [];
}

/// <summary>Minutes of the week, [Start, End), 0 ≤ Start &lt; End ≤ 10080.</summary>
public sealed record WeekRange(int Start, int End)
{
    public const int MinutesPerWeek = 7 * 24 * 60;
}

public sealed record ProfileSearchHit(ProfileSearchDocument Document, double Score);

public sealed record ProfileSearchPage(IReadOnlyList<ProfileSearchHit> Hits, SearchCursor? Next);

/// <summary>Where a page ended: the last hit's score and id (the tie-breaker). Opaque to clients.</summary>
public sealed record SearchCursor(double Score, Guid UserId)
{
    public string Encode() => PageCursor.Encode(Score.ToString("R", CultureInfo.InvariantCulture), UserId.ToString("N"));

    /// <summary>True with a null cursor when there is none (the first page); false for anything this API did not write.</summary>
    public static bool TryDecode(string? text, out SearchCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }
        if (PageCursor.TryDecode(text, 2, out var fields)
            && double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var score) && double.IsFinite(score)
            && Guid.TryParseExact(fields[1], "N", out var userId))
        {
            cursor = new SearchCursor(score, userId);
            return true;
        }
        return false;
    }
}

/// <summary>
/// Who might match <see cref="UserId"/>: offering one of <see cref="OffersAnyOf"/> (concepts, see
/// <see cref="IndexedSkill.Concepts"/>) and wanting one of <see cref="WantsAnyOf"/>, each when not empty; having
/// <see cref="RequiredRole"/> if set; none of <see cref="ExcludedUserIds"/>, and not having blocked the user.
/// </summary>
public sealed record MatchCandidateQuery(
    Guid UserId,
    IReadOnlyCollection<Guid> ExcludedUserIds,
    IReadOnlyCollection<string> OffersAnyOf,
    IReadOnlyCollection<string> WantsAnyOf,
    string? RequiredRole,
    int Limit);
