using SkillSwap.Profiles.Model;
using SkillSwap.Profiles.Skills;

namespace SkillSwap.Profiles.Search;

/// <summary>
/// A skill as search and matching see it. <see cref="Concepts"/> are the catalogue ids it stands for (its own id,
/// or for free text the closest entries by meaning) plus "text:&lt;normal form&gt;", so two people who typed the same
/// unknown skill still meet. <see cref="Vector"/> is kept only for free text: catalogue skills' vectors are computed
/// once per process from the catalogue.
/// </summary>
public sealed record IndexedSkill(
    string? SkillId,
    string Label,
    string? Category,
    int Level,
    IReadOnlyList<string> Names,
    IReadOnlyList<string> Concepts,
    float[]? Vector);

/// <summary>
/// What the search index holds about one profile: the public fields shown in results and the facts matching
/// scores. Built from the profile by <see cref="ProfileIndexProjection"/>; never holds the locale, dismissals or
/// anything else only the owner sees, except <see cref="BlockedUserIds"/>, which the index needs to hide this
/// profile from the people it blocked and which is never returned by the API.
/// </summary>
public sealed record ProfileSearchDocument(
    Guid UserId,
    string DisplayName,
    string? PhotoUrl,
    string Bio,
    ProfileVisibility Visibility,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Languages,
    IReadOnlyList<string> SessionFormats,
    string? TimeZone,
    ProfileLocation? Location,
    IReadOnlyList<IndexedSkill> Offered,
    IReadOnlyList<IndexedSkill> Wanted,
    IReadOnlyList<WeeklySlot> Availability,
    double? Rating,
    double? BayesianRating,
    int ReviewCount,
    int CompletedSessions,
    DateTimeOffset LastActiveAt,
    IReadOnlyList<Guid> BlockedUserIds,
    int LateCancellations = 0,
    int NoShows = 0)
{
    /// <summary>The facet tokens both adapters filter on (see <see cref="SearchFacets"/>).</summary>
    public IReadOnlyList<string> Facets() => SearchFacets.Of(this);

    // The searchable text as index terms (SearchText.Terms, space-separated), the same for every adapter.

    /// <summary>Offered skills' names: what a search for a skill should find first.</summary>
    public string OfferedText => TermText(Offered.SelectMany(skill => skill.Names));

    public string WantedText => TermText(Wanted.SelectMany(skill => skill.Names));

    public string NameText => TermText([DisplayName]);

    /// <summary>
    /// Where the person lives: city, country code and the country's names in English and its own language, so
    /// "guitare lyon" or "piano deutschland" weigh the place like a name.
    /// </summary>
    public string PlaceText => Location is { } location ? TermText([location.City ?? "", location.Country, .. CountryNames(location.Country)]) : "";

    public string BioText => TermText([Bio]);

    private static IEnumerable<string> CountryNames(string code)
    {
        System.Globalization.RegionInfo region;
        try
        {
            region = new System.Globalization.RegionInfo(code);
        }
        catch (ArgumentException)
        {
            return [];
        }
        return [region.EnglishName, region.NativeName];
    }

    private static string TermText(IEnumerable<string> texts) => string.Join(' ', SearchText.Terms(string.Join(' ', texts)));
}
