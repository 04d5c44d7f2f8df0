using System.Diagnostics.Metrics;
using SkillSwap.Sessions.Model;

namespace SkillSwap.Sessions;

/// <summary>
/// Business counters of the Sessions service, exported with its metrics: sessions asked for, sessions entering each
/// status (confirmed = booked, completed, cancelled, expired…), and Payments' answers to bookings.
/// </summary>
public static class SessionsMetrics
{
    public const string MeterName = "SkillSwap.Sessions";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Requested = Meter.CreateCounter<long>(
        "skillswap.sessions.requested", description: "Sessions asked for by learners.");

    private static readonly Counter<long> Transitions = Meter.CreateCounter<long>(
        "skillswap.sessions.transitions", description: "Sessions entering a status, by status (confirmed is a booking, completed a session that took place).");

    private static readonly Counter<long> PaymentAnswers = Meter.CreateCounter<long>(
        "skillswap.sessions.payment_answers", description: "Payments' answers to bookings, by outcome.");

    public static void SessionRequested() => Requested.Add(1);

    /// <summary>Counts a committed status change; a change that kept the status (a counter-proposal, a seat) counts nothing.</summary>
    public static void StatusChanged(SessionStatus from, SessionStatus to)
    {
        if (from != to)
        {
            Transitions.Add(1, new KeyValuePair<string, object?>("status", WireNames.Of(to)));
        }
    }

    public static void CreditsHeld() => PaymentAnswers.Add(1, new KeyValuePair<string, object?>("outcome", "held"));

    public static void CreditsRejected() => PaymentAnswers.Add(1, new KeyValuePair<string, object?>("outcome", "rejected"));
}
