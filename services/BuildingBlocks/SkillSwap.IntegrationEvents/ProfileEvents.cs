namespace SkillSwap.IntegrationEvents;

/// <summary>
/// A user changed their profile. Carries what matching and search need to refresh their view of the person;
/// <paramref name="Visibility"/> is "public" or "matches-only", <paramref name="TimeZone"/> an IANA id.
/// </summary>
public sealed record ProfileUpdated(Guid UserId, string DisplayName, IReadOnlyList<string> Languages, string TimeZone, string Visibility)
    : IntegrationEvent;
