using System.Text.Json;

namespace SkillSwap.Sessions.Model;

/// <summary>The wire names of the session enums: kebab-case, as every other SkillSwap API writes them.</summary>
public static class SessionValues
{
    private static readonly JsonNamingPolicy Naming = JsonNamingPolicy.KebabCaseLower;

    public static string Name<TEnum>(TEnum value) where TEnum : struct, Enum => Naming.ConvertName(value.ToString());

    public static bool TryParse<TEnum>(string? text, out TEnum value) where TEnum : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (string.Equals(Name(candidate), text, StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }
        value = default;
        return false;
    }
}
