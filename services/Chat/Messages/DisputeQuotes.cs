using SkillSwap.Chat.Conversations;
using SkillSwap.DocumentStore;
using SkillSwap.EventBus;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.Chat.Messages;

/// <summary>
/// A disputed session's conversation, quoted to moderation: Administration reads no other service's data, so Chat
/// sends the exchange the moderator needs to settle it — the last messages up to the dispute, as the person who raised
/// it could read them (nothing from before they joined, nothing deleted or removed).
/// </summary>
public sealed class DisputeQuotes(IDocumentSession db, ILogger<DisputeQuotes> logger) : IIntegrationEventHandler<BookingDisputed>
{
    public const int QuotedMessages = 20;

    public async Task HandleAsync(BookingDisputed disputed, CancellationToken cancellationToken)
    {
        // A group session has a conversation of its own; a one-to-one session is linked to its two people's direct one.
        var conversation = await db.LoadAsync<ConversationDocument>(ConversationDocument.SessionIdFor(disputed.SessionId), cancellationToken)
            ?? await db.Query<ConversationDocument>().Where(c => c.SessionIds.Contains(disputed.SessionId)).FirstOrDefaultAsync(cancellationToken);
        if (conversation is null || !conversation.IsMember(disputed.DisputedBy))
        {
            logger.LogInformation("Dispute of booking {BookingId}: no conversation of its session to quote", disputed.BookingId);
            return;
        }
        var floor = conversation.HistoryFloorOf(disputed.DisputedBy);
        var latest = await db.Query<MessageDocument>()
            .Where(m => m.ConversationId == conversation.Id && m.Sequence > floor && m.SentAt <= disputed.OccurredAt && m.DeletedAt == null)
            .OrderByDescending(m => m.Sequence)
            .Take(QuotedMessages)
            .ToListAsync(cancellationToken);
        db.PublishOnCommit(new DisputedSessionChatQuoted(disputed.BookingId, disputed.SessionId, disputed.DisputedBy, conversation.Id,
            [.. latest.OrderBy(m => m.Sequence).Select(m => m.ToQuote())]));
    }
}
