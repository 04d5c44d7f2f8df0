using System.ComponentModel.DataAnnotations;

namespace SkillSwap.Identity.Keys;

/// <summary>Bound from the "SigningKeys" section.</summary>
public sealed class SigningKeyOptions : IValidatableObject
{
    public const string SectionName = "SigningKeys";

    /// <summary>Age at which the background rotation introduces a successor key.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "365.00:00:00")]
    public TimeSpan RotationInterval { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// How long a scheduled successor is published before it signs. Validators cache the JWKS (JwtBearer keeps it
    /// for 12 hours), so a day lets every one of them learn the key before its first token.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan PrePublication { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How often the rotation worker looks at the age of the current key.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long this instance reuses the keys it read, before looking for another instance's rotation.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromMinutes(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PrePublication >= RotationInterval)
        {
            yield return new ValidationResult(
                "SigningKeys:PrePublication must be shorter than SigningKeys:RotationInterval.",
                [nameof(PrePublication), nameof(RotationInterval)]);
        }
    }
}
