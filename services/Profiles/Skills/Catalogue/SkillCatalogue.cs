using System.Collections.Frozen;
using System.Text.Json;

namespace SkillSwap.Profiles.Skills.Catalogue;

public sealed record SkillCategory(string Id, string En, string Fr)
{
    public string Label(string locale) => locale == "fr" ? Fr : En;
}

public sealed record CatalogueSkill(string Id, string Category, string En, string Fr, IReadOnlyList<string> Synonyms)
{
    public string Label(string locale) => locale == "fr" ? Fr : En;

    /// <summary>Every name of the skill, in both languages: what search indexes so that any of them finds it.</summary>
    public IEnumerable<string> Names => Synonyms.Prepend(Fr).Prepend(En);
}

/// <summary>
/// The skills shipped with the service (skills-catalogue.json, embedded): categories, English and French labels and
/// synonyms. Free text typed by users lands on an entry when its normal form (<see cref="SearchText"/>) equals one of
/// the entry's names, so "Guitare", "guitar" and "GUITARE ACOUSTIQUE" all mean the catalogue's guitar.
/// </summary>
public sealed class SkillCatalogue
{
    private readonly FrozenDictionary<string, CatalogueSkill> _byId;
    private readonly FrozenDictionary<string, CatalogueSkill> _byName;
    private readonly FrozenDictionary<string, SkillCategory> _categories;

    public SkillCatalogue(IReadOnlyList<SkillCategory> categories, IReadOnlyList<CatalogueSkill> skills)
    {
        Categories = categories;
        Skills = skills;
        _categories = categories.ToFrozenDictionary(category => category.Id, StringComparer.Ordinal);
        _byId = skills.ToFrozenDictionary(skill => skill.Id, StringComparer.Ordinal);
        var byName = new Dictionary<string, CatalogueSkill>(StringComparer.Ordinal);
        foreach (var skill in skills)
        {
            if (!_categories.ContainsKey(skill.Category))
            {
                throw new InvalidDataException($"Skill '{skill.Id}' names an unknown category '{skill.Category}'.");
            }
            foreach (var name in skill.Names.Select(SearchText.Normalize).Where(name => name.Length > 0))
            {
                if (byName.TryGetValue(name, out var other) && other != skill)
                {
                    throw new InvalidDataException($"'{name}' names both '{other.Id}' and '{skill.Id}' in the skills catalogue.");
                }
                byName[name] = skill;
            }
        }
        _byName = byName.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public IReadOnlyList<SkillCategory> Categories { get; }

    public IReadOnlyList<CatalogueSkill> Skills { get; }

    public CatalogueSkill? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>
    /// A skill as <paramref name="locale"/>'s reader sees it: a catalogue skill by its name in that language, whatever
    /// language its owner added it in; free text as its owner typed it.
    /// </summary>
    public string LabelOf(string? skillId, string ownersLabel, string locale) =>
        skillId is not null && _byId.TryGetValue(skillId, out var entry) ? entry.Label(locale) : ownersLabel;

    public SkillCategory? FindCategory(string id) => _categories.GetValueOrDefault(id);

    /// <summary>The catalogue entry free text means, if any: by id ("machine-learning") or by any name in either language.</summary>
    public CatalogueSkill? Recognize(string? text)
    {
        if (text is null)
        {
            return null;
        }
        if (_byId.TryGetValue(text.Trim(), out var byId))
        {
            return byId;
        }
        return _byName.GetValueOrDefault(SearchText.Normalize(text));
    }

    /// <summary>Catalogue entries whose names contain every word of <paramref name="query"/> as a prefix, for autocompletion.</summary>
    public IEnumerable<CatalogueSkill> Suggest(string query, string? categoryId)
    {
        var words = SearchText.Words(query);
        return Skills
            .Where(skill => categoryId is null || skill.Category == categoryId)
            .Where(skill => words.Length == 0 || skill.Names.Any(name =>
            {
                var nameWords = SearchText.Words(name);
                return words.All(word => nameWords.Any(nameWord => nameWord.StartsWith(word, StringComparison.Ordinal)));
            }));
    }

    private static readonly JsonSerializerOptions FileJson = new(JsonSerializerDefaults.Web);

    public static SkillCatalogue LoadEmbedded()
    {
        using var stream = typeof(SkillCatalogue).Assembly.GetManifestResourceStream("SkillSwap.Profiles.skills-catalogue.json")
            ?? throw new InvalidOperationException("The skills catalogue is not embedded in the assembly.");
        var file = JsonSerializer.Deserialize<CatalogueFile>(stream, FileJson)
            ?? throw new InvalidDataException("The skills catalogue is empty.");
        return new SkillCatalogue(file.Categories, file.Skills);
    }

    private sealed record CatalogueFile(IReadOnlyList<SkillCategory> Categories, IReadOnlyList<CatalogueSkill> Skills);
}
