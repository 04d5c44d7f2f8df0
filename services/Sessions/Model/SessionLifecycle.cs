namespace SkillSwap.Sessions.Model;

public enum SessionStatus
{
    /// <summary>Asked for; Payments is holding the learner's credits.</summary>
    PendingPayment,

    /// <summary>Credits held; waiting for the party in <see cref="SessionDocument.AwaitingResponseFrom"/> to accept a slot.</summary>
    Requested,

    /// <summary>Planned: a slot was accepted (or the teacher opened a group session).</summary>
    Confirmed,

    Completed,

    /// <summary>A participant disputes that the session took place as agreed: its escrow is frozen until a moderator resolves it.</summary>
    Disputed,

    Resolved,
    Declined,
    Cancelled,

    /// <summary>Nobody accepted a slot before the last proposed one began.</summary>
    Expired,

    /// <summary>Payments could not hold the credits, or did not answer in time.</summary>
    Rejected,
}

/// <summary>
/// The only status changes a session may make. The session asks <see cref="EnsureCanMove"/> before each change of its
/// status, so a forbidden change is refused in one place whatever asked for it (an API call, an event, the clock).
/// </summary>
public static class SessionLifecycle
{
    private static readonly Dictionary<SessionStatus, SessionStatus[]> Allowed = new()
    {
        [SessionStatus.PendingPayment] = [SessionStatus.Requested, SessionStatus.Rejected, SessionStatus.Cancelled],
        // Requested → Requested is a counter-proposal: the other side's turn.
        [SessionStatus.Requested] = [SessionStatus.Requested, SessionStatus.Confirmed, SessionStatus.Declined, SessionStatus.Cancelled, SessionStatus.Expired],
        [SessionStatus.Confirmed] = [SessionStatus.Completed, SessionStatus.Disputed, SessionStatus.Cancelled],
        [SessionStatus.Disputed] = [SessionStatus.Resolved],
        [SessionStatus.Completed] = [],
        [SessionStatus.Resolved] = [],
        [SessionStatus.Declined] = [],
        [SessionStatus.Cancelled] = [],
        [SessionStatus.Expired] = [],
        [SessionStatus.Rejected] = [],
    };

    public static IReadOnlyList<SessionStatus> AllowedFrom(SessionStatus from) => Allowed[from];

    public static bool CanMove(SessionStatus from, SessionStatus to) => Allowed[from].Contains(to);

    public static bool IsFinal(SessionStatus status) => Allowed[status].Length == 0;

    /// <summary>Refuses a move the table does not allow; <see cref="SessionDocument"/> asks before every change of status.</summary>
    public static void EnsureCanMove(SessionStatus from, SessionStatus to)
    {
        if (!CanMove(from, to))
        {
            throw SessionRuleException.InvalidTransition(from, to);
        }
    }
}
