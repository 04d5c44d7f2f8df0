using SkillSwap.DocumentStore;
using SkillSwap.EventBus;
using SkillSwap.IntegrationEvents;
using SkillSwap.Notifications.Composing;

namespace SkillSwap.Notifications.Sources;

/// <summary>Whom a person was told about as a new match, and when last: each match once, at most one a day.</summary>
public sealed class MatchAnnouncementsDocument : IDocument
{
    public const int Remembered = 500;

    public string Id { get; set; } = "";
    public long Version { get; set; }
    public Guid UserId { get; set; }
    public DateTimeOffset LastToldAt { get; set; }
    public List<Guid> ToldAbout { get; set; } = [];

    public static string IdFor(Guid userId) => userId.ToString("N");
}

/// <summary>
/// Profiles' new two-sided matches, told to the person they suit: never the same person twice, and no more than one a
/// day — a popular skill must not turn into a stream of pushes.
/// </summary>
public sealed class MatchNotifications(IDocumentSession db, Notifier notifier, TimeProvider time) : IIntegrationEventHandler<MatchFound>
{
    private static readonly TimeSpan AtMostEvery = TimeSpan.FromDays(1);

    public async Task HandleAsync(MatchFound integrationEvent, CancellationToken cancellationToken)
    {
        var userId = integrationEvent.UserId;
        if (await db.IsErasedAsync(userId, cancellationToken) || await db.IsErasedAsync(integrationEvent.MatchedUserId, cancellationToken))
        {
            return;
        }
        var now = time.GetUtcNow();
        var told = await db.LoadAsync<MatchAnnouncementsDocument>(MatchAnnouncementsDocument.IdFor(userId), cancellationToken);
        if (told is not null && (told.ToldAbout.Contains(integrationEvent.MatchedUserId) || now - told.LastToldAt < AtMostEvery))
        {
            return;
        }
        told = db.Edit(told, () => new MatchAnnouncementsDocument { Id = MatchAnnouncementsDocument.IdFor(userId), UserId = userId });
        told.LastToldAt = now;
        told.ToldAbout.Add(integrationEvent.MatchedUserId);
        if (told.ToldAbout.Count > MatchAnnouncementsDocument.Remembered)
        {
            told.ToldAbout.RemoveAt(0);
        }
        await notifier.NotifyAsync(new NotificationRequest(integrationEvent.Id, userId, NotificationTemplates.NewMatch, integrationEvent.MatchedUserId,
            integrationEvent.SkillLabel, null, new Dictionary<string, string> { ["userId"] = integrationEvent.MatchedUserId.ToString() }), cancellationToken);
    }
}
