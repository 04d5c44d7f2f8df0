using SkillSwap.DocumentStore;
using SkillSwap.EventBus;
using SkillSwap.IntegrationEvents;
using SkillSwap.Notifications.Composing;
using SkillSwap.Notifications.Delivery;
using SkillSwap.Notifications.Devices;
using SkillSwap.Notifications.Digests;
using SkillSwap.Notifications.Inbox;
using SkillSwap.Notifications.Preferences;
using SkillSwap.Notifications.Recipients;
using SkillSwap.Notifications.Sources;
using SkillSwap.Notifications.Surveys;

namespace SkillSwap.Notifications.Erasure;

/// <summary>
/// Notifications' part of the right to erasure: the inbox, the switches, what is known of the person, their pending
/// requests, emails and pushes not sent yet, phones and pushes awaiting their receipt, chat digest, survey prompt and matches told are deleted (survey scores stay,
/// anonymous), others' inbox entries that name them are written again without their name ("A member"), and a tombstone (the id only) keeps late events from starting a new inbox; then
/// <see cref="UserDataErased"/> in the same commit.
/// </summary>
public sealed class UserErasureRequestedHandler(IDocumentSession db, Notifier notifier) : IIntegrationEventHandler<UserErasureRequested>
{
    public async Task HandleAsync(UserErasureRequested integrationEvent, CancellationToken cancellationToken)
    {
        var userId = integrationEvent.UserId;
        db.DeleteWhere<NotificationDocument>(notification => notification.UserId == userId);
        db.DeleteWhere<PendingRequestDocument>(pending => pending.LearnerId == userId || pending.TeacherId == userId);
        db.DeleteWhere<DeliveryDocument>(delivery => delivery.UserId == userId);
        db.DeleteWhere<DeviceDocument>(device => device.UserId == userId);
        db.DeleteWhere<PushReceiptDocument>(receipt => receipt.UserId == userId);
        db.Delete<MessageDigestDocument>(MessageDigestDocument.IdFor(userId));
        db.Delete<SurveyPromptDocument>(SurveyPromptDocument.IdFor(userId));
        db.Delete<MatchAnnouncementsDocument>(MatchAnnouncementsDocument.IdFor(userId));
        var naming = await db.Query<NotificationDocument>().Where(notification => notification.OtherUserId == userId).ToListAsync(cancellationToken);
        foreach (var readersEntries in naming.GroupBy(notification => notification.UserId))
        {
            var reader = await notifier.RecipientAsync(readersEntries.Key, cancellationToken);
            foreach (var entry in readersEntries)
            {
                (entry.Title, entry.Body) = NotificationTemplates.Render(entry.Type, reader.Locale, reader.Zone(), other: null, entry.SkillLabel, entry.StartsAt);
                entry.OtherUserId = null;
                entry.Data.Remove("userId");
                db.Replace(entry);
            }
        }
        foreach (var told in await db.Query<MatchAnnouncementsDocument>().Where(told => told.ToldAbout.Contains(userId)).ToListAsync(cancellationToken))
        {
            told.ToldAbout.Remove(userId);
            db.Replace(told);
        }
        // Their NPS scores still count in the KPI, without who gave them or what they wrote.
        foreach (var response in await db.Query<SurveyResponseDocument>().Where(response => response.UserId == userId).ToListAsync(cancellationToken))
        {
            response.UserId = null;
            response.SessionId = null;
            response.Comment = null;
            db.Replace(response);
        }
        db.Delete<PreferencesDocument>(PreferencesDocument.IdFor(userId));
        db.Delete<RecipientDocument>(RecipientDocument.IdFor(userId));
        await db.RecordErasureAsync(userId, cancellationToken);
        db.PublishOnCommit(new UserDataErased(userId, NotificationsServiceExtensions.ServiceName));
    }
}
