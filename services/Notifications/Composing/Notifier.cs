using System.Text.Json;
using Microsoft.Extensions.Options;
using SkillSwap.DocumentStore;
using SkillSwap.IntegrationEvents;
using SkillSwap.Notifications.Delivery;
using SkillSwap.Notifications.Devices;
using SkillSwap.Notifications.Inbox;
using SkillSwap.Notifications.Preferences;
using SkillSwap.Notifications.Recipients;

namespace SkillSwap.Notifications.Composing;

/// <summary>What happened, for whom: the source event's id (for idempotence), the other person, the skill, when.</summary>
public sealed record NotificationRequest(
    Guid SourceEventId,
    Guid UserId,
    string Type,
    Guid? OtherUserId,
    string SkillLabel,
    DateTimeOffset? StartsAt,
    IReadOnlyDictionary<string, string> Data);

/// <summary>
/// The one way a notification is made: the recipient's switches decide the channels; the text is written in their
/// language and on their clock; the inbox entry with its realtime push (through Chat's hub, by
/// <see cref="RealtimeNotificationRequested"/>), the email and the device push (held back by quiet hours) are all
/// staged in the caller's unit of work, which the event bus commits once per event.
/// </summary>
public sealed class Notifier(IDocumentSession db, TimeProvider time, IOptions<NotificationsOptions> options)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task NotifyAsync(NotificationRequest request, CancellationToken cancellationToken)
    {
        var userId = request.UserId;
        if (userId == Guid.Empty || await db.IsErasedAsync(userId, cancellationToken))
        {
            return;
        }
        var category = NotificationTemplates.CategoryOf(request.Type);
        var preferences = await db.LoadAsync<PreferencesDocument>(PreferencesDocument.IdFor(userId), cancellationToken) ?? new PreferencesDocument();
        var recipient = await RecipientAsync(userId, cancellationToken);
        var other = request.OtherUserId is { } otherId ? await db.LoadAsync<RecipientDocument>(RecipientDocument.IdFor(otherId), cancellationToken) : null;
        var (title, body) = NotificationTemplates.Render(request.Type, recipient.Locale, recipient.Zone(), other?.DisplayName, request.SkillLabel, request.StartsAt);
        var now = time.GetUtcNow();
        var link = LinkFor(request.Data);

        string? notificationId = null;
        if (preferences.Allows(category, NotificationChannel.InApp))
        {
            var notification = new NotificationDocument
            {
                Id = NotificationDocument.IdFor(request.SourceEventId, userId),
                UserId = userId,
                Type = request.Type,
                Category = category.ToString().ToLowerInvariant(),
                Title = title,
                Body = body,
                Data = new Dictionary<string, string>(request.Data),
                CreatedAt = now,
                OtherUserId = request.OtherUserId,
                SkillLabel = request.SkillLabel,
                StartsAt = request.StartsAt,
            };
            db.Insert(notification);
            db.PublishOnCommit(new RealtimeNotificationRequested(userId, request.Type, JsonSerializer.Serialize(InboxView.Of(notification), Json)));
            notificationId = notification.Id;
        }
        if (preferences.Allows(category, NotificationChannel.Email) && recipient.Email.Length > 0)
        {
            QueueEmail(request.SourceEventId, recipient, request.Type, EmailTemplates.Notification(recipient.Locale, recipient.DisplayName, title, body, link));
        }
        if (preferences.Allows(category, NotificationChannel.Push))
        {
            await QueuePushAsync(DeliveryDocument.IdFor(request.SourceEventId, userId, DeliveryChannel.Push), recipient, preferences, request.Type, title, body, request.Data, notificationId, cancellationToken);
        }
    }

    /// <summary>What is known of the person, or an English speaker on UTC without address if nothing is yet.</summary>
    public async Task<RecipientDocument> RecipientAsync(Guid userId, CancellationToken cancellationToken) =>
        await db.LoadAsync<RecipientDocument>(RecipientDocument.IdFor(userId), cancellationToken) ?? RecipientDocument.Unknown(userId);

    public void QueueEmail(Guid sourceEventId, RecipientDocument recipient, string type, EmailContent email) =>
        QueueEmail(sourceEventId, recipient.UserId, recipient.Email, recipient.Locale, type, email);

    public void QueueEmail(Guid sourceEventId, Guid userId, string address, string locale, string type, EmailContent email)
    {
        var now = time.GetUtcNow();
        db.Insert(new DeliveryDocument
        {
            Id = DeliveryDocument.IdFor(sourceEventId, userId, DeliveryChannel.Email),
            UserId = userId,
            Channel = DeliveryChannel.Email,
            Type = type,
            Title = email.Subject,
            Body = email.Text,
            Html = email.Html,
            EmailAddress = address,
            Data = new Dictionary<string, string> { ["locale"] = locale },
            CreatedAt = now,
            DueAt = now,
        });
    }

    /// <summary>
    /// A push to the person's phones, due now or when their quiet hours end; nothing for someone with no phone
    /// registered (most notifications of people who use the app on the web, or never allowed pushes).
    /// </summary>
    public async Task QueuePushAsync(string deliveryId, RecipientDocument recipient, PreferencesDocument preferences, string type, string title, string body,
        IReadOnlyDictionary<string, string> data, string? notificationId, CancellationToken cancellationToken)
    {
        var userId = recipient.UserId;
        if (!await db.Query<DeviceDocument>().Where(device => device.UserId == userId).AnyAsync(cancellationToken))
        {
            return;
        }
        var now = time.GetUtcNow();
        db.Insert(new DeliveryDocument
        {
            Id = deliveryId,
            UserId = recipient.UserId,
            Channel = DeliveryChannel.Push,
            Type = type,
            Title = title,
            Body = body,
            NotificationId = notificationId,
            Data = new Dictionary<string, string>(data) { ["type"] = type },
            CreatedAt = now,
            DueAt = preferences.PushAllowedFrom(now, recipient.Zone()),
        });
    }

    /// <summary>A link into the app (<see cref="NotificationsOptions.AppUrl"/>) at <paramref name="pathAndQuery"/>.</summary>
    public string AppLink(string pathAndQuery) => $"{options.Value.AppUrl.TrimEnd('/')}/{pathAndQuery}";

    /// <summary>Where an email's button leads: the session or person it is about, else the inbox.</summary>
    private string LinkFor(IReadOnlyDictionary<string, string> data) =>
        data.TryGetValue("sessionId", out var sessionId) ? AppLink($"sessions/{Uri.EscapeDataString(sessionId)}")
        : data.TryGetValue("userId", out var userId) ? AppLink($"profiles/{Uri.EscapeDataString(userId)}")
        : AppLink("notifications");
}
