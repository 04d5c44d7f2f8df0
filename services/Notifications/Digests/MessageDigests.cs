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
    IIntegrationEventHandler<ChatMessagesWhileOffline>
{
    public async Task HandleAsync(ChatMessagesWhileOffline integrationEvent, CancellationToken cancellationToken)
    {
        var userId = integrationEvent.RecipientId;
        if (await db.IsErasedAsync(userId, cancellationToken)
            || await db.LoadAsync<PreferencesDocument>(PreferencesDocument.IdFor(userId), cancellationToken) is { } preferences
               && !preferences.Allows(NotificationCategory.Messages, NotificationChannel.Push))
        {
            return;
        }
        var digest = await db.EditAsync(MessageDigestDocument.IdFor(userId), id => new MessageDigestDocument { Id = id, UserId = userId }, cancellationToken);
        digest.DueAt ??= time.GetUtcNow() + options.Value.MessageDigestDelay;
        digest.Count += integrationEvent.Count;
        foreach (var sender in integrationEvent.SenderIds.Where(sender => !digest.SenderIds.Contains(sender)))
        {
            if (digest.SenderIds.Count < MessageDigestDocument.NamedSenders)
            {
                digest.SenderIds.Add(sender);
            }
        }
        if (!digest.ConversationIds.Contains(integrationEvent.ConversationId))
        {
            digest.ConversationIds.Add(integrationEvent.ConversationId);
        }
    }

    /// <summary>
    /// Turns one digest whose gathering time is over into one push, emptying it in the same version-checked commit (a
    /// message counted meanwhile makes the commit fail, and the next tick pushes it too). Inside the person's quiet hours
    /// the digest keeps gathering until they end instead: one push in the morning, not one per gathering period.
    /// </summary>
    public async Task FlushAsync(MessageDigestDocument digest, CancellationToken cancellationToken)
    {
        var recipient = await notifier.RecipientAsync(digest.UserId, cancellationToken);
        var preferences = await db.LoadAsync<PreferencesDocument>(PreferencesDocument.IdFor(digest.UserId), cancellationToken) ?? new PreferencesDocument();
        var now = time.GetUtcNow();
        db.Replace(digest);
        if (preferences.PushAllowedFrom(now, recipient.Zone()) is var allowedAt && allowedAt > now)
        {
            digest.DueAt = allowedAt;
            await db.SaveChangesAsync(cancellationToken);
            return;
        }
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
        await notifier.QueuePushAsync($"digest:{digest.Id}:{digest.Round}", recipient, preferences, NotificationTemplates.MessagesWhileAway, title, body, data,
            notificationId: null, cancellationToken);
        digest.Empty();
        await db.SaveChangesAsync(cancellationToken);
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
