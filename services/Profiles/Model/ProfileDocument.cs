using SkillSwap.DocumentStore;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.Profiles.Model;

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

public enum SessionFormat
{
    Online,
    InPerson,
}

/// <summary>Where the person is, no finer than a city: enough for "near me", never an address.</summary>
public sealed record ProfileLocation(string? City, string Country);

/// <summary>
/// A weekly time range in the owner's own time zone (minutes since midnight, end exclusive, up to 1440), so "Mondays
/// 18:00–21:00" stays that on the owner's clock across daylight-saving changes; conversions happen when comparing.
/// </summary>
public sealed record WeeklySlot(DayOfWeek Day, int StartMinute, int EndMinute);

/// <summary>A skill someone teaches. <see cref="SkillId"/> is the catalogue id, null for free text no entry matched.</summary>
public sealed record OfferedSkill(string? SkillId, string Label, int Level, int? YearsOfPractice, string? EvidenceUrl);

/// <summary>A skill someone wants to learn, the level they aim at and, in their words, why.</summary>
public sealed record WantedSkill(string? SkillId, string Label, int TargetLevel, string? Goal);

/// <summary>What the rest of the platform says about the person: reviews (from the Reviews service) and completed sessions.</summary>
public sealed record ProfileTrust(double Average, double BayesianAverage, int ReviewCount, int CompletedSessions)
{
    /// <summary>The <c>UserRatingChanged.RatingVersion</c> this came from (0: unknown).</summary>
    public long Version { get; init; }
}

/// <summary>How reliably the person shows up, as Sessions records it: sessions completed, late cancellations, upheld no-shows.</summary>
public sealed record ProfileReliability(int CompletedSessions, int LateCancellations, int NoShows);

/// <summary>
/// One person's profile. <see cref="Id"/> is derived from the user id, so the profile created from
/// <c>UserRegistered</c> can only ever exist once, however often the event arrives.
/// </summary>
public sealed class ProfileDocument : IDocument, ISanctionRecord
{
    public string Id { get; init; } = "";

    public long Version { get; set; }

    public Guid UserId { get; init; }

    public string DisplayName { get; set; } = "";

    /// <summary>Plain text, shown as text by clients; never interpreted as markup.</summary>
    public string Bio { get; set; } = "";

    /// <summary>When a moderator removed the bio; readers are told until its owner writes a new one.</summary>
    public DateTimeOffset? BioRemovedAt { get; set; }

    /// <summary>"fr" or "en": the language of the app and of what the platform sends the user.</summary>
    public string Locale { get; set; } = "";

    /// <summary>ISO 639-1 codes of the languages the person can hold a session in.</summary>
    public List<string> Languages { get; set; } = [];

    /// <summary>IANA time zone id; null until the user sets it (the account carries none).</summary>
    public string? TimeZone { get; set; }

    public ProfileLocation? Location { get; set; }

    public List<ProfileRole> Roles { get; set; } = [];

    public ProfileVisibility Visibility { get; set; } = ProfileVisibility.MatchesOnly;

    /// <summary>An https URL of a picture hosted elsewhere; the service stores the link, never the image.</summary>
    public string? PhotoUrl { get; set; }

    public List<WeeklySlot> Availability { get; set; } = [];

    public List<SessionFormat> SessionFormats { get; set; } = [];

    public List<OfferedSkill> Offered { get; set; } = [];

    public List<WantedSkill> Wanted { get; set; } = [];

    /// <summary>Null until the first review arrives.</summary>
    public ProfileTrust? Trust { get; set; }
    public ProfileReliability? Reliability { get; set; }

    /// <summary>People this user blocked: never suggested, found or shown to them, and they never see this user.</summary>
    public List<Guid> BlockedUserIds { get; set; } = [];

    /// <summary>Suggestions this user waved away: no longer suggested to them, still findable by search.</summary>
    public List<Guid> DismissedUserIds { get; set; } = [];

    /// <summary>The moderators' sanction (suspension or ban) in force, if any: meanwhile nobody finds or is matched with the person.</summary>
    public Guid? SanctionId { get; set; }

    /// <inheritdoc/>
    public Guid? NewestSanctionId { get; set; }

    /// <summary>Moderation blanks the bio; false when it is already removed (nothing new written since).</summary>
    public bool RemoveBioByModeration(DateTimeOffset now)
    {
        if (BioRemovedAt is not null && Bio.Length == 0)
        {
            return false;
        }
        Bio = "";
        BioRemovedAt = now;
        return true;
    }

    /// <summary>A new bio from its owner replaces the one moderation removed.</summary>
    public void WriteBio(string bio)
    {
        if (bio != Bio)
        {
            Bio = bio;
            BioRemovedAt = null;
        }
    }

    /// <summary>Whether the profile belongs in search and matches (the one rule every indexing path asks).</summary>
    public bool IsListed => SanctionId is null;

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>When the person's matches list first had someone in it (<see cref="IntegrationEvents.FirstMatchesShown"/>, once).</summary>
    public DateTimeOffset? FirstMatchesShownAt { get; set; }

    /// <summary>Fixed-width lowercase ("N"), as the document store recommends for ids used in ordering.</summary>
    public static string IdFor(Guid userId) => userId.ToString("N");
}
