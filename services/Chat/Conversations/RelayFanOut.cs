using SkillSwap.Chat.Relay;

namespace SkillSwap.Chat.Conversations;

/// <summary>
/// The relays of the replicas that listen to one conversation, and what each has yet to receive. One batch is in
/// flight per relay at a time (what queued up meanwhile goes in the next), so each replica receives the conversation's
/// events in order: <see cref="IChatRelay.Deliver"/> is not one-way, because Orleans does not keep one-way calls
/// between silos in order. A relay that has not renewed its subscription within the lifetime, or that fails, is
/// forgotten. Used only from its conversation grain's turns.
/// </summary>
public sealed class RelayFanOut(string conversationId, TimeProvider time, TimeSpan subscriptionLifetime, ILogger logger)
{
    private readonly Dictionary<IChatRelay, RelayLink> _relays = [];

    public void Subscribe(IChatRelay relay)
    {
        if (!_relays.TryGetValue(relay, out var link))
        {
            _relays[relay] = link = new RelayLink(relay);
        }
        link.RenewedAt = time.GetUtcNow();
    }

    public void Unsubscribe(IChatRelay relay) => _relays.Remove(relay);

    public void Deliver(ChatDelivery delivery)
    {
        var expired = time.GetUtcNow() - subscriptionLifetime;
        foreach (var link in _relays.Values.ToList())
        {
            if (link.RenewedAt < expired)
            {
                _relays.Remove(link.Relay);
                continue;
            }
            link.Pending.Add(delivery);
            if (!link.Sending)
            {
                SendInOrderAsync(link).Ignore();
            }
        }
    }

    private async Task SendInOrderAsync(RelayLink link)
    {
        link.Sending = true;
        try
        {
            while (link.Pending.Count > 0)
            {
                var batch = link.Pending.ToList();
                link.Pending.Clear();
                await link.Relay.Deliver(batch);
            }
        }
        catch (Exception ex)
        {
            // Its replica is gone or stalled: forget it. A live relay subscribes again within seconds, and its clients
            // fetch what they missed when they see the gap.
            logger.LogDebug(ex, "Relay of conversation {ConversationId} unreachable; dropped", conversationId);
            ChatMetrics.RelayDropped();
            link.Pending.Clear();
            _relays.Remove(link.Relay);
        }
        finally
        {
            link.Sending = false;
        }
    }

    private sealed class RelayLink(IChatRelay relay)
    {
        public IChatRelay Relay { get; } = relay;
        public DateTimeOffset RenewedAt { get; set; }
        public List<ChatDelivery> Pending { get; } = [];
        public bool Sending { get; set; }
    }
}
