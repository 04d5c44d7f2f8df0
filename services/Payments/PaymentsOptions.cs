using System.ComponentModel.DataAnnotations;

namespace SkillSwap.Payments;

/// <summary>The payment policy, bound from the "Payments" section and validated at start-up.</summary>
public sealed class PaymentsOptions
{
    public const string SectionName = "Payments";

    /// <summary>Credit-minutes every new account receives once (180 = 3 credits). 0 turns the grant off.</summary>
    [Range(0, 100 * 60)]
    public int WelcomeGrantMinutes { get; set; } = 180;

    /// <summary>
    /// How long the keyed hash of a mailbox that received the welcome grant is kept, only to refuse that mailbox a
    /// second grant (address variants, erasing and signing up again). Stated in the README's credit policy.
    /// </summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "1096.00:00:00")]
    public TimeSpan GrantClaimMemory { get; set; } = TimeSpan.FromDays(365);

    /// <summary>
    /// Base64 key (at least 32 bytes) of the grant claims' hash, kept out of the database (a secret in production):
    /// with the database alone, nobody can test which addresses are in it. Required in Production; elsewhere a fixed
    /// development key stands in.
    /// </summary>
    public string? GrantClaimKey { get; set; }

    /// <summary>Only for development and tests, where <see cref="GrantClaimKey"/> is not given.</summary>
    public const string DevelopmentGrantClaimKey = "c2tpbGxzd2FwLWRldmVsb3BtZW50LWdyYW50LWNsYWltLWtleQ==";

    public byte[] GrantClaimKeyBytes => Convert.FromBase64String(GrantClaimKey ?? DevelopmentGrantClaimKey);

    /// <summary>
    /// The teacher's share of the escrow when the learner cancels inside the free-cancellation window (rounded down to
    /// the minute); the rest goes back to the learner. Every other cancellation is refunded in full.
    /// </summary>
    [Range(0, 100)]
    public int LateCancellationTeacherSharePercent { get; set; } = 50;
}
