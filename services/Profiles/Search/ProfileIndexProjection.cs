using SkillSwap.Profiles.Matching;
using SkillSwap.Profiles.Model;
using SkillSwap.Profiles.Skills;
using SkillSwap.Profiles.Skills.Catalogue;

namespace SkillSwap.Profiles.Search;

/// <summary>Turns a stored profile into its search document, resolving catalogue names and embedding free-text skills.</summary>
public sealed class ProfileIndexProjection(SkillCatalogue catalogue, SkillVectors vectors)
{
    /// <summary>How many catalogue entries a free-text skill may stand for in candidate retrieval.</summary>
    private const int FreeTextConcepts = 3;

    public async Task<ProfileSearchDocument> ProjectAsync(ProfileDocument profile, CancellationToken cancellationToken)
    {
        var offered = new List<IndexedSkill>(profile.Offered.Count);
        foreach (var skill in profile.Offered)
        {
            offered.Add(await IndexAsync(skill.SkillId, skill.Label, skill.Level, cancellationToken));
        }
        var wanted = new List<IndexedSkill>(profile.Wanted.Count);
        foreach (var skill in profile.Wanted)
        {
            wanted.Add(await IndexAsync(skill.SkillId, skill.Label, skill.TargetLevel, cancellationToken));
        }
        return new ProfileSearchDocument(
            profile.UserId,
            profile.DisplayName,
            profile.PhotoUrl,
            profile.Bio,
            profile.Visibility,
            [.. profile.Roles.Select(ProfileValues.Name)],
            profile.Languages,
            [.. profile.SessionFormats.Select(ProfileValues.Name)],
            profile.TimeZone,
            profile.Location,
            offered,
            wanted,
            profile.Availability,
            profile.Trust?.Average,
            profile.Trust?.BayesianAverage,
            profile.Trust?.ReviewCount ?? 0,
            profile.Reliability?.CompletedSessions ?? profile.Trust?.CompletedSessions ?? 0,
            profile.UpdatedAt,
            profile.BlockedUserIds,
            profile.Reliability?.LateCancellations ?? 0,
            profile.Reliability?.NoShows ?? 0);
    }

    private async Task<IndexedSkill> IndexAsync(string? skillId, string label, int level, CancellationToken cancellationToken)
    {
        if (skillId is not null && catalogue.Find(skillId) is { } entry)
        {
            return new IndexedSkill(entry.Id, label, entry.Category, level, [.. entry.Names], [entry.Id], null);
        }
        var vector = await vectors.OfFreeTextAsync(SkillVectors.FreeTextForEmbedding(label), cancellationToken);
        var nearest = await vectors.NearestCatalogueSkillsAsync(vector, FreeTextConcepts, cancellationToken);
        var category = nearest.Count > 0 ? catalogue.Find(nearest[0])!.Category : null;
        return new IndexedSkill(null, label, category, level, [label], [.. nearest.Prepend(FreeTextConcept(label))], vector);
    }

    public static string FreeTextConcept(string label) => "text:" + SearchText.Normalize(label);
}
