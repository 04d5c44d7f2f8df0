namespace SkillSwap.Profiles.Profiles;

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
    long Version)
{
    public static ProfileResponse From(ProfileDocument profile) => new(
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
        profile.Version);
}

/// <summary>
/// What other users may see. Deliberately a separate type listing what is shown, so a field added to the document
/// stays private until someone decides otherwise: no locale, visibility, timestamps or version.
/// </summary>
public sealed record PublicProfileResponse(
    Guid UserId,
    string DisplayName,
    string Bio,
    IReadOnlyList<string> Languages,
    string? TimeZone,
    ProfileLocation? Location,
    IReadOnlyList<string> Roles)
{
    public static PublicProfileResponse From(ProfileDocument profile) => new(
        profile.UserId,
        profile.DisplayName,
        profile.Bio,
        profile.Languages,
        profile.TimeZone,
        profile.Location,
        [.. profile.Roles.Select(ProfileValues.Name)]);
}
