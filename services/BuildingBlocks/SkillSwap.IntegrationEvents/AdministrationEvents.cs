namespace SkillSwap.IntegrationEvents;

/// <summary>
/// A moderator suspended (until <paramref name="Until"/>) or banned (<paramref name="Until"/> null) an account. Every
/// service acts on it within seconds: Identity ends the person's sign-ins and refuses new ones and their access tokens
/// (at the gateway and in every service), Profiles takes them out of search and matches, Sessions cancels their
/// upcoming sessions with full refunds. A later sanction of the same person replaces the earlier one.
/// <paramref name="Reason"/> is the moderator's, shown to the person. <paramref name="SanctionId"/> is a version-7 UUID:
/// ids order as the sanctions were imposed, which is how a service tells a stale event from a new one
/// (<see cref="SanctionStanding"/>).
/// </summary>
[CarriesSensitiveData(nameof(Reason), nameof(AppealToken))]
public sealed record AccountSanctioned(Guid SanctionId, Guid UserId, string Kind, DateTimeOffset? Until, string Reason) : IntegrationEvent
{
    public const string Suspension = "suspension";
    public const string Ban = "ban";

    /// <inheritdoc cref="MemberWarned.AppealToken"/>
    public string? AppealToken { get; init; }
}

/// <summary>
/// Sanction <paramref name="SanctionId"/> ended: a moderator lifted it early (<paramref name="Reason"/> "lifted") or a
/// suspension ran out ("expired"). Services undo what they did for it, unless a later sanction replaced it; a lift that
/// arrives before its sanction makes that sanction stale (<see cref="SanctionStanding"/>).
/// </summary>
public sealed record AccountSanctionLifted(Guid SanctionId, Guid UserId, string Reason) : IntegrationEvent
{
    public const string Lifted = "lifted";
    public const string Expired = "expired";
}

/// <summary>
/// A moderator settled the dispute of booking <paramref name="BookingId"/> (moderation case <paramref name="CaseId"/>):
/// <paramref name="LearnerRefundPercent"/> of the escrow goes back to the learner, the rest to the teacher, and
/// <paramref name="NoShowBy"/> ("teacher", "learner" or null) names an absence the moderator upheld. Sessions applies it
/// through its own resolution rule, as if the moderator had called it, and Payments moves the credits from there.
/// </summary>
public sealed record DisputeSettled(
    Guid CaseId, Guid BookingId, Guid SessionId, Guid ModeratorId, int LearnerRefundPercent, string? NoShowBy) : IntegrationEvent;

/// <summary>
/// A moderator warned <paramref name="UserId"/> about reported content (case <paramref name="CaseId"/>) without
/// sanctioning them; Notifications tells them, with <paramref name="Reason"/>, in their language.
/// </summary>
[CarriesSensitiveData(nameof(Reason), nameof(AppealToken))]
public sealed record MemberWarned(Guid CaseId, Guid UserId, string Reason) : IntegrationEvent
{
    /// <summary>
    /// The single-use secret of the link by which the person contests the decision (Administration's appeal), for
    /// Notifications' email only; null when the decision cannot be contested (already decided on appeal).
    /// </summary>
    public string? AppealToken { get; init; }
}

/// <summary>
/// A moderator removed reported content (case <paramref name="CaseId"/>): the service that owns it blanks it for good
/// and shows its readers that moderation removed it — Chat a message (<paramref name="ContentId"/>
/// "{conversationId}/{sequence}"), Reviews a review (its id; it no longer counts in the rating), Profiles a bio (the
/// owner's user id). Notifications tells <paramref name="OwnerId"/>, with <paramref name="Reason"/>, in their language.
/// </summary>
[CarriesSensitiveData(nameof(Reason), nameof(AppealToken))]
public sealed record ContentRemoved(Guid CaseId, string ContentKind, string ContentId, Guid OwnerId, string Reason) : IntegrationEvent
{
    public const string ChatMessage = "chat-message";
    public const string Review = "review";
    public const string ProfileBio = "profile-bio";

    /// <inheritdoc cref="MemberWarned.AppealToken"/>
    public string? AppealToken { get; init; }
}

/// <summary>
/// On <paramref name="UserId"/>'s appeal, a moderator withdrew the warning or the removal of case
/// <paramref name="CaseId"/>: it no longer counts against them. Notifications tells them, with
/// <paramref name="Reason"/>, in their language. (A sanction overturned on appeal is an <see cref="AccountSanctionLifted"/>;
/// removed content cannot come back: its owning service blanked it for good.)
/// </summary>
[CarriesSensitiveData(nameof(Reason))]
public sealed record DecisionWithdrawn(Guid CaseId, Guid UserId, string Reason) : IntegrationEvent;
