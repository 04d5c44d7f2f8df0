using System.Text.Json;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The wire names of enums: kebab-case, as every SkillSwap API writes them ("chat-message", "pending-payment"). Reading
/// one from a query string or a body field is exact: an unknown name is the caller's error to report, not a default.
/// </summary>
public static class WireNames
{
    private static readonly JsonNamingPolicy Naming = JsonNamingPolicy.KebabCaseLower;

    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum => Naming.ConvertName(value.ToString());

    public static bool TryParse<TEnum>(string? text, out TEnum value) where TEnum : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (string.Equals(Of(candidate), text, StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }
        value = default;
        return false;
    }

    /// <summary>Every name of <typeparamref name="TEnum"/>, for an error message ("open, decided").</summary>
    public static string List<TEnum>() where TEnum : struct, Enum => string.Join(", ", Enum.GetValues<TEnum>().Select(Of));
}
