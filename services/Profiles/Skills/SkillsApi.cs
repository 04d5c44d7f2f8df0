using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SkillSwap.DocumentStore;
using SkillSwap.Profiles.Model;
using SkillSwap.Profiles.Skills.Catalogue;

namespace SkillSwap.Profiles.Skills;

public static class SkillsApi
{
    public const string CatalogueRoute = "/api/v1/skills";

    public static WebApplication MapSkillsApi(this WebApplication app)
    {
        app.MapPut(ProfilesApi.RoutePrefix + "/me/skills", UpdateMySkillsAsync)
            .RequireAuthorization()
            .WithMetadata(new RequestSizeLimitAttribute(ProfilesApi.MaxRequestBytes))
            .WithTags("Skills")
            .WithName("UpdateMySkills")
            .WithSummary("Replace the skills you offer and want")
            .WithDescription("Both lists are replaced whole. A skill is a catalogue id or a name in French or English "
                + "(\"Espagnol\", \"spanish\", \"guitare acoustique\"): names the catalogue knows become its entry, other text "
                + "stays free text. Needs the profile's version in If-Match or the body, like PUT /me. Publishes SkillsChanged.");

        var catalogue = app.MapGroup(CatalogueRoute).WithTags("Skills");
        catalogue.MapGet("/", ListCatalogue)
            .WithName("ListSkills")
            .WithSummary("The skills catalogue, filtered for autocompletion")
            .WithDescription("Entries whose names (English, French or synonyms; accents and case ignored) start with "
                + "every word of q, optionally in one category, labelled in the requested locale (en by default).");
        catalogue.MapGet("/categories", ListCategories)
            .WithName("ListSkillCategories")
            .WithSummary("The categories of the skills catalogue");
        return app;
    }

    private static async Task<Results<Ok<ProfileResponse>, ValidationProblem, ProblemHttpResult>> UpdateMySkillsAsync(
        UpdateSkillsRequest request,
        ClaimsPrincipal user,
        HttpContext httpContext,
        IDocumentSession db,
        SkillCatalogue catalogue,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (user.UserId() is not { } callerId)
        {
            return ProfileProblems.Unauthenticated();
        }
        if (!request.TryValidate(catalogue, out var edit, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }
        return await ProfilesApi.EditMineAsync(
            callerId, request.Version, httpContext, db, catalogue, profile => edit.ApplyTo(profile, time.GetUtcNow()), cancellationToken);
    }

    public sealed record CatalogueSkillResponse(string Id, string Label, string Category, string CategoryLabel, IReadOnlyList<string> Synonyms);

    public sealed record CategoryResponse(string Id, string Label, int SkillCount);

    private static Results<Ok<IReadOnlyList<CatalogueSkillResponse>>, ValidationProblem> ListCatalogue(
        SkillCatalogue catalogue, string? q, string? category, string? locale, int? limit)
    {
        if (Validate(catalogue, category, locale, limit) is { } problem)
        {
            return problem;
        }
        var language = locale ?? "en";
        IReadOnlyList<CatalogueSkillResponse> skills = [.. catalogue.Suggest(q ?? "", category)
            .OrderBy(skill => skill.Label(language), StringComparer.Create(System.Globalization.CultureInfo.InvariantCulture, ignoreCase: true))
            .Take(limit ?? 50)
            .Select(skill => new CatalogueSkillResponse(
                skill.Id, skill.Label(language), skill.Category, catalogue.FindCategory(skill.Category)!.Label(language), skill.Synonyms))];
        return TypedResults.Ok(skills);
    }

    private static Results<Ok<IReadOnlyList<CategoryResponse>>, ValidationProblem> ListCategories(SkillCatalogue catalogue, string? locale)
    {
        if (Validate(catalogue, null, locale, null) is { } problem)
        {
            return problem;
        }
        IReadOnlyList<CategoryResponse> categories = [.. catalogue.Categories.Select(category => new CategoryResponse(
            category.Id, category.Label(locale ?? "en"), catalogue.Skills.Count(skill => skill.Category == category.Id)))];
        return TypedResults.Ok(categories);
    }

    private static ValidationProblem? Validate(SkillCatalogue catalogue, string? category, string? locale, int? limit)
    {
        var errors = new Dictionary<string, string[]>();
        if (category is not null && catalogue.FindCategory(category) is null)
        {
            errors["category"] = ["Unknown category: see /api/v1/skills/categories."];
        }
        if (locale is not null && !ProfileValues.Locales.Contains(locale))
        {
            errors["locale"] = ["The locale must be \"fr\" or \"en\"."];
        }
        if (limit is < 1 or > 500)
        {
            errors["limit"] = ["The limit is between 1 and 500."];
        }
        return errors.Count == 0 ? null : TypedResults.ValidationProblem(errors);
    }
}
