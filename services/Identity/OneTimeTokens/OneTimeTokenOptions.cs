using System.ComponentModel.DataAnnotations;

namespace SkillSwap.Identity.OneTimeTokens;

/// <summary>Lifetimes of mailed links; bound from the "OneTimeTokens" section.</summary>
public sealed class OneTimeTokenOptions
{
    public const string SectionName = "OneTimeTokens";

    [Range(typeof(TimeSpan), "00:05:00", "7.00:00:00")]
    public TimeSpan EmailVerificationLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Short: a reset link grants the account to whoever holds it.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "1.00:00:00")]
    public TimeSpan PasswordResetLifetime { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan LifetimeOf(OneTimeTokenPurpose purpose) => purpose switch
    {
        OneTimeTokenPurpose.EmailVerification => EmailVerificationLifetime,
        OneTimeTokenPurpose.PasswordReset => PasswordResetLifetime,
        _ => throw new ArgumentOutOfRangeException(nameof(purpose)),
    };
}
