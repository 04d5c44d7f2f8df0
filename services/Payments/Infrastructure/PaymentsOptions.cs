using System.ComponentModel.DataAnnotations;

namespace SkillSwap.Payments.Infrastructure;

/// <summary>The payment policy, bound from the "Payments" section and validated at start-up.</summary>
public sealed class PaymentsOptions
{
    public const string SectionName = "Payments";

    /// <summary>Credit-minutes every new account receives once (180 = 3 credits). 0 turns the grant off.</summary>
    [Range(0, 100 * 60)]
    public int WelcomeGrantMinutes { get; set; } = 180;

    /// <summary>
    /// The teacher's share of the escrow when the learner cancels inside the free-cancellation window (rounded down to
    /// the minute); the rest goes back to the learner. Every other cancellation is refunded in full.
    /// </summary>
    [Range(0, 100)]
    public int LateCancellationTeacherSharePercent { get; set; } = 50;
}
