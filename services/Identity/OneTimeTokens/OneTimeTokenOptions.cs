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

    /// <summary>
    /// How often each replica looks for link requests nobody answered (a replica stopped between queueing and
    /// answering); a request is otherwise answered at once by the replica that queued it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LinkRequestSweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan LifetimeOf(OneTimeTokenPurpose purpose) => purpose switch
    {
        OneTimeTokenPurpose.EmailVerification => EmailVerificationLifetime,
        OneTimeTokenPurpose.PasswordReset => PasswordResetLifetime,
        _ => throw new ArgumentOutOfRangeException(nameof(purpose)),
    };
}
