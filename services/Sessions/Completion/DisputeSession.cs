using SkillSwap.IntegrationEvents;
using SkillSwap.Sessions.Model;

namespace SkillSwap.Sessions.Completion;

public sealed record DisputeRequest(string? Reason, string? Details);

/// <summary>How a moderator settles: the learner's share of the escrow, and whose absence (if anyone's) caused the dispute.</summary>
public sealed record ResolveDisputeRequest(Guid? BookingId, int? LearnerRefundPercent, string? NoShowBy);

/// <summary>
/// Something went wrong: a participant says the session did not take place as agreed (or the other did not come).
/// The escrow is frozen until a moderator resolves it; a no-show the moderator upholds counts against that person's
/// reliability. In a group session a learner disputes their own seat; the others complete normally.
/// </summary>
public static class DisputeSession
{
    public const int MaxDetailsLength = 2000;
    public static IReadOnlyList<string> Reasons { get; } = ["no-show", "did-not-happen", "not-as-agreed"];

    public static void Dispute(SessionChange change, string reason, string? details) =>
        change.Publish(change.Session.RaiseDispute(change.CallerId, reason, details, change.Now, change.Options.AutoCompleteAfter));

    /// <summary>A moderator's decision on one disputed booking (the only one of a one-to-one session, or a group learner's).</summary>
    public static async Task ResolveAsync(SessionChange change, Guid? bookingId, int learnerRefundPercent, SessionRole? noShowBy, CancellationToken cancellationToken)
    {
        var (resolved, noShow) = change.Session.Resolve(change.CallerId, bookingId, learnerRefundPercent, noShowBy, change.Now);
        change.Publish(resolved);
        if (noShow is { } absent)
        {
            await change.RecordReliabilityAsync(absent, record => record.NoShows++, cancellationToken);
        }
    }
}
