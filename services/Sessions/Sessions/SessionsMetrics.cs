using System.Diagnostics.Metrics;

namespace SkillSwap.Sessions.Sessions;

/// <summary>Business counters of the Sessions service (sessions booked, confirmed, cancelled, completed), exported with its metrics.</summary>
public sealed class SessionsMetrics
{
    public const string MeterName = "SkillSwap.Sessions";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Requested = Meter.CreateCounter<long>(
        "skillswap.sessions.requested", description: "Sessions asked for by learners.");

    private static readonly Counter<long> Confirmed = Meter.CreateCounter<long>(
        "skillswap.sessions.confirmed", description: "Requests accepted: sessions booked.");

    private static readonly Counter<long> Cancelled = Meter.CreateCounter<long>(
        "skillswap.sessions.cancelled", description: "Sessions or seats cancelled by a participant.");

    private static readonly Counter<long> Holds = Meter.CreateCounter<long>(
        "skillswap.sessions.payment_answers", description: "Payments' answers to bookings, by outcome.");

    public void SessionRequested() => Requested.Add(1);

    public void SessionConfirmed() => Confirmed.Add(1);

    public void SessionCancelled() => Cancelled.Add(1);

    public void CreditsHeld() => Holds.Add(1, new KeyValuePair<string, object?>("outcome", "held"));

    public void CreditsRejected() => Holds.Add(1, new KeyValuePair<string, object?>("outcome", "rejected"));
}
