using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SkillSwap.DocumentStore;
using SkillSwap.Profiles.Model;
using SkillSwap.Profiles.Skills;
using SkillSwap.Profiles.Skills.Catalogue;

namespace SkillSwap.Profiles.Search;

public static class SearchApi
{
    public const string Route = ProfilesApi.RoutePrefix + "/search";
    public const int MaxLimit = 50;
    public const int MaxTextLength = 200;

    public static WebApplication MapSearchApi(this WebApplication app)
    {
        app.MapGet(Route, SearchAsync)
            .RequireAuthorization()
            .WithTags("Search")
            .WithName("SearchProfiles")
            .WithSummary("Find people by what they teach, who they are, and when they are free")
            .WithDescription("Public profiles only, never someone you blocked or who blocked you, never yourself. q is free "
                + "text in French or English (typos, accents and catalogue synonyms tolerated: \"pyhton\", \"francais\", "
                + "\"guitare\"). Facets: skill (catalogue id or name), category, minLevel (1–5, of that skill, category or "
                + "any offered skill), language (ISO 639-1), format (online, in-person), day + from + to (HH:mm on your "
                + "profile's clock, UTC if you set no time zone): available then; minRating; country (ISO 3166-1 alpha-2) and "
                + "city (accents and case ignored): lives there. Place names in q count too (\"guitare lyon\"); when some "
                + "profile has every word of q, only such profiles are returned. Skills are named in your profile's "
                + "language. Paged by cursor.");
        return app;
    }

    public sealed record SearchResultSkill(string? SkillId, string Label, int Level);

    public sealed record SearchResult(
        Guid UserId,
        string DisplayName,
        string? PhotoUrl,
        string Bio,
        IReadOnlyList<string> Languages,
        IReadOnlyList<string> SessionFormats,
        ProfileLocation? Location,
        IReadOnlyList<SearchResultSkill> Offered,
        IReadOnlyList<SearchResultSkill> Wanted,
        double? Rating,
        int ReviewCount,
        double Score);

    public sealed record SearchResponse(IReadOnlyList<SearchResult> Items, string? NextCursor);

    private static async Task<Results<Ok<SearchResponse>, ValidationProblem, ProblemHttpResult>> SearchAsync(
        ClaimsPrincipal user,
        IDocumentSession db,
        IProfileSearch search,
        SkillCatalogue catalogue,
        CancellationToken cancellationToken,
        string? q = null,
        string? skill = null,
        string? category = null,
        int? minLevel = null,
        string? language = null,
        string? format = null,
        string? day = null,
        string? from = null,
        string? to = null,
        double? minRating = null,
        int? limit = null,
        string? cursor = null,
        string? country = null,
        string? city = null)
    {
        if (user.UserId() is not { } callerId)
        {
            return ProfileProblems.Unauthenticated();
        }
        var errors = new Dictionary<string, string[]>();
        if (q is { Length: > MaxTextLength })
        {
            errors["q"] = [$"The search text is at most {MaxTextLength} characters."];
        }
        string? skillId = null;
        if (skill is not null)
        {
            skillId = catalogue.Recognize(skill)?.Id;
            if (skillId is null)
            {
                errors["skill"] = ["Not a catalogue skill (id or name); search free text with q."];
            }
        }
        if (category is not null && catalogue.FindCategory(category) is null)
        {
            errors["category"] = ["Unknown category: see /api/v1/skills/categories."];
        }
        if (minLevel is not null and not (>= 1 and <= 5))
        {
            errors["minLevel"] = ["The level is from 1 to 5."];
        }
        if (language is not null && !ProfileValues.LanguageCodes.Contains(language))
        {
            errors["language"] = ["An ISO 639-1 code in lowercase, e.g. \"fr\"."];
        }
        if (format is not null && !ProfileValues.TryParseFormat(format, out _))
        {
            errors["format"] = [$"One of {string.Join(", ", ProfileValues.FormatNames)}."];
        }
        if (country is not null && !UpdateProfileRequest.IsCountryCode(country.ToUpperInvariant()))
        {
            errors["country"] = ["An ISO 3166-1 alpha-2 code, e.g. \"FR\"."];
        }
        if (city is not null && (SearchText.Normalize(city).Length == 0 || city.Length > MaxTextLength))
        {
            errors["city"] = [$"A city name of 1 to {MaxTextLength} characters."];
        }
        if (minRating is not null and not (>= 1 and <= 5))
        {
            errors["minRating"] = ["The rating is from 1 to 5."];
        }
        if (limit is not null and not (>= 1 and <= MaxLimit))
        {
            errors["limit"] = [$"The limit is from 1 to {MaxLimit}."];
        }
        if (!SearchCursor.TryDecode(cursor, out var after))
        {
            errors["cursor"] = ["Not a cursor this search returned."];
        }
        var window = ReadWindow(day, from, to, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var searcher = await db.LoadAsync<ProfileDocument>(ProfileDocument.IdFor(callerId), cancellationToken);
        var ranges = window is { } w ? WeeklyTime.ToUtcWeekRanges(w.Day, w.Start, w.End, searcher?.TimeZone) : null;
        var page = await search.SearchAsync(new ProfileSearchQuery(
            callerId,
            searcher?.BlockedUserIds ?? [],
            string.IsNullOrWhiteSpace(q) ? null : q,
            skillId,
            category,
            minLevel,
            language,
            format,
            ranges,
            minRating,
            limit ?? 20,
            after,
            country,
            city), cancellationToken);

        ProfilesMetrics.Searches.Add(1);
        var readerLocale = searcher?.Locale ?? ProfileValues.DefaultLocale;
        return TypedResults.Ok(new SearchResponse(
            [.. page.Hits.Select(hit => new SearchResult(
                hit.Document.UserId,
                hit.Document.DisplayName,
                hit.Document.PhotoUrl,
                hit.Document.Bio,
                hit.Document.Languages,
                hit.Document.SessionFormats,
                hit.Document.Location,
                [.. hit.Document.Offered.Select(s => new SearchResultSkill(s.SkillId, catalogue.LabelOf(s.SkillId, s.Label, readerLocale), s.Level))],
                [.. hit.Document.Wanted.Select(s => new SearchResultSkill(s.SkillId, catalogue.LabelOf(s.SkillId, s.Label, readerLocale), s.Level))],
                hit.Document.Rating is { } rating ? Math.Round(rating, 1) : null,
                hit.Document.ReviewCount,
                Math.Round(hit.Score, 6)))],
            page.Next?.Encode()));
    }

    private static (DayOfWeek Day, int Start, int End)? ReadWindow(string? day, string? from, string? to, Dictionary<string, string[]> errors)
    {
        if (day is null && from is null && to is null)
        {
            return null;
        }
        if (!ProfileValues.TryParseDay(day, out var weekday))
        {
            errors["day"] = ["With from/to, name the day: monday … sunday."];
            return null;
        }
        var start = 0;
        var end = 24 * 60;
        if ((from is not null && !ProfileValues.TryParseTimeOfDay(from, out start)) || (to is not null && !ProfileValues.TryParseTimeOfDay(to, out end)) || start >= end)
        {
            errors["from"] = ["from and to are times of day \"HH:mm\", from before to."];
            return null;
        }
        return (weekday, start, end);
    }
}
