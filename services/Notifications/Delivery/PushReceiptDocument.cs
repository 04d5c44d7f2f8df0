using SkillSwap.DocumentStore;

namespace SkillSwap.Notifications.Delivery;

/// <summary>
/// A push Expo accepted (its ticket id), waiting to be checked: only the receipt, minutes later, says whether Apple or
/// Google delivered it, and most uninstalled apps show up there, not in the ticket. See <see cref="PushReceiptChecker"/>.
/// </summary>
public sealed class PushReceiptDocument : IDocument
{
    /// <summary>Expo's ticket id.</summary>
    public string Id { get; set; } = "";
    public long Version { get; set; }

    /// <summary>The device's push token (its <see cref="Devices.DeviceDocument"/> id), that document's version, and who held it when pushed.</summary>
    public string DeviceToken { get; set; } = "";
    public long DeviceVersion { get; set; }
    public Guid UserId { get; set; }
    public DateTimeOffset SentAt { get; set; }
    public DateTimeOffset CheckAfter { get; set; }
}
