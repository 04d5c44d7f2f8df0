using System.Text.Json;
using SkillSwap.DocumentStore;
using SkillSwap.IntegrationEvents;
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
/// language and on their clock; the inbox entry and the realtime push (through Chat's hub, by
/// <see cref="RealtimeNotificationRequested"/>) are committed with the caller's unit of work.
/// </summary>
public sealed class Notifier(IDocumentSession db, TimeProvider time)
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
        var preferences = await db.LoadAsync<PreferencesDocument>(PreferencesDocument.IdFor(userId), cancellationToken);
        if (preferences?.Allows(category, NotificationChannel.InApp) == false)
        {
            return;
        }
        var id = NotificationDocument.IdFor(request.SourceEventId, userId);
        if (await db.LoadAsync<NotificationDocument>(id, cancellationToken) is not null)
        {
            return;
        }
        var recipient = await db.LoadAsync<RecipientDocument>(RecipientDocument.IdFor(userId), cancellationToken) ?? RecipientDocument.Unknown(userId);
        var other = request.OtherUserId is { } otherId ? await db.LoadAsync<RecipientDocument>(RecipientDocument.IdFor(otherId), cancellationToken) : null;
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(recipient.TimeZone, out var found) ? found : TimeZoneInfo.Utc;
        var (title, body) = NotificationTemplates.Render(request.Type, recipient.Locale, zone, other?.DisplayName, request.SkillLabel, request.StartsAt);
        var notification = new NotificationDocument
        {
            Id = id,
            UserId = userId,
            Type = request.Type,
            Category = category.ToString().ToLowerInvariant(),
            Title = title,
            Body = body,
            Data = new Dictionary<string, string>(request.Data),
            CreatedAt = time.GetUtcNow(),
        };
        db.Insert(notification);
        db.PublishOnCommit(new RealtimeNotificationRequested(userId, request.Type, JsonSerializer.Serialize(InboxView.Of(notification), Json)));
    }
}
