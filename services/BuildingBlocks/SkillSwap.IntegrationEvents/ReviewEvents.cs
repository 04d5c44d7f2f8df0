namespace SkillSwap.IntegrationEvents;

/// <summary>
/// A user's review aggregate changed. <paramref name="BayesianAverage"/> is the average shrunk towards the platform's
/// mean so that a single early review does not top the rankings; ranking uses it, people are shown
/// <paramref name="Average"/> and <paramref name="ReviewCount"/>. <paramref name="CompletedSessions"/> counts the sessions
/// the user took part in that completed.
/// </summary>
public sealed record UserRatingChanged(Guid UserId, double Average, double BayesianAverage, int ReviewCount, int CompletedSessions)
    : IntegrationEvent
{
    /// <summary>
    /// Grows with every change of this user's rating: a consumer ignores an announcement older than the one it applied
    /// (a retried delivery can arrive after a newer one). 0 in events published before it existed.
    /// </summary>
    public long RatingVersion { get; init; }
}

/// <summary>
/// A review became visible to the person reviewed (double-blind: when both sides have reviewed each other, or 14 days
/// after the session): Notifications tells them "you received a review".
/// </summary>
[Measured]
public sealed record ReviewRevealed(Guid ReviewId, Guid SessionId, Guid AuthorId, Guid RevieweeId, int Rating, string SkillLabel)
    : IntegrationEvent;

/// <summary>A member reported a review to moderation; <paramref name="Text"/> is the review's text when reported.</summary>
[CarriesSensitiveData(nameof(Text), nameof(Reason), nameof(Reply))]
public sealed record ReviewReported(Guid ReportId, Guid ReviewId, Guid ReporterId, Guid AuthorId, string? Text, string Reason)
    : IntegrationEvent
{
    /// <summary>The review's stars, for the moderator's context.</summary>
    public int? Rating { get; init; }

    public string? SkillLabel { get; init; }

    public Guid? RevieweeId { get; init; }

    /// <summary>The reviewee's public reply to it, if any, when reported.</summary>
    public string? Reply { get; init; }
}
