using SkillSwap.DocumentStore;
using SkillSwap.EventBus;
using SkillSwap.IntegrationEvents;
using SkillSwap.Notifications.Inbox;
using SkillSwap.Notifications.Preferences;
using SkillSwap.Notifications.Recipients;
using SkillSwap.Notifications.Sources;

namespace SkillSwap.Notifications.Erasure;

/// <summary>
/// Notifications' part of the right to erasure: the inbox, the switches, what is known of the person and their pending
/// requests are deleted, and a tombstone (the id only) keeps late events from starting a new inbox; then
/// <see cref="UserDataErased"/> in the same commit.
/// </summary>
public sealed class UserErasureRequestedHandler(IDocumentSession db) : IIntegrationEventHandler<UserErasureRequested>
{
    public const string ServiceName = "notifications";

    public async Task HandleAsync(UserErasureRequested integrationEvent, CancellationToken cancellationToken)
    {
        var userId = integrationEvent.UserId;
        db.DeleteWhere<NotificationDocument>(notification => notification.UserId == userId);
        db.DeleteWhere<PendingRequestDocument>(pending => pending.LearnerId == userId || pending.TeacherId == userId);
        db.Delete<PreferencesDocument>(PreferencesDocument.IdFor(userId));
        db.Delete<RecipientDocument>(RecipientDocument.IdFor(userId));
        await db.RecordErasureAsync(userId, cancellationToken);
        db.PublishOnCommit(new UserDataErased(userId, ServiceName));
    }
}
