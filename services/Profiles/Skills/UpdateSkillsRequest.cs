using System.Text;
using System.Text.RegularExpressions;
using SkillSwap.IntegrationEvents;
using SkillSwap.Profiles.Model;
using SkillSwap.Profiles.Skills.Catalogue;

namespace SkillSwap.Profiles.Skills;

/// <summary>
/// <paramref name="Skill"/> is a catalogue id ("spanish") or what the user typed ("Espagnol", "kitesurf"); text that
/// names a catalogue entry in either language becomes that entry, anything else stays free text.
/// </summary>
public sealed record OfferedSkillRequest(string? Skill, int? Level, int? YearsOfPractice, string? EvidenceUrl);

public sealed record WantedSkillRequest(string? Skill, int? TargetLevel, string? Goal);

/// <summary>The whole lists of skills taught and wanted, replaced together, and the version they were read with.</summary>
public sealed partial record UpdateSkillsRequest(
    IReadOnlyList<OfferedSkillRequest?>? Offered,
    IReadOnlyList<WantedSkillRequest?>? Wanted,
    long? Version)
{
    public const int MaxSkillsPerList = 10;
    public const int SkillMaxLength = 60;
    public const int GoalMaxLength = 200;
    public const int EvidenceUrlMaxLength = 500;
    public const int MaxYearsOfPractice = 80;

    public bool TryValidate(SkillCatalogue catalogue, out SkillsEdit edit, out Dictionary<string, string[]> errors)
    {
        var found = new Dictionary<string, string[]>();
        void Fail(string field, string message) => found.TryAdd(field, [message]);

        var offered = new List<ResolvedOffer>();
        if (Offered is { Count: > MaxSkillsPerList })
        {
            Fail("offered", $"Offer at most {MaxSkillsPerList} skills.");
        }
        for (var i = 0; i < Math.Min(Offered?.Count ?? 0, MaxSkillsPerList); i++)
        {
            var field = $"offered[{i}]";
            var item = Offered![i];
            if (item is null || Resolve(catalogue, item.Skill, field, Fail) is not { } skill)
            {
                if (item is null)
                {
                    Fail(field, "Each offered skill is an object with skill and level.");
                }
                continue;
            }
            if (item.Level is not (>= 1 and <= 5))
            {
                Fail($"{field}.level", "The level is a whole number from 1 (beginner) to 5 (expert).");
            }
            if (item.YearsOfPractice is < 0 or > MaxYearsOfPractice)
            {
                Fail($"{field}.yearsOfPractice", $"Years of practice are between 0 and {MaxYearsOfPractice}.");
            }
            var evidence = string.IsNullOrWhiteSpace(item.EvidenceUrl) ? null : item.EvidenceUrl.Trim();
            if (evidence is not null && UpdateProfileRequest.CheckHttpsUrl(evidence, EvidenceUrlMaxLength) is { } evidenceError)
            {
                Fail($"{field}.evidenceUrl", evidenceError);
            }
            if (offered.Any(other => other.Skill.Key == skill.Key))
            {
                Fail(field, "This skill is already in the list.");
            }
            offered.Add(new ResolvedOffer(skill, item.Level ?? 0, item.YearsOfPractice, evidence));
        }

        var wanted = new List<ResolvedWish>();
        if (Wanted is { Count: > MaxSkillsPerList })
        {
            Fail("wanted", $"Want at most {MaxSkillsPerList} skills.");
        }
        for (var i = 0; i < Math.Min(Wanted?.Count ?? 0, MaxSkillsPerList); i++)
        {
            var field = $"wanted[{i}]";
            var item = Wanted![i];
            if (item is null || Resolve(catalogue, item.Skill, field, Fail) is not { } skill)
            {
                if (item is null)
                {
                    Fail(field, "Each wanted skill is an object with skill and targetLevel.");
                }
                continue;
            }
            if (item.TargetLevel is not (>= 1 and <= 5))
            {
                Fail($"{field}.targetLevel", "The target level is a whole number from 1 (beginner) to 5 (expert).");
            }
            var goal = (item.Goal ?? "").Trim();
            if (goal.EnumerateRunes().Count() > GoalMaxLength)
            {
                Fail($"{field}.goal", $"The goal must be at most {GoalMaxLength} characters long.");
            }
            else if (goal.EnumerateRunes().Any(Rune.IsControl))
            {
                Fail($"{field}.goal", "The goal is one line of plain text.");
            }
            if (wanted.Any(other => other.Skill.Key == skill.Key))
            {
                Fail(field, "This skill is already in the list.");
            }
            wanted.Add(new ResolvedWish(skill, item.TargetLevel ?? 0, goal.Length == 0 ? null : goal));
        }

        if (Version is < 1)
        {
            Fail("version", "The version is the positive number the profile was read with.");
        }

        errors = found;
        edit = new SkillsEdit(offered, wanted);
        return found.Count == 0;
    }

    private static ResolvedSkill? Resolve(SkillCatalogue catalogue, string? text, string field, Action<string, string> fail)
    {
        var trimmed = WhiteSpace().Replace(text ?? "", " ").Trim();
        if (trimmed.Length == 0)
        {
            fail($"{field}.skill", "Name the skill: a catalogue id or its name.");
            return null;
        }
        if (catalogue.Recognize(trimmed) is { } known)
        {
            return new ResolvedSkill(known, trimmed);
        }
        if (trimmed.Length > SkillMaxLength || !AllowedFreeText().IsMatch(trimmed) || SearchText.Normalize(trimmed).Length == 0)
        {
            fail($"{field}.skill",
                $"A skill outside the catalogue is at most {SkillMaxLength} letters, digits, spaces and . ' - + # & / ( ) characters.");
            return null;
        }
        return new ResolvedSkill(null, trimmed);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();

    [GeneratedRegex(@"^[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N} .'\-+#&/()]*$", RegexOptions.CultureInvariant)]
    private static partial Regex AllowedFreeText();
}

/// <summary>A skill named in a request: the catalogue entry it is, or the free text it stays.</summary>
public sealed record ResolvedSkill(CatalogueSkill? Entry, string FreeText)
{
    /// <summary>What makes two mentions the same skill: the catalogue id, or the normal form of the free text.</summary>
    public string Key => Entry?.Id ?? "text:" + SearchText.Normalize(FreeText);

    /// <summary>Catalogue skills are labelled in the owner's language; free text as they typed it.</summary>
    public string Label(string locale) => Entry?.Label(locale) ?? FreeText;
}

public sealed record ResolvedOffer(ResolvedSkill Skill, int Level, int? YearsOfPractice, string? EvidenceUrl);

public sealed record ResolvedWish(ResolvedSkill Skill, int TargetLevel, string? Goal);

/// <summary>A validated <see cref="UpdateSkillsRequest"/>.</summary>
public sealed record SkillsEdit(IReadOnlyList<ResolvedOffer> Offered, IReadOnlyList<ResolvedWish> Wanted)
{
    public SkillsChanged ApplyTo(ProfileDocument profile, DateTimeOffset now)
    {
        profile.Offered = [.. Offered.Select(offer => new OfferedSkill(
            offer.Skill.Entry?.Id, offer.Skill.Label(profile.Locale), offer.Level, offer.YearsOfPractice, offer.EvidenceUrl))];
        profile.Wanted = [.. Wanted.Select(wish => new WantedSkill(
            wish.Skill.Entry?.Id, wish.Skill.Label(profile.Locale), wish.TargetLevel, wish.Goal))];
        profile.UpdatedAt = now;
        return new SkillsChanged(
            profile.UserId,
            [.. profile.Offered.Select(skill => new SkillChange(skill.SkillId, skill.Label, skill.Level))],
            [.. profile.Wanted.Select(skill => new SkillChange(skill.SkillId, skill.Label, skill.TargetLevel))]);
    }
}
