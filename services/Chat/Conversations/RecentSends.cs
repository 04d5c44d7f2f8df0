using SkillSwap.Chat.Messages;
using SkillSwap.DocumentStore;

namespace SkillSwap.Chat.Conversations;

/// <summary>
/// The last sends of one conversation (<see cref="ChatOptions.RetriedSendWindow"/> of them), by sender and client
/// message id: a send the app retries gets the message stored the first time, even while that one is still being
/// written, instead of a second copy.
/// </summary>
public sealed class RecentSends(int window)
{
    private readonly Dictionary<(Guid Sender, string ClientId), Task<MessageView>> _sends = [];
    private readonly Queue<(Guid Sender, string ClientId)> _order = new();

    /// <summary>
    /// Remembers the conversation's last stored messages, so that a send retried across a restart of the conversation
    /// still finds its message; returns them, newest first.
    /// </summary>
    public async Task<IReadOnlyList<MessageDocument>> LoadAsync(IDocumentSession db, string conversationId, CancellationToken cancellationToken)
    {
        var recent = await db.Query<MessageDocument>()
            .Where(message => message.ConversationId == conversationId)
            .OrderByDescending(message => message.Sequence)
            .Take(window)
            .ToListAsync(cancellationToken);
        foreach (var message in Enumerable.Reverse(recent))
        {
            Remember((message.SenderId, message.ClientMessageId), Task.FromResult(message.ToView()));
        }
        return recent;
    }

    public bool TryGet((Guid Sender, string ClientId) key, out Task<MessageView> send) => _sends.TryGetValue(key, out send!);

    public void Remember((Guid Sender, string ClientId) key, Task<MessageView> send)
    {
        _sends[key] = send;
        _order.Enqueue(key);
        while (_order.Count > window && _order.TryDequeue(out var oldest))
        {
            _sends.Remove(oldest);
        }
    }

    /// <summary>Forgets a send that failed, unless a newer one took its place meanwhile.</summary>
    public void Forget((Guid Sender, string ClientId) key, Task<MessageView> send)
    {
        if (_sends.TryGetValue(key, out var remembered) && remembered == send)
        {
            _sends.Remove(key);
        }
    }

    /// <summary>Waits for the sender's sends still on their way to the archive, then forgets all of theirs.</summary>
    public async Task SettleAndForgetAsync(Guid sender)
    {
        var inFlight = _sends.Where(pair => pair.Key.Sender == sender).Select(pair => pair.Value).ToList();
        await Task.WhenAll(inFlight).ContinueWith(_ => { }, TaskScheduler.Current);
        foreach (var key in _sends.Keys.Where(key => key.Sender == sender).ToList())
        {
            _sends.Remove(key);
        }
    }
}
