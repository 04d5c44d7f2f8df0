using SkillSwap.DocumentStore;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.Sessions.Participants;

/// <summary>
/// What Sessions knows of a person, projected from Profiles' events: their clock (to show times in their zone and
/// check slots against their availability) and whom they blocked (blocked people cannot plan sessions together).
/// </summary>
public sealed class ParticipantDocument : IDocument, ISanctionRecord
{
    public string Id { get; set; } = "";
    public long Version { get; set; }
    public Guid UserId { get; set; }
    public string? DisplayName { get; set; }

    /// <summary>When the account was created (<c>UserRegistered</c>); null for people known before it was recorded.</summary>
    public DateTimeOffset? RegisteredAt { get; set; }
    public string? TimeZone { get; set; }
    public List<WeeklyAvailability> Availability { get; set; } = [];
    public List<Guid> BlockedUserIds { get; set; } = [];

    /// <summary>The <c>ProfileUpdated.ProfileVersion</c> the name, clock and availability came from (0: none yet, or an older event).</summary>
    public long ProfileVersion { get; set; }

    /// <summary>The moderators' sanction in force, if any: Sessions cancels the person's upcoming sessions once for it.</summary>
    public Guid? SanctionId { get; set; }

    /// <inheritdoc/>
    public Guid? NewestSanctionId { get; set; }

    public bool IsNewMember(DateTimeOffset now, TimeSpan period) => RegisteredAt is { } registered && now - registered < period;

    public static string IdFor(Guid userId) => userId.ToString("N");

    public static ParticipantDocument New(Guid userId) => new() { Id = IdFor(userId), UserId = userId };

    public TimeZoneInfo Zone() =>
        TimeZone is not null && TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>
    /// Whether [start, start + minutes) lies inside one of the person's weekly ranges, read on their clock on that very
    /// date, so a range of "Monday 18:00–20:00" means 18:00 local before and after a daylight-saving change. Someone
    /// who published no availability is taken as open to any proposal (they accept or decline it themselves).
    /// </summary>
    public bool IsAvailable(DateTimeOffset start, int minutes)
    {
        if (Availability.Count == 0)
        {
            return true;
        }
        var zone = Zone();
        var localStart = TimeZoneInfo.ConvertTime(start, zone);
        var localEnd = TimeZoneInfo.ConvertTime(start.AddMinutes(minutes), zone);
        if (localEnd.Date != localStart.Date && localEnd.TimeOfDay != TimeSpan.Zero)
        {
            return false;
        }
        var startMinute = (int)localStart.TimeOfDay.TotalMinutes;
        var endMinute = localEnd.TimeOfDay == TimeSpan.Zero && localEnd.Date != localStart.Date ? 24 * 60 : (int)localEnd.TimeOfDay.TotalMinutes;
        return Availability.Any(range => range.Day == localStart.DayOfWeek && range.StartMinute <= startMinute && endMinute <= range.EndMinute);
    }
}
