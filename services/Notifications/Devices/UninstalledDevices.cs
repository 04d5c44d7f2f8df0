using SkillSwap.DocumentStore;

namespace SkillSwap.Notifications.Devices;

/// <summary>
/// Forgets a token Expo no longer knows (its ticket or, minutes later, its receipt said <c>DeviceNotRegistered</c>),
/// whoever holds it now: the app was uninstalled, and a fresh install registers a new token.
/// </summary>
public static class UninstalledDevices
{
    public static async Task ForgetAsync(IServiceScopeFactory scopes, string token, Guid heldBy, ILogger logger, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IDocumentSession>();
        db.Delete<DeviceDocument>(token);
        await db.SaveChangesAsync(cancellationToken);
        NotificationsMetrics.DevicePruned();
        logger.LogInformation("A device token of {UserId} was pruned: Expo reports it no longer registered", heldBy);
    }
}
