using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SkillSwap.Profiles.Model;

public sealed record LocationRequest(string? City, string? Country);

/// <summary>One weekly range in the profile's time zone: { "day": "monday", "start": "18:00", "end": "21:00" }.</summary>
public sealed record AvailabilityRequest(string? Day, string? Start, string? End);

/// <summary>
/// The editable fields of one's own profile, replaced as a whole. Members are nullable because clients may omit
/// them; validation, not deserialisation, reports which ones. <see cref="Version"/> is the version the client
/// edited, as an alternative to the If-Match header.
/// </summary>
public sealed partial record UpdateProfileRequest(
    string? DisplayName,
    string? Bio,
    string? Locale,
    IReadOnlyList<string?>? Languages,
    string? TimeZone,
    LocationRequest? Location,
    IReadOnlyList<string?>? Roles,
    string? Visibility,
    long? Version,
    string? PhotoUrl = null,
    IReadOnlyList<AvailabilityRequest?>? Availability = null,
    IReadOnlyList<string?>? SessionFormats = null)
{
    public const int DisplayNameMaxLength = 50;
    public const int BioMaxLength = 500;
    public const int MaxLanguages = 10;
    public const int CityMaxLength = 80;
    public const int PhotoUrlMaxLength = 500;
    public const int MaxAvailabilitySlots = 28;

    /// <summary>Checks every field and, when all are valid, returns them normalised (trimmed, lowercased codes, no duplicates).</summary>
    public bool TryValidate(out ProfileEdit edit, out Dictionary<string, string[]> errors)
    {
        var found = new Dictionary<string, string[]>();
        void Fail(string field, string message) => found.TryAdd(field, [message]);

        var (displayName, bio) = CheckIntroduction(Fail);
        var languages = CheckLanguages(Fail);
        var location = CheckPlace(Fail);
        var (roles, visibility, photoUrl) = CheckPresentation(Fail);
        var (availability, formats) = CheckAvailability(Fail);
        if (Version is < 1)
        {
            Fail("version", "The version is the positive number the profile was read with.");
        }

        errors = found;
        edit = found.Count == 0
            ? new ProfileEdit(displayName!, bio, Locale!, languages, TimeZone!, location, roles, visibility, photoUrl,
                [.. availability.OrderBy(slot => slot.Day).ThenBy(slot => slot.StartMinute)], formats)
            : null!;
        return found.Count == 0;
    }

    /// <summary>The name and bio others read first.</summary>
    private (string? DisplayName, string Bio) CheckIntroduction(Action<string, string> fail)
    {
        var displayName = DisplayName?.Trim();
        if (CheckDisplayName(displayName) is { } displayNameError)
        {
            fail("displayName", displayNameError);
        }

        // One line-break convention, so the length a user sees is the length we count.
        var bio = (Bio ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        if (bio.EnumerateRunes().Count() > BioMaxLength)
        {
            fail("bio", $"The bio must be at most {BioMaxLength} characters long.");
        }
        else if (bio.EnumerateRunes().Any(rune => Rune.IsControl(rune) && rune.Value is not '\n' and not '\t'))
        {
            fail("bio", "The bio is plain text: control characters other than line breaks and tabs are not allowed.");
        }
        return (displayName, bio);
    }

    /// <summary>The app's language and the languages spoken, deduplicated.</summary>
    private List<string> CheckLanguages(Action<string, string> fail)
    {
        if (Locale is null || !ProfileValues.Locales.Contains(Locale))
        {
            fail("locale", "The locale must be \"fr\" or \"en\".");
        }

        var languages = new List<string>();
        if (Languages is null || Languages.Count == 0)
        {
            fail("languages", "List at least one language spoken, as ISO 639-1 codes (e.g. \"fr\", \"en\").");
        }
        else if (Languages.Count > MaxLanguages)
        {
            fail("languages", $"List at most {MaxLanguages} languages.");
        }
        else
        {
            for (var i = 0; i < Languages.Count; i++)
            {
                var code = Languages[i]?.Trim().ToLowerInvariant();
                if (code is null || !ProfileValues.LanguageCodes.Contains(code))
                {
                    fail($"languages[{i}]", $"'{Languages[i]}' is not an ISO 639-1 language code (two letters, e.g. \"fr\").");
                }
                else if (!languages.Contains(code))
                {
                    languages.Add(code);
                }
            }
        }
        return languages;
    }

    /// <summary>The time zone every time is shown in, and an optional city and country.</summary>
    private ProfileLocation? CheckPlace(Action<string, string> fail)
    {
        if (CheckTimeZone(TimeZone) is { } timeZoneError)
        {
            fail("timeZone", timeZoneError);
        }

        ProfileLocation? location = null;
        if (Location is not null)
        {
            var city = string.IsNullOrWhiteSpace(Location.City) ? null : Location.City.Trim();
            var country = Location.Country?.Trim().ToUpperInvariant();
            if (city is not null && (city.Length > CityMaxLength || !AllowedCity().IsMatch(city)))
            {
                fail("location.city", $"The city is a place name of at most {CityMaxLength} letters, spaces and . ' - characters.");
            }
            if (!IsCountryCode(country))
            {
                fail("location.country", "The country must be an ISO 3166-1 alpha-2 code (e.g. \"FR\").");
            }
            location = new ProfileLocation(city, country!);
        }
        return location;
    }

    /// <summary>Roles, who may see the profile, and the photo.</summary>
    private (List<ProfileRole> Roles, ProfileVisibility Visibility, string? PhotoUrl) CheckPresentation(Action<string, string> fail)
    {
        var roles = new List<ProfileRole>();
        if (Roles is null || Roles.Count == 0)
        {
            fail("roles", $"Choose at least one role among {string.Join(", ", ProfileValues.RoleNames)}.");
        }
        else
        {
            for (var i = 0; i < Roles.Count; i++)
            {
                if (!ProfileValues.TryParseRole(Roles[i], out var role))
                {
                    fail($"roles[{i}]", $"The role must be one of {string.Join(", ", ProfileValues.RoleNames)}.");
                }
                else if (!roles.Contains(role))
                {
                    roles.Add(role);
                }
            }
        }

        if (!ProfileValues.TryParseVisibility(Visibility, out var visibility))
        {
            fail("visibility", $"The visibility must be one of {string.Join(", ", ProfileValues.VisibilityNames)}.");
        }

        var photoUrl = string.IsNullOrWhiteSpace(PhotoUrl) ? null : PhotoUrl.Trim();
        if (photoUrl is not null && CheckHttpsUrl(photoUrl, PhotoUrlMaxLength) is { } photoError)
        {
            fail("photoUrl", photoError);
        }
        return (roles, visibility, photoUrl);
    }

    /// <summary>The weekly ranges offered (no overlaps within a day) and the session formats.</summary>
    private (List<WeeklySlot> Availability, List<SessionFormat> Formats) CheckAvailability(Action<string, string> fail)
    {
        var availability = new List<WeeklySlot>();
        if (Availability is { Count: > MaxAvailabilitySlots })
        {
            fail("availability", $"List at most {MaxAvailabilitySlots} weekly ranges.");
        }
        else
        {
            for (var i = 0; i < (Availability?.Count ?? 0); i++)
            {
                var slot = Availability![i];
                if (!ProfileValues.TryParseDay(slot?.Day, out var day))
                {
                    fail($"availability[{i}].day", "The day must be one of monday, tuesday, … sunday.");
                }
                else if (!ProfileValues.TryParseTimeOfDay(slot!.Start, out var start) || !ProfileValues.TryParseTimeOfDay(slot.End, out var end))
                {
                    fail($"availability[{i}]", "Start and end are times of day \"HH:mm\" (end may be \"24:00\").");
                }
                else if (start >= end)
                {
                    fail($"availability[{i}]", "The range must end after it starts, on the same day.");
                }
                else if (availability.Any(other => other.Day == day && other.StartMinute < end && start < other.EndMinute))
                {
                    fail($"availability[{i}]", "The range overlaps another range of the same day.");
                }
                else
                {
                    availability.Add(new WeeklySlot(day, start, end));
                }
            }
        }

        var formats = new List<SessionFormat>();
        for (var i = 0; i < (SessionFormats?.Count ?? 0); i++)
        {
            if (!ProfileValues.TryParseFormat(SessionFormats![i], out var format))
            {
                fail($"sessionFormats[{i}]", $"The session format must be one of {string.Join(", ", ProfileValues.FormatNames)}.");
            }
            else if (!formats.Contains(format))
            {
                formats.Add(format);
            }
        }
        return (availability, formats);
    }

    /// <summary>
    /// Letters, digits, spaces and a little punctuation: display names are shown to other users on many surfaces,
    /// and markup or control characters have no business in them. Same rule as sign-up in Identity.
    /// </summary>
    private static string? CheckDisplayName(string? displayName) => displayName switch
    {
        null or "" => "A display name is required.",
        { Length: > DisplayNameMaxLength } => $"The display name must be at most {DisplayNameMaxLength} characters long.",
        _ when !AllowedDisplayName().IsMatch(displayName) => "The display name may contain letters, digits, spaces and . ' - _ only.",
        _ => null,
    };

    /// <summary>
    /// IANA ids only ("Europe/Paris"): Windows ids are also found by the runtime on Linux, but the other services and
    /// the app expect IANA. The id must be spelt exactly: the runtime finds "europe/paris" only once it has cached
    /// the zone list (case-insensitively), so accepting it would depend on what ran before. The shape is checked
    /// first so that no arbitrary string reaches the time zone lookup.
    /// </summary>
    private static string? CheckTimeZone(string? timeZone) =>
        timeZone is not null
        && TimeZoneIdShape().IsMatch(timeZone)
        && TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone)
        && zone.HasIanaId
        && zone.Id == timeZone
            ? null
            : "The time zone must be an IANA time zone id, spelt exactly, such as \"Europe/Paris\".";

    /// <summary>
    /// Links that other users' apps will open: absolute https only (no javascript:, data: or plain http), no
    /// credentials, bounded length.
    /// </summary>
    internal static string? CheckHttpsUrl(string url, int maxLength) =>
        url.Length <= maxLength
        && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && uri.Scheme == Uri.UriSchemeHttps
        && string.IsNullOrEmpty(uri.UserInfo)
        && !url.Any(char.IsControl)
            ? null
            : $"Must be an absolute https:// URL of at most {maxLength} characters, without credentials.";

    /// <summary>An ISO 3166-1 alpha-2 code in capitals ("FR"), as profiles keep it.</summary>
    internal static bool IsCountryCode(string? country)
    {
        if (country is null || !CountryCodeShape().IsMatch(country))
        {
            return false;
        }
        try
        {
            return new RegionInfo(country).TwoLetterISORegionName == country;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N} .'\-_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex AllowedDisplayName();

    [GeneratedRegex(@"^\p{L}[\p{L}\p{M} .'\-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex AllowedCity();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+){0,2}$", RegexOptions.CultureInvariant)]
    private static partial Regex TimeZoneIdShape();

    [GeneratedRegex("^[A-Z]{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex CountryCodeShape();
}

/// <summary>A validated, normalised <see cref="UpdateProfileRequest"/>.</summary>
public sealed record ProfileEdit(
    string DisplayName,
    string Bio,
    string Locale,
    IReadOnlyList<string> Languages,
    string TimeZone,
    ProfileLocation? Location,
    IReadOnlyList<ProfileRole> Roles,
    ProfileVisibility Visibility,
    string? PhotoUrl,
    IReadOnlyList<WeeklySlot> Availability,
    IReadOnlyList<SessionFormat> SessionFormats)
{
    public void ApplyTo(ProfileDocument profile, DateTimeOffset now)
    {
        profile.DisplayName = DisplayName;
        profile.WriteBio(Bio);
        profile.Locale = Locale;
        profile.Languages = [.. Languages];
        profile.TimeZone = TimeZone;
        profile.Location = Location;
        profile.Roles = [.. Roles];
        profile.Visibility = Visibility;
        profile.PhotoUrl = PhotoUrl;
        profile.Availability = [.. Availability];
        profile.SessionFormats = [.. SessionFormats];
        profile.UpdatedAt = now;
    }
}
