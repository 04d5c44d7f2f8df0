using SkillSwap.IntegrationEvents;
using SkillSwap.Sessions.Model;

namespace SkillSwap.Sessions.Completion;

/// <summary>
/// After the end, each participant confirms the session took place; once the teacher and every learner holding a
/// seat have, it completes. Otherwise it completes on its own <see cref="SessionsOptions.AutoCompleteAfter"/> after the
/// end (the clock) unless someone disputed it. Completion releases each learner's escrow to the teacher.
/// </summary>
public static class CompleteSession
{
    public static async Task ConfirmAsync(SessionChange change, CancellationToken cancellationToken)
    {
        if (change.Session.ConfirmCompletion(change.CallerId, change.Now))
        {
            await CompleteAsync(change, cancellationToken);
        }
    }

    /// <summary>Completes every paid seat that is not disputed, releasing its escrow, and the session with them.</summary>
    public static async Task CompleteAsync(SessionChange change, CancellationToken cancellationToken)
    {
        var (events, learners) = change.Session.Complete();
        change.Publish(events);
        foreach (var learnerId in learners)
        {
            await change.RecordReliabilityAsync(learnerId, record => record.CompletedSessions++, cancellationToken);
        }
        if (learners.Count > 0)
        {
            await change.RecordReliabilityAsync(change.Session.TeacherId, record => record.CompletedSessions++, cancellationToken);
        }
    }
}
