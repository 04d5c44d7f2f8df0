using SkillSwap.DocumentStore;

namespace SkillSwap.Profiles.Profiles;

public enum ProfileRole
{
    Learner,
    Teacher,
    Mentor,
}

public enum ProfileVisibility
{
    /// <summary>Any signed-in user can read the public part of the profile.</summary>
    Public,

    /// <summary>Only people the user is matched with (once matching exists); strangers get 404.</summary>
    MatchesOnly,
}

/// <summary>Where the person is, no finer than a city: enough for "near me", never an address.</summary>
public sealed record ProfileLocation(string? City, string Country);

/// <summary>
/// One person's profile. <see cref="Id"/> is derived from the user id, so the profile created from
/// <c>UserRegistered</c> can only ever exist once, however often the event arrives.
/// </summary>
public sealed class ProfileDocument : IDocument
{
    public string Id { get; init; } = "";

    public long Version { get; set; }

    public Guid UserId { get; init; }

    public string DisplayName { get; set; } = "";

    /// <summary>Plain text, shown as text by clients; never interpreted as markup.</summary>
    public string Bio { get; set; } = "";

    /// <summary>"fr" or "en": the language of the app and of what the platform sends the user.</summary>
    public string Locale { get; set; } = "";

    /// <summary>ISO 639-1 codes of the languages the person can hold a session in.</summary>
    public List<string> Languages { get; set; } = [];

    /// <summary>IANA time zone id; null until the user sets it (the account carries none).</summary>
    public string? TimeZone { get; set; }

    public ProfileLocation? Location { get; set; }

    public List<ProfileRole> Roles { get; set; } = [];

    public ProfileVisibility Visibility { get; set; } = ProfileVisibility.MatchesOnly;

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Fixed-width lowercase ("N"), as the document store recommends for ids used in ordering.</summary>
    public static string IdFor(Guid userId) => userId.ToString("N");
}
