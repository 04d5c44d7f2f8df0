using System.Text.RegularExpressions;
using SkillSwap.Identity.Accounts;
using SkillSwap.Identity.Consents;
using SkillSwap.Identity.Infrastructure;
using SkillSwap.Identity.Passwords;

namespace SkillSwap.Identity.SignUp;

/// <summary>
/// A new account. Accepting the terms and the privacy policy is explicit: the client sends the versions the user
/// saw, and they must be the ones in force. Marketing consent is optional and separate.
/// Members are nullable because clients may omit them; validation, not deserialisation, reports which ones.
/// </summary>
public sealed partial record SignUpRequest(
    string? Email,
    string? Password,
    string? DisplayName,
    string? Locale,
    string? AcceptedTermsOfServiceVersion,
    string? AcceptedPrivacyPolicyVersion,
    bool? MarketingConsent)
{
    public const int DisplayNameMaxLength = 50;

    public static IReadOnlyList<string> Locales { get; } = ["fr", "en"];

    public ValidationErrors Validate(LegalDocumentsOptions legal)
    {
        var errors = new ValidationErrors();
        errors.AddIf("email", EmailAddress.Check(Email));
        errors.AddIf("password", PasswordPolicy.Check(Password));
        errors.AddIf("displayName", CheckDisplayName(DisplayName));
        if (Locale is null || !Locales.Contains(Locale))
        {
            errors.Add("locale", "The locale must be \"fr\" or \"en\".");
        }
        if (AcceptedTermsOfServiceVersion != legal.TermsOfServiceVersion)
        {
            errors.Add("acceptedTermsOfServiceVersion", $"The terms of service (version {legal.TermsOfServiceVersion}) must be accepted.");
        }
        if (AcceptedPrivacyPolicyVersion != legal.PrivacyPolicyVersion)
        {
            errors.Add("acceptedPrivacyPolicyVersion", $"The privacy policy (version {legal.PrivacyPolicyVersion}) must be accepted.");
        }
        return errors;
    }

    /// <summary>
    /// Letters, digits, spaces and a little punctuation: display names are shown to other users on many surfaces,
    /// and markup or control characters have no business in them.
    /// </summary>
    public static string? CheckDisplayName(string? displayName) => displayName?.Trim() switch
    {
        null or "" => "A display name is required.",
        { Length: > DisplayNameMaxLength } => $"The display name must be at most {DisplayNameMaxLength} characters long.",
        var trimmed when !AllowedDisplayName().IsMatch(trimmed) =>
            "The display name may contain letters, digits, spaces and . ' - _ only.",
        _ => null,
    };

    [GeneratedRegex(@"^[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N} .'\-_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex AllowedDisplayName();
}

/// <summary>The same answer whether the email was new or already registered, so sign-up cannot probe accounts.</summary>
public sealed record SignUpAccepted(string Message);
