namespace SkillSwap.Profiles.Model;

/// <summary>
/// The wire names of the profile's closed value sets. The API speaks strings so that an unknown value is reported
/// as a field error (which values are allowed) rather than as an unreadable body.
/// </summary>
public static class ProfileValues
{
    public static IReadOnlyList<string> Locales { get; } = ["fr", "en"];

    /// <summary>The language of someone who has not chosen one (no profile yet).</summary>
    public const string DefaultLocale = "en";

    private static readonly Dictionary<string, ProfileRole> RolesByName = new(StringComparer.Ordinal)
    {
        ["learner"] = ProfileRole.Learner,
        ["teacher"] = ProfileRole.Teacher,
        ["mentor"] = ProfileRole.Mentor,
    };

    private static readonly Dictionary<string, ProfileVisibility> VisibilitiesByName = new(StringComparer.Ordinal)
    {
        ["public"] = ProfileVisibility.Public,
        ["matches-only"] = ProfileVisibility.MatchesOnly,
    };

    private static readonly Dictionary<string, SessionFormat> FormatsByName = new(StringComparer.Ordinal)
    {
        ["online"] = SessionFormat.Online,
        ["in-person"] = SessionFormat.InPerson,
    };

    public static IEnumerable<string> RoleNames => RolesByName.Keys;

    public static IEnumerable<string> FormatNames => FormatsByName.Keys;

    public static bool TryParseFormat(string? name, out SessionFormat format) => FormatsByName.TryGetValue(name ?? "", out format);

    public static string Name(SessionFormat format) => FormatsByName.First(entry => entry.Value == format).Key;

    /// <summary>"monday" … "sunday".</summary>
    public static string Name(DayOfWeek day) => day.ToString().ToLowerInvariant();

    public static bool TryParseDay(string? name, out DayOfWeek day)
    {
        day = default;
        return name is not null && name.All(char.IsAsciiLetterLower) && Enum.TryParse(name, ignoreCase: true, out day)
            && Name(day) == name;
    }

    /// <summary>"HH:mm", where "24:00" is the end of the day.</summary>
    public static string TimeOfDay(int minute) => $"{minute / 60:00}:{minute % 60:00}";

    public static bool TryParseTimeOfDay(string? text, out int minute)
    {
        minute = 0;
        if (text is not { Length: 5 } || text[2] != ':' || !int.TryParse(text.AsSpan(0, 2), System.Globalization.NumberStyles.None, null, out var hours)
            || !int.TryParse(text.AsSpan(3, 2), System.Globalization.NumberStyles.None, null, out var minutes) || minutes > 59)
        {
            return false;
        }
        minute = hours * 60 + minutes;
        return minute <= 24 * 60;
    }

    public static IEnumerable<string> VisibilityNames => VisibilitiesByName.Keys;

    public static bool TryParseRole(string? name, out ProfileRole role) => RolesByName.TryGetValue(name ?? "", out role);

    public static bool TryParseVisibility(string? name, out ProfileVisibility visibility) =>
        VisibilitiesByName.TryGetValue(name ?? "", out visibility);

    public static string Name(ProfileRole role) => RolesByName.First(entry => entry.Value == role).Key;

    public static string Name(ProfileVisibility visibility) => VisibilitiesByName.First(entry => entry.Value == visibility).Key;

    /// <summary>
    /// ISO 639-1, the two-letter codes (including "he", "id", "yi" rather than their withdrawn forms). A fixed list
    /// rather than the ICU cultures: ICU also lists three-letter and regional languages, and differs between machines.
    /// </summary>
    public static IReadOnlySet<string> LanguageCodes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg", "bi", "bm", "bn", "bo",
        "br", "bs", "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv", "cy", "da", "de", "dv", "dz", "ee", "el", "en", "eo",
        "es", "et", "eu", "fa", "ff", "fi", "fj", "fo", "fr", "fy", "ga", "gd", "gl", "gn", "gu", "gv", "ha", "he", "hi",
        "ho", "hr", "ht", "hu", "hy", "hz", "ia", "id", "ie", "ig", "ii", "ik", "io", "is", "it", "iu", "ja", "jv", "ka",
        "kg", "ki", "kj", "kk", "kl", "km", "kn", "ko", "kr", "ks", "ku", "kv", "kw", "ky", "la", "lb", "lg", "li", "ln",
        "lo", "lt", "lu", "lv", "mg", "mh", "mi", "mk", "ml", "mn", "mr", "ms", "mt", "my", "na", "nb", "nd", "ne", "ng",
        "nl", "nn", "no", "nr", "nv", "ny", "oc", "oj", "om", "or", "os", "pa", "pi", "pl", "ps", "pt", "qu", "rm", "rn",
        "ro", "ru", "rw", "sa", "sc", "sd", "se", "sg", "si", "sk", "sl", "sm", "sn", "so", "sq", "sr", "ss", "st", "su",
        "sv", "sw", "ta", "te", "tg", "th", "ti", "tk", "tl", "tn", "to", "tr", "ts", "tt", "tw", "ty", "ug", "uk", "ur",
        "uz", "ve", "vi", "vo", "wa", "wo", "xh", "yi", "yo", "za", "zh", "zu",
    };
}
