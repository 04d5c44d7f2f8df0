using System.ComponentModel.DataAnnotations;

namespace SkillSwap.Identity.Consents;

/// <summary>
/// The versions of the terms and the privacy policy in force; bound from the "LegalDocuments" section. A sign-up
/// must accept exactly these, so a client showing an outdated text cannot register anyone under it.
/// </summary>
public sealed class LegalDocumentsOptions
{
    public const string SectionName = "LegalDocuments";

    [Required, MaxLength(32)]
    public string TermsOfServiceVersion { get; set; } = "";

    [Required, MaxLength(32)]
    public string PrivacyPolicyVersion { get; set; } = "";
}
