using System.Collections.Frozen;
using System.Globalization;
using SkillSwap.Profiles.Model;
using SkillSwap.Profiles.Search;
using SkillSwap.Profiles.Skills.Catalogue;

namespace SkillSwap.Profiles.Matching;

public enum MatchMode
{
    /// <summary>Each can teach what the other wants; one-sided fits come after every two-sided one.</summary>
    Reciprocal,

    /// <summary>One-sided: the user's goals against mentors' expertise.</summary>
    Mentor,
}

/// <summary>A reason in plain words and a stable code the app may style (teaches, wants, overlap, language, trust, format).</summary>
public sealed record MatchReason(string Code, string Text);

public sealed record ScoredMatch(ProfileSearchDocument Candidate, double Score, bool TwoSided, IReadOnlyList<MatchReason> Reasons)
{
    /// <summary>What the candidate would learn from the person matching (their best-fitting wanted skill's teacher side).</summary>
    public IndexedSkill? SkillForCandidate { get; init; }
}

/// <summary>
/// Scores one person against candidates. Skill fit per direction is the best pair (wanted skill, offered skill) by
/// meaning (embedding cosine, 1 for the same skill) times how well the teacher's level covers the target level. Both
/// directions combine by harmonic mean, so a pair is strong only when both sides are. Availability overlap across
/// time zones, a shared language, a common session format, trust (Bayesian rating, completed sessions) and recent
/// activity then weigh the score. Every factor that helped or hurt becomes a reason.
/// </summary>
public sealed class MatchScorer
{
    private readonly FrozenDictionary<string, float[]> _catalogueVectors;
    private readonly SkillCatalogue _catalogue;
    private readonly ProfileSearchDocument _me;
    private readonly string _locale;
    private readonly IReadOnlyList<WeekRange> _myWeek;
    private readonly DateTimeOffset _now;
    private readonly float[]?[] _myWantedVectors;
    private readonly float[]?[] _myOfferedVectors;

    /// <param name="locale">The reader's language: reasons are written in it, catalogue skills named in it.</param>
    public MatchScorer(
        FrozenDictionary<string, float[]> catalogueVectors, SkillCatalogue catalogue, ProfileSearchDocument me, string locale, DateTimeOffset now)
    {
        _catalogueVectors = catalogueVectors;
        _catalogue = catalogue;
        _me = me;
        _locale = locale;
        _now = now;
        _myWeek = WeeklyTime.ToUtcWeekRanges(me.Availability, me.TimeZone, now);
        _myWantedVectors = VectorsOf(me.Wanted);
        _myOfferedVectors = VectorsOf(me.Offered);
    }

    public ScoredMatch Score(ProfileSearchDocument candidate, MatchMode mode)
    {
        var reasons = new List<MatchReason>();
        var learn = BestFit(_me.Wanted, _myWantedVectors, candidate.Offered, VectorsOf(candidate.Offered));
        var teach = mode == MatchMode.Reciprocal ? BestFit(candidate.Wanted, VectorsOf(candidate.Wanted), _me.Offered, _myOfferedVectors) : default;

        if (learn.Fit > 0)
        {
            reasons.Add(Teaches(learn));
        }
        if (teach.Fit > 0)
        {
            reasons.Add(Wants(teach));
        }
        var twoSided = learn.Fit > 0 && teach.Fit > 0;
        var skillScore = mode switch
        {
            MatchMode.Mentor => learn.Fit,
            _ when twoSided => 2 * learn.Fit * teach.Fit / (learn.Fit + teach.Fit),
            // One-sided fits are still worth showing when nothing better exists, below every two-sided one.
            _ => Math.Max(learn.Fit, teach.Fit),
        };
        if (skillScore <= 0)
        {
            return new ScoredMatch(candidate, 0, false, []);
        }

        var score = skillScore;
        score *= AvailabilityFactor(candidate, reasons);
        score *= LanguageFactor(candidate, reasons);
        score *= FormatFactor(candidate, reasons);
        score *= TrustFactor(candidate, reasons);
        score *= ActivityFactor(candidate);
        return new ScoredMatch(candidate, Math.Round(score, 4), twoSided, reasons) { SkillForCandidate = teach.Offered };
    }

