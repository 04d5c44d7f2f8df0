using System.Diagnostics.Metrics;

namespace SkillSwap.Payments;

/// <summary>Business counters of the Payments service, exported with the rest of the service's metrics.</summary>
public static class PaymentsMetrics
{
    public const string MeterName = "SkillSwap.Payments";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> Grants = Meter.CreateCounter<long>(
        "skillswap.payments.grants", description: "Welcome grants credited.");

    public static readonly Counter<long> GrantsRefused = Meter.CreateCounter<long>(
        "skillswap.payments.grants_refused", description: "Welcome grants refused because the mailbox had one already.");

    public static readonly Counter<long> Holds = Meter.CreateCounter<long>(
        "skillswap.payments.holds", description: "Bookings whose credits were put in escrow.");

    public static readonly Counter<long> HeldMinutes = Meter.CreateCounter<long>(
        "skillswap.payments.held_minutes", unit: "min", description: "Credit-minutes put in escrow.");

    public static readonly Counter<long> Rejections = Meter.CreateCounter<long>(
        "skillswap.payments.rejections", description: "Hold requests refused, by reason (insufficient-credits, booking-closed).");

    public static readonly Counter<long> Releases = Meter.CreateCounter<long>(
        "skillswap.payments.releases", description: "Escrows released to the teacher after the session.");

    public static readonly Counter<long> Refunds = Meter.CreateCounter<long>(
        "skillswap.payments.refunds", description: "Escrows refunded after a cancellation, by kind (full, split).");

    public static readonly Counter<long> Disputes = Meter.CreateCounter<long>(
        "skillswap.payments.disputes", description: "Escrows frozen by a dispute.");

    public static readonly Counter<long> Settlements = Meter.CreateCounter<long>(
        "skillswap.payments.settlements", description: "Disputed escrows settled by a moderator.");

    public static KeyValuePair<string, object?> Reason(string reason) => new("reason", reason);

    public static KeyValuePair<string, object?> Kind(string kind) => new("kind", kind);
}
