using SkillSwap.DocumentStore;

namespace SkillSwap.Notifications.Preferences;

/// <summary>What a notification is about; each has its own switches per channel.</summary>
public enum NotificationCategory
{
    Sessions,
    Reviews,
    Messages,
    Matches,
    Surveys,
}

public enum NotificationChannel
{
    /// <summary>The inbox in the app, and the realtime push to the app while it is connected.</summary>
    InApp,
    Push,
    Email,
}

/// <summary>A person's switches, category × channel; everything is on until they turn it off.</summary>
public sealed class PreferencesDocument : IDocument
{
    public string Id { get; set; } = "";
    public long Version { get; set; }
    public Guid UserId { get; set; }

    /// <summary>"category:channel" pairs the person turned off.</summary>
    public List<string> Off { get; set; } = [];

    /// <summary>Quiet hours as minutes after local midnight (both set, or neither): plain numbers every store keeps alike.</summary>
    public int? QuietFromMinute { get; set; }
    public int? QuietToMinute { get; set; }

    public QuietHours? GetQuietHours() => QuietFromMinute is { } from && QuietToMinute is { } to
        ? new QuietHours(TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(from)), TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(to)))
        : null;

    /// <summary>When a push may go at the earliest from <paramref name="at"/>: then, or when these quiet hours end on <paramref name="zone"/>'s clock.</summary>
    public DateTimeOffset PushAllowedFrom(DateTimeOffset at, TimeZoneInfo zone) => GetQuietHours()?.NextAllowed(at, zone) ?? at;

    public void SetQuietHours(QuietHours? quietHours)
    {
        QuietFromMinute = quietHours is null ? null : (int)quietHours.From.ToTimeSpan().TotalMinutes;
        QuietToMinute = quietHours is null ? null : (int)quietHours.To.ToTimeSpan().TotalMinutes;
    }

    public static string IdFor(Guid userId) => userId.ToString("N");

    public static string Key(NotificationCategory category, NotificationChannel channel) => $"{category}:{channel}".ToLowerInvariant();

    public bool Allows(NotificationCategory category, NotificationChannel channel) => !Off.Contains(Key(category, channel));
}
