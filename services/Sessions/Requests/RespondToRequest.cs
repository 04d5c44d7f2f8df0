using SkillSwap.IntegrationEvents;
using SkillSwap.Sessions.Calendar;
using SkillSwap.Sessions.Model;
using SkillSwap.Sessions.Participants;

namespace SkillSwap.Sessions.Requests;

public sealed record AcceptSlotRequest(DateTimeOffset? StartsAt);

public sealed record ProposeSlotsRequest(IReadOnlyList<DateTimeOffset>? ProposedStarts);

/// <summary>The answers to a request: accept one of the slots on the table, put others on it, or (the teacher) decline.</summary>
public static class RespondToRequest
{
    /// <summary>
    /// The party whose turn it is picks one proposed slot: the session is confirmed and the slot taken in both
    /// participants' calendars in the same commit, so a participant already busy then makes the whole accept fail.
    /// </summary>
    public static async Task AcceptAsync(SessionChange change, DateTimeOffset startsAt, CancellationToken cancellationToken)
    {
        var session = change.Session;
        session.EnsureTurnOf(change.CallerRole, SessionStatus.Confirmed);
        await RequireNotBlockedAsync(change, cancellationToken);
        change.Publish(session.Accept(change.CallerRole, startsAt, change.Now, change.Options.MinimumNotice));
        CalendarClaims.Claim(change.Db, session, session.TeacherId);
        foreach (var learnerId in session.ActiveLearnerIds)
        {
            CalendarClaims.Claim(change.Db, session, learnerId);
        }
    }

    /// <summary>A counter-proposal: the other side's turn. A learner's slots must fit the teacher's availability; the teacher proposes from their own calendar.</summary>
    public static async Task ProposeAsync(SessionChange change, IReadOnlyList<DateTimeOffset> proposedStarts, CancellationToken cancellationToken)
    {
        var session = change.Session;
        session.EnsureTurnOf(change.CallerRole, SessionStatus.Requested);
        await RequireNotBlockedAsync(change, cancellationToken);
        var starts = SlotRules.Normalise(proposedStarts);
        if (change.CallerRole == SessionRole.Learner)
        {
            SlotRules.RequireTeacherAvailable(await change.Db.ParticipantAsync(session.TeacherId, cancellationToken), starts, session.DurationMinutes);
        }
        session.Propose(change.CallerRole, starts);
    }

    /// <summary>The teacher says no: the learner's credits go back in full.</summary>
    public static Task DeclineAsync(SessionChange change, CancellationToken cancellationToken)
    {
        change.Publish(change.Session.Decline(change.CallerRole));
        return Task.CompletedTask;
    }

    /// <summary>A block set after the request still stops it: neither side can move it towards a meeting.</summary>
    private static async Task RequireNotBlockedAsync(SessionChange change, CancellationToken cancellationToken)
    {
        var teacher = await change.Db.ParticipantAsync(change.Session.TeacherId, cancellationToken);
        foreach (var learnerId in change.Session.ActiveLearnerIds)
        {
            if (ParticipantLookup.EitherBlocked(teacher, await change.Db.ParticipantAsync(learnerId, cancellationToken)))
            {
                throw SessionRuleException.Blocked();
            }
        }
    }
}
