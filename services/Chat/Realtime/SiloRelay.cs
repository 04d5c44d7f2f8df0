using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using SkillSwap.Chat.Conversations;
using SkillSwap.Chat.Presence;
using SkillSwap.DocumentStore;

namespace SkillSwap.Chat.Realtime;

/// <summary>
/// This silo's relay: the only way grains reach the SignalR connections open on this replica. It listens to the
/// conversations of the users connected here (one subscription per conversation, whatever the number of local
/// members), sends each delivery to the local connections of its recipients, and every
/// <see cref="ChatOptions.RelayRefreshInterval"/> renews its subscriptions and re-announces its connections, so
/// grains that were re-activated elsewhere after a crash find it again.
/// </summary>
public sealed class SiloRelay(
    IGrainFactory grains,
    IHubContext<ChatHub> hub,
    IDocumentStore store,
    IOptions<ChatOptions> options,
    ILogger<SiloRelay> logger) : BackgroundService, IChatRelay
{
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<string, byte>> _connections = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Guid, byte>> _listeners = new();
    private IChatRelay? _reference;

    public async Task ConnectedAsync(Guid userId, string connectionId)
    {
        ChatMetrics.Connected();
        _connections.GetOrAdd(userId, _ => new()).TryAdd(connectionId, 0);
        await grains.GetGrain<IUserGrain>(userId).Connect(connectionId, Reference);
        await using var db = store.OpenSession();
        foreach (var conversation in await ConversationDirectory.OfMemberAsync(db, userId))
        {
            await ListenAsync(conversation.Id, userId);
        }
    }

    public async Task DisconnectedAsync(Guid userId, string connectionId)
    {
        ChatMetrics.Disconnected();
        if (_connections.TryGetValue(userId, out var connections))
        {
            connections.TryRemove(connectionId, out _);
            if (connections.IsEmpty && _connections.TryRemove(new KeyValuePair<Guid, ConcurrentDictionary<string, byte>>(userId, connections)))
            {
                await StopListeningAsync(userId);
            }
        }
        await grains.GetGrain<IUserGrain>(userId).Disconnect(connectionId);
    }

    public async Task Deliver(IReadOnlyList<ChatDelivery> deliveries)
    {
        foreach (var delivery in deliveries)
        {
            var local = delivery.Recipients
                .SelectMany(userId => _connections.TryGetValue(userId, out var connections) ? connections.Keys : Enumerable.Empty<string>())
                .ToList();
            if (local.Count == 0)
            {
                continue;
            }
            if (delivery is { Event: ClientEvents.ConversationOpened, Payload: ConversationView opened })
            {
                foreach (var userId in delivery.Recipients.Where(_connections.ContainsKey))
                {
                    ListenAsync(opened.Id, userId).Ignore();
                }
            }
            // By connection id: addressing users would make SignalR look through every connection of the replica.
            await hub.Clients.Clients(local).SendAsync(delivery.Event, ClientPayload(delivery.Payload));
            ChatMetrics.Push(delivery.Event, local.Count);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RelayRefreshInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RenewAsync();
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Renewing the relay's subscriptions failed; retrying at the next tick");
            }
        }
    }

    private IChatRelay Reference => LazyInitializer.EnsureInitialized(ref _reference, () => grains.CreateObjectReference<IChatRelay>(this));

    private async Task RenewAsync()
    {
        var renewals = _listeners.Keys.Select(id => grains.GetGrain<IConversationGrain>(id).Subscribe(Reference))
            .Concat(_connections.Select(user => grains.GetGrain<IUserGrain>(user.Key).Refresh(Reference, [.. user.Value.Keys])));
        await Task.WhenAll(renewals);
    }

    private async Task ListenAsync(string conversationId, Guid userId)
    {
        var listeners = _listeners.GetOrAdd(conversationId, _ => new());
        var first = listeners.IsEmpty;
        listeners.TryAdd(userId, 0);
        if (first)
        {
            await grains.GetGrain<IConversationGrain>(conversationId).Subscribe(Reference);
        }
    }

    private async Task StopListeningAsync(Guid userId)
    {
        foreach (var (conversationId, listeners) in _listeners)
        {
            if (listeners.TryRemove(userId, out _) && listeners.IsEmpty
                && _listeners.TryRemove(new KeyValuePair<string, ConcurrentDictionary<Guid, byte>>(conversationId, listeners)))
            {
                await grains.GetGrain<IConversationGrain>(conversationId).Unsubscribe(Reference);
            }
        }
    }

    /// <summary>Notifications travel with their payload as JSON text; the app receives it as an object.</summary>
    private static object ClientPayload(object payload) => payload is NotificationView notification
        ? new { notification.Type, Payload = JsonDocument.Parse(notification.Payload).RootElement, notification.OccurredAt }
        : payload;
}
