using SkillSwap.DocumentStore;
using SkillSwap.EventBus;
using SkillSwap.IntegrationEvents;
using SkillSwap.Notifications.Composing;

namespace SkillSwap.Notifications.Sources;

/// <summary>Sessions' and Reviews' events, turned into notifications for the people they concern.</summary>
public sealed class SessionNotifications(IDocumentSession db, Notifier notifier) :
    IIntegrationEventHandler<SessionRequested>,
    IIntegrationEventHandler<CreditsHeld>,
    IIntegrationEventHandler<SessionConfirmed>,
    IIntegrationEventHandler<SessionDeclined>,
    IIntegrationEventHandler<SessionCancelled>,
    IIntegrationEventHandler<SessionReminderDue>,
    IIntegrationEventHandler<ReviewRevealed>
{
    public async Task HandleAsync(SessionRequested integrationEvent, CancellationToken cancellationToken)
    {
        if (await db.LoadAsync<PendingRequestDocument>(PendingRequestDocument.IdFor(integrationEvent.BookingId), cancellationToken) is null)
        {
            db.Insert(new PendingRequestDocument
            {
                Id = PendingRequestDocument.IdFor(integrationEvent.BookingId),
                SessionId = integrationEvent.SessionId,
                LearnerId = integrationEvent.LearnerId,
                TeacherId = integrationEvent.TeacherId,
                SkillLabel = integrationEvent.SkillLabel,
            });
        }
    }

    public async Task HandleAsync(CreditsHeld integrationEvent, CancellationToken cancellationToken)
    {
        var pending = await db.LoadAsync<PendingRequestDocument>(PendingRequestDocument.IdFor(integrationEvent.BookingId), cancellationToken);
        if (pending is null)
        {
            // The request itself is still on its way: the bus retries this answer until it has arrived.
            throw new InvalidOperationException($"Booking {integrationEvent.BookingId} held before its request arrived; retrying.");
        }
        db.Delete<PendingRequestDocument>(pending.Id);
        await NotifyAsync(integrationEvent, pending.TeacherId, NotificationTemplates.SessionRequested, pending.LearnerId, pending.SkillLabel, null, pending.SessionId, cancellationToken);
    }

    public async Task HandleAsync(SessionConfirmed integrationEvent, CancellationToken cancellationToken)
    {
        foreach (var learner in integrationEvent.LearnerIds)
        {
            await NotifyAsync(integrationEvent, learner, NotificationTemplates.SessionAccepted, integrationEvent.TeacherId, integrationEvent.SkillLabel,
                integrationEvent.StartsAt, integrationEvent.SessionId, cancellationToken);
        }
    }

    public Task HandleAsync(SessionDeclined integrationEvent, CancellationToken cancellationToken) =>
        NotifyAsync(integrationEvent, integrationEvent.LearnerId, NotificationTemplates.SessionDeclined, integrationEvent.TeacherId, integrationEvent.SkillLabel,
            null, integrationEvent.SessionId, cancellationToken);

    public async Task HandleAsync(SessionCancelled integrationEvent, CancellationToken cancellationToken)
    {
        foreach (var person in integrationEvent.LearnerIds.Prepend(integrationEvent.TeacherId).Where(id => id != integrationEvent.CancelledBy).Distinct())
        {
            await NotifyAsync(integrationEvent, person, NotificationTemplates.SessionCancelled, integrationEvent.CancelledBy, integrationEvent.SkillLabel,
                integrationEvent.StartsAt, integrationEvent.SessionId, cancellationToken);
        }
    }

    public async Task HandleAsync(SessionReminderDue integrationEvent, CancellationToken cancellationToken)
    {
        foreach (var person in integrationEvent.LearnerIds.Prepend(integrationEvent.TeacherId).Distinct())
        {
            await NotifyAsync(integrationEvent, person, NotificationTemplates.SessionReminder, null, integrationEvent.SkillLabel,
                integrationEvent.StartsAt, integrationEvent.SessionId, cancellationToken);
        }
    }

    public Task HandleAsync(ReviewRevealed integrationEvent, CancellationToken cancellationToken) =>
        notifier.NotifyAsync(new NotificationRequest(integrationEvent.Id, integrationEvent.RevieweeId, NotificationTemplates.ReviewReceived,
            integrationEvent.AuthorId, integrationEvent.SkillLabel, null,
            new Dictionary<string, string> { ["sessionId"] = integrationEvent.SessionId.ToString(), ["reviewId"] = integrationEvent.ReviewId.ToString() }), cancellationToken);

    private Task NotifyAsync(IntegrationEvent source, Guid userId, string type, Guid? other, string skill, DateTimeOffset? start, Guid sessionId, CancellationToken cancellationToken) =>
        notifier.NotifyAsync(new NotificationRequest(source.Id, userId, type, other, skill, start,
            new Dictionary<string, string> { ["sessionId"] = sessionId.ToString() }), cancellationToken);
}
