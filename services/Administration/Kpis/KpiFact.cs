using SkillSwap.IntegrationEvents;

namespace SkillSwap.Administration.Kpis;

/// <summary>
/// What the KPIs keep of one measured event, for good: its kind, whom it is about, when, and a number (a score, an
/// amount). Never a name, an address or someone's words. The figures are a projection of these facts, and a rebuild
/// replays them (<see cref="KpiProjection.RebuildAsync"/>). An event about several people (a completed group session)
/// gives one fact per person.
/// </summary>
public sealed class KpiFact
{
    public Guid EventId { get; init; }
    public string Kind { get; init; } = "";

    /// <summary><see cref="Guid.Empty"/> for a fact about nobody in particular (an NPS answer).</summary>
    public Guid UserId { get; init; }

    public DateTimeOffset OccurredAt { get; init; }
    public int? Value { get; init; }

    /// <summary>The facts of <paramref name="measured"/>; none for an event that measures nothing (skills all removed).</summary>
    public static IReadOnlyList<KpiFact> Of(IntegrationEvent measured) => measured switch
    {
        UserRegistered e => [About(e, KpiFactKinds.Registered, e.UserId)],
        EmailVerified e => [About(e, KpiFactKinds.Verified, e.UserId)],
        SkillsChanged e when e.Offered.Count + e.Wanted.Count > 0 => [About(e, KpiFactKinds.Skills, e.UserId)],
        SkillsChanged => [],
        FirstMatchesShown e => [About(e, KpiFactKinds.MatchesShown, e.UserId)],
        ChatMemberWrote e => [About(e, KpiFactKinds.Message, e.UserId)],
        SessionRequested e => [About(e, KpiFactKinds.SessionRequested, e.LearnerId)],
        SessionConfirmed e => [About(e, KpiFactKinds.SessionConfirmed, e.TeacherId)],
        SessionCompleted e => [.. e.LearnerIds.Prepend(e.TeacherId).Distinct().Select(id => About(e, KpiFactKinds.SessionCompleted, id))],
        ReviewRevealed e => [About(e, KpiFactKinds.Review, e.AuthorId)],
        NpsAnswered e => [About(e, KpiFactKinds.NpsAnswer, Guid.Empty, e.Score)],
        WelcomeCreditsGranted e => [About(e, KpiFactKinds.CreditsGranted, e.UserId, e.CreditMinutes)],
        _ => throw new ArgumentException($"{measured.GetType().Name} is not measured by the KPIs.", nameof(measured)),
    };

    private static KpiFact About(IntegrationEvent measured, string kind, Guid userId, int? value = null) =>
        new() { EventId = measured.Id, Kind = kind, UserId = userId, OccurredAt = measured.OccurredAt, Value = value };
}

/// <summary>The kinds of fact, and which of them make a member active on the day.</summary>
public static class KpiFactKinds
{
    public const string Registered = "registered";
    public const string Verified = "verified";
    public const string Skills = "skills";
    public const string MatchesShown = "matches-shown";
    public const string Message = "message";
    public const string SessionRequested = "session-requested";
    public const string SessionConfirmed = "session-confirmed";
    public const string SessionCompleted = "session-completed";
    public const string Review = "review";
    public const string NpsAnswer = "nps-answer";
    public const string CreditsGranted = "credits-granted";

    /// <summary>Doing one of these on a day makes a member active that day (signing in or browsing alone does not).</summary>
    public static readonly string[] Active = [Skills, Message, SessionRequested, SessionConfirmed, SessionCompleted, Review];
}
