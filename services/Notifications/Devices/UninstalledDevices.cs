using SkillSwap.DocumentStore;

namespace SkillSwap.Notifications.Devices;

/// <summary>
/// Forgets a token Expo no longer knows (its ticket or, minutes later, its receipt said <c>DeviceNotRegistered</c>):
/// the app was uninstalled, and a fresh install registers a new token. Unless the token was registered again after the
/// push Expo judged (the app ran since, on this account or on another that signed in on the phone): its document then
/// has another version, and it stays. (A version, not the registration time: stores round times differently.)
/// </summary>
public static class UninstalledDevices
{
    /// <summary>Stages the deletion in <paramref name="db"/>, if the device is still the version that was pushed to.</summary>
    public static void Forget(IDocumentSession db, string token, long versionPushedTo) =>
        db.DeleteWhere<DeviceDocument>(device => device.Id == token && device.Version == versionPushedTo);

    /// <summary>After the commit: counts and logs what was forgotten.</summary>
    public static void Report(int count, ILogger logger)
    {
        NotificationsMetrics.DevicesPruned(count);
        logger.LogInformation("{Count} device tokens were pruned: Expo reports them no longer registered", count);
    }
}
