namespace SkillSwap.IntegrationEvents;

/// <summary>
/// Someone answered the NPS question (0–10) they were asked: the score only, for the monthly NPS. The comment and who
/// answered stay in Notifications.
/// </summary>
[Measured]
public sealed record NpsAnswered(Guid SurveyId, int Score) : IntegrationEvent;
