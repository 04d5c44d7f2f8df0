namespace SkillSwap.IntegrationEvents;

/// <summary>
/// A user changed their profile. Carries what matching and search need to refresh their view of the person;
/// <paramref name="Visibility"/> is "public" or "matches-only", <paramref name="TimeZone"/> an IANA id.
/// </summary>
public sealed record ProfileUpdated(Guid UserId, string DisplayName, IReadOnlyList<string> Languages, string TimeZone, string Visibility)
    : IntegrationEvent
{
    /// <summary>
    /// When the person is usually free, on their own clock (<see cref="TimeZone"/>); empty when they did not say. Sessions
    /// checks proposed slots against it. Added after the first version: absent (null) in older events.
    /// </summary>
    public IReadOnlyList<WeeklyAvailability>? Availability { get; init; }

    /// <summary>
    /// Grows with every edit of this profile: a consumer ignores an announcement older than the one it applied (events
    /// handled in parallel, or a retried delivery, can arrive after a newer one). 0 in events published before it existed.
    /// </summary>
    public long ProfileVersion { get; init; }
}

/// <summary>One weekly range on the owner's clock, minutes from midnight, <paramref name="EndMinute"/> exclusive.</summary>
public sealed record WeeklyAvailability(DayOfWeek Day, int StartMinute, int EndMinute);

/// <summary>
/// A user changed the skills they offer or want. <paramref name="Offered"/> and <paramref name="Wanted"/> are the whole
/// new lists (not a diff), so a consumer that missed an event is right again with the next one.
/// </summary>
[Measured]
public sealed record SkillsChanged(Guid UserId, IReadOnlyList<SkillChange> Offered, IReadOnlyList<SkillChange> Wanted)
    : IntegrationEvent;

/// <summary>
/// One skill of <see cref="SkillsChanged"/>: <paramref name="SkillId"/> is the catalogue id, or null for a free-text
/// skill that matched no catalogue entry; <paramref name="Level"/> is the level taught (offered) or aimed at (wanted), 1–5.
/// </summary>
public sealed record SkillChange(string? SkillId, string Label, int Level);

/// <summary>
/// <paramref name="BlockerId"/> blocked <paramref name="BlockedId"/>: from now on neither is suggested, found or shown
/// to the other, and services that let them meet (chat, sessions) must refuse it.
/// </summary>
public sealed record UserBlocked(Guid BlockerId, Guid BlockedId) : IntegrationEvent;

/// <summary>The block is lifted; the two can find each other again.</summary>
public sealed record UserUnblocked(Guid BlockerId, Guid BlockedId) : IntegrationEvent;

/// <summary>
/// Someone new suits <paramref name="UserId"/> both ways: <paramref name="MatchedUserId"/> just changed their skills and
/// now teaches <paramref name="SkillLabel"/>, which <paramref name="UserId"/> wants, and wants something they offer.
/// Announced for a person's few best two-sided matches only; Notifications decides whether and how often to tell.
/// </summary>
public sealed record MatchFound(Guid UserId, Guid MatchedUserId, string SkillLabel, double Score) : IntegrationEvent;

/// <summary>
/// A member reported someone's profile to moderation. <paramref name="DisplayName"/> and <paramref name="Bio"/> are the
/// profile as it read when reported (its owner may change it afterwards); <paramref name="Reason"/> is the reporter's words.
/// </summary>
[CarriesSensitiveData(nameof(Bio), nameof(Reason))]
public sealed record ProfileReported(Guid ReportId, Guid UserId, Guid ReporterId, string DisplayName, string Bio, string Reason) : IntegrationEvent;

/// <summary>
/// <paramref name="UserId"/> was shown matches for the first time (their matches list had someone in it): a step of the
/// newcomer's journey that the KPIs count. Announced once per person.
/// </summary>
[Measured]
public sealed record FirstMatchesShown(Guid UserId, int Count) : IntegrationEvent;
