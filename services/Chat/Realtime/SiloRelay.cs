using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using SkillSwap.Chat.Conversations;
using SkillSwap.Chat.Presence;
using SkillSwap.Chat.Relay;
using SkillSwap.Chat.SignIns;
using SkillSwap.DocumentStore;

namespace SkillSwap.Chat.Realtime;

/// <summary>
/// This silo's relay: the only way grains reach the SignalR connections open on this replica. It listens to the
/// conversations of the users connected here (one subscription per conversation, whatever the number of local
/// members), hands each delivery to the local connections of its recipients, and every
/// <see cref="ChatOptions.RelayRefreshInterval"/> renews its subscriptions and re-announces its connections, so grains
/// re-activated elsewhere after a crash find it again. Its bookkeeping is guarded by one lock: connecting, leaving and
/// delivering must see the same state.
/// </summary>
public sealed class SiloRelay(
    IGrainFactory grains,
    IHubContext<ChatHub> hub,
    IDocumentStore store,
    IOptions<ChatOptions> options,
    ILogger<SiloRelay> logger) : BackgroundService, IChatRelay, IConversationListeners
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, Dictionary<string, HubCallerContext>> _connections = [];
    private readonly Dictionary<string, Listening> _listening = [];
    private IChatRelay? _reference;

    private IChatRelay Reference => LazyInitializer.EnsureInitialized(ref _reference, () => grains.CreateObjectReference<IChatRelay>(this));

    /// <summary>
    /// Registers a new connection and returns once this replica listens to every conversation of the user; if that
    /// fails, or the person already holds the most connections allowed (false), the connection is forgotten again
    /// (SignalR does not call <c>OnDisconnectedAsync</c> after a failed connect).
    /// </summary>
    public async Task<bool> ConnectedAsync(Guid userId, HubCallerContext connection)
    {
        ChatMetrics.Connected();
        lock (_gate)
        {
            if (!_connections.TryGetValue(userId, out var connections))
            {
                _connections[userId] = connections = [];
            }
            connections[connection.ConnectionId] = connection;
        }
        try
        {
            if (!await grains.GetGrain<IUserGrain>(userId).Connect(connection.ConnectionId, Reference))
            {
                await DisconnectedAsync(userId, connection.ConnectionId);
                return false;
            }
            await using var db = store.OpenSession();
            foreach (var conversation in await ConversationDirectory.OfMemberAsync(db, userId))
            {
                await ListenAsync(conversation.Id, userId);
            }
            return true;
        }
        catch
        {
            await DisconnectedAsync(userId, connection.ConnectionId);
            throw;
        }
    }

    public async Task DisconnectedAsync(Guid userId, string connectionId)
    {
        ChatMetrics.Disconnected();
        var silenced = new List<string>();
        lock (_gate)
        {
            if (_connections.TryGetValue(userId, out var connections) && connections.Remove(connectionId) && connections.Count == 0)
            {
                _connections.Remove(userId);
                foreach (var (conversationId, listening) in _listening)
                {
                    if (listening.Users.Remove(userId) && listening.Users.Count == 0)
                    {
                        silenced.Add(conversationId);
                    }
                }
                silenced.ForEach(conversationId => _listening.Remove(conversationId));
            }
        }
        foreach (var conversationId in silenced)
        {
            // Best effort: an unrenewed subscription expires anyway.
            await grains.GetGrain<IConversationGrain>(conversationId).Unsubscribe(Reference).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        await grains.GetGrain<IUserGrain>(userId).Disconnect(connectionId);
    }

    /// <summary>
    /// Hands the deliveries to SignalR without waiting for the connections to take them: one slow phone must not hold up
    /// this replica's other conversations. Each connection still gets them in this order (SignalR queues a connection's
    /// writes first come, first served).
    /// </summary>
    public Task Deliver(IReadOnlyList<ChatDelivery> deliveries)
    {
        foreach (var delivery in deliveries)
        {
            List<string> local;
            lock (_gate)
            {
                // Not for the app: the account is gone, or sign-ins ended, and so are their connections.
                if (delivery.Event == ClientEvents.AccountErased)
                {
                    AbortLocal(delivery.Recipients, _ => true);
                    continue;
                }
                if (delivery is { Event: ClientEvents.SignInsEnded, Payload: SignInsEndedView ended })
                {
                    AbortLocal(delivery.Recipients, connection => connection.User?.SignInId() is { } signIn && ended.SignInIds.Contains(signIn));
                    continue;
                }
                local = [.. delivery.Recipients.SelectMany(userId => _connections.TryGetValue(userId, out var connections) ? connections.Keys : Enumerable.Empty<string>())];
            }
            if (local.Count == 0)
            {
                continue;
            }
            if (delivery is { Event: ClientEvents.ConversationOpened, Payload: ConversationView opened })
            {
                foreach (var userId in delivery.Recipients)
                {
                    ListenAsync(opened.Id, userId).Ignore();
                }
            }
            // By connection id: addressing users would make SignalR look through every connection of the replica.
            hub.Clients.Clients(local).SendAsync(delivery.Event, ClientPayload(delivery.Payload))
                .ContinueWith(failed => logger.LogDebug(failed.Exception, "A push to {Count} connections failed", local.Count),
                    CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default)
                .Ignore();
            ChatMetrics.Push(delivery.Event, local.Count);
        }
        return Task.CompletedTask;
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

    /// <summary>Whether this replica listens to the conversation for the user: one of theirs, as of their connection here.</summary>
    public bool Listens(Guid userId, string conversationId)
    {
        lock (_gate)
        {
            return _listening.TryGetValue(conversationId, out var listening) && listening.Users.Contains(userId);
        }
    }

    /// <summary>Closes the local connections of these users that match; called under the lock.</summary>
    private void AbortLocal(IEnumerable<Guid> userIds, Func<HubCallerContext, bool> matches)
    {
        var doomed = userIds
            .SelectMany(userId => _connections.TryGetValue(userId, out var connections) ? connections.Values : Enumerable.Empty<HubCallerContext>())
            .Where(matches)
            .ToList();
        doomed.ForEach(connection => connection.Abort());
    }

    private async Task RenewAsync()
    {
        List<Task> renewals = [];
        lock (_gate)
        {
            foreach (var (conversationId, listening) in _listening)
            {
                // The renewal becomes what later listeners wait for, so a failed first subscription heals here.
                listening.Subscribed = grains.GetGrain<IConversationGrain>(conversationId).Subscribe(Reference);
                renewals.Add(listening.Subscribed);
            }
            foreach (var (userId, connections) in _connections)
            {
                renewals.Add(grains.GetGrain<IUserGrain>(userId).Refresh(Reference, [.. connections.Keys]));
            }
        }
        await Task.WhenAll(renewals);
    }

    /// <summary>Returns once this replica is subscribed to the conversation (whoever asked for it first).</summary>
    private Task ListenAsync(string conversationId, Guid userId)
    {
        lock (_gate)
        {
            if (!_connections.ContainsKey(userId))
            {
                return Task.CompletedTask; // left meanwhile
            }
            if (!_listening.TryGetValue(conversationId, out var listening))
            {
                _listening[conversationId] = listening = new Listening(grains.GetGrain<IConversationGrain>(conversationId).Subscribe(Reference));
            }
            listening.Users.Add(userId);
            return listening.Subscribed;
        }
    }

    /// <summary>
    /// Notifications travel with their payload as JSON text; the app receives it as an object. A standalone element,
    /// not a JsonDocument's root: the document's pooled buffers would never be returned (nothing disposes it).
    /// </summary>
    private static object ClientPayload(object payload) => payload is NotificationView notification
        ? new { notification.Type, Payload = JsonElement.Parse(notification.Payload), notification.OccurredAt }
        : payload;

    private sealed class Listening(Task subscribed)
    {
        public HashSet<Guid> Users { get; } = [];
        public Task Subscribed { get; set; } = subscribed;
    }
}
