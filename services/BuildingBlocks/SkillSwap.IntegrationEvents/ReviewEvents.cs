namespace SkillSwap.IntegrationEvents;

/// <summary>
/// A user's review aggregate changed. <paramref name="BayesianAverage"/> is the average shrunk towards the platform's
/// mean so that a single early review does not top the rankings; ranking uses it, people are shown
/// <paramref name="Average"/> and <paramref name="ReviewCount"/>. <paramref name="CompletedSessions"/> counts the sessions
/// the user took part in that completed.
/// </summary>
public sealed record UserRatingChanged(Guid UserId, double Average, double BayesianAverage, int ReviewCount, int CompletedSessions)
    : IntegrationEvent;
