using SkillSwap.Profiles.Skills.Catalogue;

namespace SkillSwap.Profiles.Model;

/// <summary>One's own profile, everything included. <see cref="Version"/> goes back in If-Match (or the body) on PUT.</summary>
public sealed record ProfileResponse(
    Guid UserId,
    string DisplayName,
    string Bio,
    string Locale,
    IReadOnlyList<string> Languages,
    string? TimeZone,
    ProfileLocation? Location,
    IReadOnlyList<string> Roles,
    string Visibility,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Version,
    string? PhotoUrl,
    IReadOnlyList<AvailabilityResponse> Availability,
    IReadOnlyList<string> SessionFormats,
    IReadOnlyList<OfferedSkillResponse> Offered,
    IReadOnlyList<WantedSkillResponse> Wanted,
    TrustResponse? Trust,
    bool BioRemovedByModeration)
{
    /// <summary>Catalogue skills in the owner's current language (they may have switched since adding them).</summary>
    public static ProfileResponse From(ProfileDocument profile, SkillCatalogue catalogue) => new(
        profile.UserId,
        profile.DisplayName,
        profile.Bio,
        profile.Locale,
        profile.Languages,
        profile.TimeZone,
        profile.Location,
        [.. profile.Roles.Select(ProfileValues.Name)],
        ProfileValues.Name(profile.Visibility),
        profile.CreatedAt,
        profile.UpdatedAt,
        profile.Version,
        profile.PhotoUrl,
        AvailabilityResponse.From(profile.Availability),
        [.. profile.SessionFormats.Select(ProfileValues.Name)],
        [.. profile.Offered.Select(skill => OfferedSkillResponse.From(skill, catalogue, profile.Locale))],
        [.. profile.Wanted.Select(skill => WantedSkillResponse.From(skill, catalogue, profile.Locale))],
        TrustResponse.From(profile.Trust, profile.Reliability),
        profile.BioRemovedAt is not null);
}

/// <summary>
/// What other users may see. Deliberately a separate type listing what is shown, so a field added to the document
/// stays private until someone decides otherwise: no locale, visibility, timestamps, version or block lists.
/// </summary>
public sealed record PublicProfileResponse(
    Guid UserId,
    string DisplayName,
    string Bio,
    IReadOnlyList<string> Languages,
    string? TimeZone,
    ProfileLocation? Location,
    IReadOnlyList<string> Roles,
    string? PhotoUrl,
    IReadOnlyList<AvailabilityResponse> Availability,
    IReadOnlyList<string> SessionFormats,
    IReadOnlyList<OfferedSkillResponse> Offered,
    IReadOnlyList<WantedSkillResponse> Wanted,
    TrustResponse? Trust,
    bool BioRemovedByModeration)
{
    /// <summary>Catalogue skills in the reader's language (<paramref name="readerLocale"/>), free text as its owner typed it.</summary>
    public static PublicProfileResponse From(ProfileDocument profile, SkillCatalogue catalogue, string readerLocale) => new(
        profile.UserId,
        profile.DisplayName,
        profile.Bio,
        profile.Languages,
        profile.TimeZone,
        profile.Location,
        [.. profile.Roles.Select(ProfileValues.Name)],
        profile.PhotoUrl,
        AvailabilityResponse.From(profile.Availability),
        [.. profile.SessionFormats.Select(ProfileValues.Name)],
        [.. profile.Offered.Select(skill => OfferedSkillResponse.From(skill, catalogue, readerLocale))],
        [.. profile.Wanted.Select(skill => WantedSkillResponse.From(skill, catalogue, readerLocale))],
        TrustResponse.From(profile.Trust, profile.Reliability),
        profile.BioRemovedAt is not null);
}

/// <summary>A weekly range in the profile's own time zone.</summary>
public sealed record AvailabilityResponse(string Day, string Start, string End)
{
    public static IReadOnlyList<AvailabilityResponse> From(IEnumerable<WeeklySlot> slots) =>
        [.. slots.Select(slot => new AvailabilityResponse(
            ProfileValues.Name(slot.Day), ProfileValues.TimeOfDay(slot.StartMinute), ProfileValues.TimeOfDay(slot.EndMinute)))];
}

/// <summary><see cref="SkillId"/> is the catalogue id (null for free text the catalogue does not know).</summary>
public sealed record OfferedSkillResponse(string? SkillId, string Label, int Level, int? YearsOfPractice, string? EvidenceUrl)
{
    public static OfferedSkillResponse From(OfferedSkill skill, SkillCatalogue catalogue, string locale) =>
        new(skill.SkillId, catalogue.LabelOf(skill.SkillId, skill.Label, locale), skill.Level, skill.YearsOfPractice, skill.EvidenceUrl);
}

public sealed record WantedSkillResponse(string? SkillId, string Label, int TargetLevel, string? Goal)
{
    public static WantedSkillResponse From(WantedSkill skill, SkillCatalogue catalogue, string locale) =>
        new(skill.SkillId, catalogue.LabelOf(skill.SkillId, skill.Label, locale), skill.TargetLevel, skill.Goal);
}

/// <summary>
/// What others see before trusting someone: the review average (null before the first review) and how many reviews
/// it rests on, sessions completed, cancellations inside the free-cancellation window and no-shows a moderator upheld.
/// </summary>
public sealed record TrustResponse(double? Rating, int ReviewCount, int CompletedSessions, int LateCancellations, int NoShows)
{
    public static TrustResponse? From(ProfileTrust? trust, ProfileReliability? reliability) =>
        trust is null && reliability is null
            ? null
            : new(
                trust is null ? null : Math.Round(trust.Average, 1),
                trust?.ReviewCount ?? 0,
                // Sessions counts completions as they happen; Reviews' figure is the fallback before Sessions reported.
                reliability?.CompletedSessions ?? trust?.CompletedSessions ?? 0,
                reliability?.LateCancellations ?? 0,
                reliability?.NoShows ?? 0);
}
