using System.ComponentModel.DataAnnotations;

namespace SkillSwap.Identity.Login;

/// <summary>Bound from the "Login" section.</summary>
public sealed class LoginOptions
{
    public const string SectionName = "Login";

    /// <summary>Failures for one email within <see cref="FailureWindow"/> before it is locked.</summary>
    [Range(3, 20)]
    public int MaxFailedAttempts { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(15);

    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// When true an unverified account cannot sign in. Environments whose end-to-end tests cannot read mail may
    /// turn it off; tokens then say email_verified=false.
    /// </summary>
    public bool RequireVerifiedEmail { get; set; } = true;

    /// <summary>Requests per client IP and window on the credential endpoints (sign-up, login, refresh, mailed links).</summary>
    [Range(1, 100_000)]
    public int PerIpPermitLimit { get; set; } = 30;

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan PerIpWindow { get; set; } = TimeSpan.FromMinutes(1);
}
