using SkillSwap.Profiles.Skills;

namespace SkillSwap.Profiles.Search;

/// <summary>
/// Facets as plain tokens in one multi-valued field, the same for every adapter: "o:python" (offers), "o:python@4"
/// (offers at level 4), "oc:music" / "oc:music@4" (offers in a category), "o@4" (offers something at 4), "w:spanish"
/// (wants), "l:fr" (speaks), "f:online" (format), "r:mentor" (role), "c:fr" (lives in the country), "ci:lyon" (in the
/// city, normalised like search text). Every facet filter becomes "has all of / has any
/// of these tokens", which an inverted index (GIN, Elasticsearch keyword) answers without scanning.
/// </summary>
public static class SearchFacets
{
    public static IReadOnlyList<string> Of(ProfileSearchDocument document)
    {
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        foreach (var skill in document.Offered)
        {
            foreach (var concept in skill.Concepts)
            {
                tokens.Add(Offers(concept));
                tokens.Add(Offers(concept, skill.Level));
            }
            if (skill.Category is { } category)
            {
                tokens.Add($"oc:{category}");
                tokens.Add($"oc:{category}@{skill.Level}");
            }
            tokens.Add($"o@{skill.Level}");
        }
        foreach (var concept in document.Wanted.SelectMany(skill => skill.Concepts))
        {
            tokens.Add(Wants(concept));
        }
        tokens.UnionWith(document.Languages.Select(Speaks));
        tokens.UnionWith(document.SessionFormats.Select(Format));
        tokens.UnionWith(document.Roles.Select(Role));
        if (document.Location is { } location)
        {
            tokens.Add(Country(location.Country));
            if (!string.IsNullOrWhiteSpace(location.City))
            {
                tokens.Add(City(location.City));
            }
        }
        return [.. tokens.Order(StringComparer.Ordinal)];
    }

    public static string Offers(string concept) => $"o:{concept}";

    public static string Wants(string concept) => $"w:{concept}";

    public static string Speaks(string language) => $"l:{language}";

    public static string Format(string format) => $"f:{format}";

    public static string Role(string role) => $"r:{role}";

    public static string Country(string countryCode) => $"c:{countryCode.ToLowerInvariant()}";

    /// <summary>"Saint-Étienne", "saint etienne" and "SAINT-ETIENNE" are one city.</summary>
    public static string City(string city) => $"ci:{SearchText.Normalize(city)}";

    /// <summary>
    /// The tokens of which a profile must have at least one to offer <paramref name="skillId"/> (or anything in
    /// <paramref name="category"/>, or anything) at <paramref name="minLevel"/> or above.
    /// </summary>
    public static IReadOnlyList<string> OffersAtLeast(string? skillId, string? category, int minLevel)
    {
        var prefix = skillId is not null ? Offers(skillId) : category is not null ? $"oc:{category}" : "o";
        return [.. Enumerable.Range(minLevel, 6 - minLevel).Select(level => $"{prefix}@{level}")];
    }

    private static string Offers(string concept, int level) => $"o:{concept}@{level}";
}
