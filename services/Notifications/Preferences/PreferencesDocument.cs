using SkillSwap.DocumentStore;

namespace SkillSwap.Notifications.Preferences;

/// <summary>What a notification is about; each has its own switches per channel.</summary>
public enum NotificationCategory
{
    Sessions,
    Reviews,
    Messages,
    Matches,
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

    public static string IdFor(Guid userId) => userId.ToString("N");

    public static string Key(NotificationCategory category, NotificationChannel channel) => $"{category}:{channel}".ToLowerInvariant();

    public bool Allows(NotificationCategory category, NotificationChannel channel) => !Off.Contains(Key(category, channel));
}
