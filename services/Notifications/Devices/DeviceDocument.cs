using SkillSwap.DocumentStore;

namespace SkillSwap.Notifications.Devices;

/// <summary>
/// A phone that may receive pushes: its Expo push token, registered by the app after sign-in. The token is the id,
/// so a phone that changes hands (another account signs in) belongs to the last one who registered it.
/// </summary>
public sealed class DeviceDocument : IDocument
{
    public string Id { get; set; } = "";
    public long Version { get; set; }
    public Guid UserId { get; set; }
    public string Platform { get; set; } = "";
    public DateTimeOffset RegisteredAt { get; set; }

    /// <summary>The sign-in whose token registered the phone (<c>sid</c>): its logout stops the pushes.</summary>
    public Guid? SignInId { get; set; }
}
