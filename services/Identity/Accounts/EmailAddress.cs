using System.Text.RegularExpressions;

namespace SkillSwap.Identity.Accounts;

public static partial class EmailAddress
{
    public const int MaxLength = 254;

    /// <summary>Trimmed and lower-cased, so "  Ana@Example.COM " and "ana@example.com" are one account.</summary>
    public static string Normalize(string email) => email.Trim().ToLowerInvariant();

    /// <summary>The HTML living standard's rule for email inputs, which is what the mobile app checks too.</summary>
    public static bool IsValid(string normalizedEmail) =>
        normalizedEmail.Length <= MaxLength && ValidEmail().IsMatch(normalizedEmail);

    /// <returns>The problem with an address as typed, or null when it is one (every endpoint that takes one says the same).</returns>
    public static string? Check(string? email) =>
        string.IsNullOrWhiteSpace(email) || !IsValid(Normalize(email)) ? "A valid email address is required." : null;

    [GeneratedRegex(@"^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$", RegexOptions.CultureInvariant)]
    private static partial Regex ValidEmail();
}
