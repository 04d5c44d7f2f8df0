namespace SkillSwap.Sessions.Model;

/// <summary>
/// A request the session's rules refuse. Thrown by the domain and turned into problem+json by the API
/// (<see cref="SessionProblems.From"/>); thrown before anything is staged, so nothing changes.
/// </summary>
public sealed class SessionRuleException(int statusCode, string problemSlug, string title, string detail) : Exception(detail)
{
    public int StatusCode { get; } = statusCode;
    public string ProblemSlug { get; } = problemSlug;
    public string Title { get; } = title;

    public static SessionRuleException InvalidTransition(SessionStatus from, SessionStatus to) => new(
        StatusCodes.Status409Conflict, "invalid-transition", "Not possible in this state",
        $"A session that is {WireNames.Of(from)} cannot become {WireNames.Of(to)}.");

    public static SessionRuleException NotFound() => new(
        StatusCodes.Status404NotFound, "session-not-found", "Session not found", "No session of yours has this id.");

    public static SessionRuleException NotYourTurn() => new(
        StatusCodes.Status409Conflict, "not-your-turn", "Waiting for the other participant",
        "This request is waiting for the other participant's answer.");

    public static SessionRuleException Forbidden(string detail) => new(
        StatusCodes.Status403Forbidden, "not-allowed", "Not allowed for your role", detail);

    public static SessionRuleException SlotTaken(string detail) => new(
        StatusCodes.Status409Conflict, "slot-taken", "The time is no longer free", detail);

    public static SessionRuleException TooEarly(string detail) => new(
        StatusCodes.Status409Conflict, "too-early", "Not yet", detail);

    public static SessionRuleException TooLate(string detail) => new(
        StatusCodes.Status409Conflict, "too-late", "Too late", detail);

    public static SessionRuleException Full() => new(
        StatusCodes.Status409Conflict, "session-full", "The session is full", "Every seat of this group session is taken.");

    public static SessionRuleException NewMemberLimit(int seats) => new(
        StatusCodes.Status409Conflict, "new-member-limit", "This teacher is welcoming many new members",
        $"This teacher's group sessions took {seats} seats from new members this week. Book a one-to-one session, or join a group again in a few days.");

    public static SessionRuleException Blocked() => new(
        StatusCodes.Status403Forbidden, "blocked", "Not possible with this person",
        "One of you blocked the other, so you cannot plan sessions together.");

    public static SessionRuleException Invalid(string field, string detail) => new(
        StatusCodes.Status400BadRequest, "invalid-request", $"Invalid {field}", detail);
}