    /// <summary>0 unless the cosine reaches <see cref="SkillVectors.RelatedThreshold"/>; then from 0.5 (related) to 1 (same skill).</summary>
    internal static double Semantic(float similarity) =>
        similarity >= 0.999f ? 1
        : similarity < SkillVectors.RelatedThreshold ? 0
        : 0.5 + 0.45 * (similarity - SkillVectors.RelatedThreshold) / (1 - SkillVectors.RelatedThreshold);

    /// <summary>A teacher at or above the target level fits fully; each level short costs a third.</summary>
    internal static double LevelFit(int teacherLevel, int targetLevel) =>
        teacherLevel >= targetLevel ? 1 : Math.Max(0, 1 - (targetLevel - teacherLevel) / 3.0);

    private readonly record struct SkillFit(double Fit, IndexedSkill? Wanted, IndexedSkill? Offered, bool Same);

    private static SkillFit BestFit(
        IReadOnlyList<IndexedSkill> wanted, float[]?[] wantedVectors, IReadOnlyList<IndexedSkill> offered, float[]?[] offeredVectors)
    {
        var best = default(SkillFit);
        for (var w = 0; w < wanted.Count; w++)
        {
            for (var o = 0; o < offered.Count; o++)
            {
                var sameConcept = wanted[w].Concepts.Count > 0 && offered[o].Concepts.Count > 0 && wanted[w].Concepts[0] == offered[o].Concepts[0];
                var semantic = sameConcept ? 1
                    : wantedVectors[w] is { } wantedVector && offeredVectors[o] is { } offeredVector
                        ? Semantic(SkillVectors.Similarity(wantedVector, offeredVector))
                        : 0;
                var fit = semantic * LevelFit(offered[o].Level, wanted[w].Level);
                if (fit > best.Fit)
                {
                    best = new SkillFit(fit, wanted[w], offered[o], semantic >= 1);
                }
            }
        }
        return best;
    }

    private float[]?[] VectorsOf(IReadOnlyList<IndexedSkill> skills) => [.. skills.Select(VectorOf)];

    private float[]? VectorOf(IndexedSkill skill) =>
        skill.SkillId is not null && _catalogueVectors.TryGetValue(skill.SkillId, out var vector) ? vector : skill.Vector;

