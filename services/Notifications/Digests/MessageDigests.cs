using Microsoft.Extensions.Options;
using SkillSwap.DocumentStore;
using SkillSwap.EventBus;
using SkillSwap.IntegrationEvents;
using SkillSwap.Notifications.Composing;
using SkillSwap.Notifications.Delivery;
using SkillSwap.Notifications.Preferences;
using SkillSwap.Notifications.Recipients;

namespace SkillSwap.Notifications.Digests;

/// <summary>
/// "Many chat messages while offline → one push": Chat reports each message someone did not see arrive; they are
/// counted in the person's digest for <see cref="NotificationsOptions.MessageDigestDelay"/> after the first, then
/// pushed as one ("5 new messages from Ana and Louis"), in their language and after their quiet hours.
/// </summary>
public sealed class MessageDigests(IDocumentSession db, Notifier notifier, TimeProvider time, IOptions<NotificationsOptions> options) :
    IIntegrationEventHandler<ChatMessageWhileOffline>
{
    private const int Batch = 100;

    public async Task HandleAsync(ChatMessageWhileOffline integrationEvent, CancellationToken cancellationToken)
    {
        var userId = integrationEvent.RecipientId;
        if (await db.IsErasedAsync(userId, cancellationToken)
            || await db.LoadAsync<PreferencesDocument>(PreferencesDocument.IdFor(userId), cancellationToken) is { } preferences
               && !preferences.Allows(NotificationCategory.Messages, NotificationChannel.Push))
        {
            return;
        }
        var digest = await db.LoadAsync<MessageDigestDocument>(MessageDigestDocument.IdFor(userId), cancellationToken);
        if (digest is null)
        {
            digest = new MessageDigestDocument { Id = MessageDigestDocument.IdFor(userId), UserId = userId, DueAt = time.GetUtcNow() + options.Value.MessageDigestDelay };
            db.Insert(digest);
        }
        else
        {
            db.Replace(digest);
        }
        digest.Count++;
        if (!digest.SenderIds.Contains(integrationEvent.SenderId) && digest.SenderIds.Count < MessageDigestDocument.NamedSenders)
        {
            digest.SenderIds.Add(integrationEvent.SenderId);
        }
        if (!digest.ConversationIds.Contains(integrationEvent.ConversationId))
        {
            digest.ConversationIds.Add(integrationEvent.ConversationId);
        }
    }

    /// <summary>Turns each digest whose gathering time is over into one push, in one unit of work each.</summary>
    public async Task FlushDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = await db.Query<MessageDigestDocument>().Where(digest => digest.DueAt <= now).OrderBy(digest => digest.DueAt).Take(Batch).ToListAsync(cancellationToken);
        foreach (var digest in due)
        {
            var recipient = await notifier.RecipientAsync(digest.UserId, cancellationToken);
            var preferences = await db.LoadAsync<PreferencesDocument>(PreferencesDocument.IdFor(digest.UserId), cancellationToken) ?? new PreferencesDocument();
            var senders = new List<string>();
            foreach (var senderId in digest.SenderIds)
            {
                senders.Add((await db.LoadAsync<RecipientDocument>(RecipientDocument.IdFor(senderId), cancellationToken))?.DisplayName ?? "");
            }
            var (title, body) = MessageDigestText.Render(recipient.Locale, digest.Count, senders);
            var data = new Dictionary<string, string> { ["count"] = digest.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            if (digest.ConversationIds.Count == 1)
            {
                data["conversationId"] = digest.ConversationIds[0];
            }
            db.Delete<MessageDigestDocument>(digest.Id);
            notifier.QueuePush(Guid.CreateVersion7(), recipient, preferences, NotificationTemplates.MessagesWhileAway, title, body, data, notificationId: null);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DocumentConcurrencyException)
            {
                // A message was counted in at the same moment: the next tick pushes the digest with it.
                db.ClearPendingChanges();
            }
        }
    }
}

/// <summary>The digest push's words: "Ana sent you 3 messages" / "5 new messages from Ana, Louis and 2 others".</summary>
public static class MessageDigestText
{
    public static (string Title, string Body) Render(string locale, int count, IReadOnlyList<string> senderNames)
    {
        var french = locale == "fr";
        var named = senderNames.Where(name => name.Length > 0).Take(2).ToList();
        var rest = senderNames.Count - named.Count;
        var and = french ? " et " : " and ";
        var who = named.Count == 0 ? (french ? "vos contacts" : "your contacts")
            : rest == 0 ? string.Join(and, named)
            : $"{string.Join(", ", named)}{and}{rest} {(french ? "autre" : "other")}{(rest > 1 ? "s" : "")}";
        return french
            ? (count == 1 ? "Nouveau message" : "Nouveaux messages", count == 1 ? $"Un nouveau message de {who}." : $"{count} nouveaux messages de {who}.")
            : (count == 1 ? "New message" : "New messages", count == 1 ? $"A new message from {who}." : $"{count} new messages from {who}.");
    }
}
