using SkillSwap.Chat.Presence;
using SkillSwap.DocumentStore;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.Chat.Conversations;

/// <summary>
/// One conversation's tally of the messages each recipient missed while no app of theirs was in the foreground, handed
/// to Notifications (for one digest push) as one <see cref="ChatMessagesWhileOffline"/> per recipient per flush, so a
/// burst costs one event, not one per message. Owned by the conversation grain: every call runs on its scheduler.
/// </summary>
public sealed class AwayReports(string conversationId, IGrainFactory grains, IDocumentStore store, TimeProvider time, TimeSpan onlineTrustedFor, ILogger logger)
{
    private const int NamedSenders = 10;
    private readonly Dictionary<Guid, DateTimeOffset> _seenOnlineAt = [];
    private Dictionary<Guid, Tally> _pending = [];

    /// <summary>
    /// Counts <paramref name="message"/> for those of <paramref name="recipients"/> who are offline or away. An "online"
    /// answer is trusted for a while; an offline member is asked again each time, so someone who just opened the app is
    /// not pushed what they see.
    /// </summary>
    public async Task CountAsync(MessageView message, IReadOnlyList<Guid> recipients)
    {
        var now = time.GetUtcNow();
        var unsure = recipients.Where(member => !(_seenOnlineAt.TryGetValue(member, out var seenAt) && now - seenAt < onlineTrustedFor)).ToList();
        var presences = await Task.WhenAll(unsure.Select(PresenceOrNullAsync));
        foreach (var presence in presences.OfType<PresenceView>())
        {
            if (presence.Status == PresenceStatus.Online)
            {
                _seenOnlineAt[presence.UserId] = time.GetUtcNow();
                continue;
            }
            _seenOnlineAt.Remove(presence.UserId);
            if (!_pending.TryGetValue(presence.UserId, out var tally))
            {
                _pending[presence.UserId] = tally = new Tally();
            }
            tally.Add([message.SenderId], 1, message.Sequence, message.SentAt);
        }
    }

    /// <summary>One member's presence, or null (logged) when their grain cannot answer: the others are still counted.</summary>
    private async Task<PresenceView?> PresenceOrNullAsync(Guid member)
    {
        try
        {
            return await grains.GetGrain<IUserGrain>(member).GetPresence();
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Presence of {UserId} unknown; a message of {ConversationId} is not counted for their digest", member, conversationId);
            return null;
        }
    }

    /// <summary>Publishes what was counted since the last flush in one commit; on failure it is kept for the next.</summary>
    public async Task FlushAsync()
    {
        if (_pending.Count == 0)
        {
            return;
        }
        var flushing = _pending;
        _pending = [];
        try
        {
            await using var db = store.OpenSession();
            foreach (var (recipient, tally) in flushing)
            {
                db.PublishOnCommit(new ChatMessagesWhileOffline(recipient, conversationId, tally.Senders, tally.Count, tally.LastSequence, tally.LastSentAt));
            }
            await db.SaveChangesAsync();
        }
        catch
        {
            foreach (var (recipient, tally) in flushing)
            {
                if (_pending.TryGetValue(recipient, out var later))
                {
                    tally.Merge(later);
                }
                _pending[recipient] = tally;
            }
            throw;
        }
    }

    private sealed class Tally
    {
        public List<Guid> Senders { get; } = [];
        public int Count { get; private set; }
        public long LastSequence { get; private set; }
        public DateTimeOffset LastSentAt { get; private set; }

        public void Add(IEnumerable<Guid> senders, int count, long sequence, DateTimeOffset sentAt)
        {
            Count += count;
            foreach (var sender in senders.Where(sender => !Senders.Contains(sender)))
            {
                if (Senders.Count < NamedSenders)
                {
                    Senders.Add(sender);
                }
            }
            if (sequence > LastSequence)
            {
                (LastSequence, LastSentAt) = (sequence, sentAt);
            }
        }

        public void Merge(Tally later) => Add(later.Senders, later.Count, later.LastSequence, later.LastSentAt);
    }
}
