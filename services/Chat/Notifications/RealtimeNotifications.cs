using System.Text.Json;
using SkillSwap.Chat.Presence;
using SkillSwap.Chat.Relay;
using SkillSwap.EventBus;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.Chat.Notifications;

/// <summary>
/// The internal way for other services to reach a user's apps in real time: they publish
/// <see cref="RealtimeNotificationRequested"/>; the user's grain hands it to every connection they have open.
/// </summary>
public sealed class RealtimeNotifications(IGrainFactory grains, ILogger<RealtimeNotifications> logger) : IIntegrationEventHandler<RealtimeNotificationRequested>
{
    public Task HandleAsync(RealtimeNotificationRequested integrationEvent, CancellationToken cancellationToken)
    {
        if (!IsJsonObject(integrationEvent.Payload))
        {
            logger.LogWarning("Dropped notification {Type} for {UserId}: its payload is not a JSON object", integrationEvent.Type, integrationEvent.UserId);
            return Task.CompletedTask;
        }
        var notification = new NotificationView(integrationEvent.Type, integrationEvent.Payload, integrationEvent.OccurredAt);
        return grains.GetGrain<IUserGrain>(integrationEvent.UserId).Push(ClientEvents.Notification, notification);
    }

    private static bool IsJsonObject(string payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