    private double AvailabilityFactor(ProfileSearchDocument candidate, List<MatchReason> reasons)
    {
        if (_myWeek.Count == 0 || candidate.Availability.Count == 0)
        {
            return 0.75;
        }
        var overlap = WeeklyTime.OverlapMinutes(_myWeek, WeeklyTime.ToUtcWeekRanges(candidate.Availability, candidate.TimeZone, _now));
        if (overlap == 0)
        {
            reasons.Add(new("overlap", Say("no common free time yet", "pas encore de créneau commun")));
            return 0.4;
        }
        var hours = overlap / 60.0;
        var text = hours >= 1
            ? Say($"{hours.ToString("0.#", CultureInfo.InvariantCulture)} h/week overlap", $"{hours.ToString("0.#", CultureInfo.GetCultureInfo("fr-FR"))} h/semaine en commun")
            : Say($"{overlap} min/week overlap", $"{overlap} min/semaine en commun");
        reasons.Add(new("overlap", text));
        return 0.5 + 0.5 * Math.Min(1, overlap / 180.0);
    }

    private double LanguageFactor(ProfileSearchDocument candidate, List<MatchReason> reasons)
    {
        var shared = candidate.Languages.Intersect(_me.Languages, StringComparer.Ordinal).ToList();
        if (shared.Count == 0)
        {
            reasons.Add(new("language", Say("no language in common", "aucune langue en commun")));
            return 0.3;
        }
        var names = string.Join(", ", shared.Take(2).Select(LanguageName));
        reasons.Add(new("language", Say($"speaks {names}", $"parle {names}")));
        return 1;
    }

    private double FormatFactor(ProfileSearchDocument candidate, List<MatchReason> reasons)
    {
        if (candidate.SessionFormats.Count == 0 || _me.SessionFormats.Count == 0 || candidate.SessionFormats.Intersect(_me.SessionFormats).Any())
        {
            return 1;
        }
        reasons.Add(new("format", Say("prefers another session format", "préfère un autre format de séance")));
        return 0.6;
    }

    private double TrustFactor(ProfileSearchDocument candidate, List<MatchReason> reasons)
    {
        if (candidate.Rating is { } rating && candidate.ReviewCount > 0)
        {
            reasons.Add(new("trust", Say(
                $"rated {rating.ToString("0.0", CultureInfo.InvariantCulture)} ({candidate.ReviewCount} reviews)",
                $"noté {rating.ToString("0.0", CultureInfo.GetCultureInfo("fr-FR"))} ({candidate.ReviewCount} avis)")));
        }
        if (candidate.NoShows > 0)
        {
            reasons.Add(new("reliability", Say(
                $"missed {candidate.NoShows} session{(candidate.NoShows > 1 ? "s" : "")}",
                $"a manqué {candidate.NoShows} séance{(candidate.NoShows > 1 ? "s" : "")}")));
        }
        // A newcomer sits at 3.5 of 5 (neither rewarded nor punished); the Bayesian average already discounts few reviews.
        var bayesian = candidate.BayesianRating ?? 3.5;
        var ratingAndExperience = 0.85 + 0.15 * (bayesian / 5) + Math.Min(0.05, candidate.CompletedSessions * 0.005);
        // Someone who does not show up costs the other person their time: an upheld no-show weighs more than a late
        // cancellation, and together they can take off at most 30 %.
        var unreliability = Math.Min(0.3, 0.1 * candidate.NoShows + 0.03 * candidate.LateCancellations);
        return ratingAndExperience * (1 - unreliability);
    }

    private double ActivityFactor(ProfileSearchDocument candidate) => (_now - candidate.LastActiveAt).TotalDays switch
    {
        <= 14 => 1,
        <= 60 => 0.9,
        _ => 0.75,
    };

    private MatchReason Teaches(SkillFit fit)
    {
        var (offered, wanted) = (Name(fit.Offered!), Name(fit.Wanted!));
        return new("teaches", fit.Same
            ? Say($"teaches {offered} at level {fit.Offered!.Level}", $"enseigne {offered} au niveau {fit.Offered!.Level}")
            : Say($"teaches {offered} at level {fit.Offered!.Level}, close to your {wanted}",
                $"enseigne {offered} au niveau {fit.Offered!.Level}, proche de votre {wanted}"));
    }

    private MatchReason Wants(SkillFit fit)
    {
        var (offered, wanted) = (Name(fit.Offered!), Name(fit.Wanted!));
        return new("wants", fit.Same
            ? Say($"wants your {offered}", $"veut apprendre votre {offered}")
            : Say($"wants {wanted}, close to your {offered}", $"veut apprendre {wanted}, proche de votre {offered}"));
    }

    private string Name(IndexedSkill skill) => _catalogue.LabelOf(skill.SkillId, skill.Label, _locale);

    private string Say(string english, string french) => _locale == "fr" ? french : english;

    private static readonly FrozenDictionary<string, string> FrenchLanguageNames = new Dictionary<string, string>
    {
        ["fr"] = "français", ["en"] = "anglais", ["es"] = "espagnol", ["de"] = "allemand", ["it"] = "italien",
        ["pt"] = "portugais", ["nl"] = "néerlandais", ["ar"] = "arabe", ["zh"] = "chinois", ["ja"] = "japonais",
        ["ru"] = "russe", ["ko"] = "coréen", ["pl"] = "polonais", ["tr"] = "turc", ["hi"] = "hindi",
    }.ToFrozenDictionary();

    /// <summary>English names from ICU; French names for the common languages (ICU's depend on the machine's UI culture).</summary>
    private string LanguageName(string code)
    {
        if (_locale == "fr" && FrenchLanguageNames.TryGetValue(code, out var french))
        {
            return french;
        }
        try
        {
            return CultureInfo.GetCultureInfo(code).EnglishName;
        }
        catch (CultureNotFoundException)
        {
            return code;
        }
    }
}
