using Microsoft.Extensions.Options;
using Orleans.Placement;
using SkillSwap.Chat.Conversations;
using SkillSwap.Chat.Relay;
using SkillSwap.DocumentStore;

namespace SkillSwap.Chat.Presence;

/// <summary>
/// One person's connections, wherever they are. Kept in memory only: when the silo holding it dies, the relays of the
/// surviving silos re-announce their connections within <see cref="ChatOptions.RelayRefreshInterval"/>, and
/// connections of a dead silo, which nobody renews, expire — so presence heals itself either way.
/// </summary>
[PreferLocalPlacement]
public sealed class UserGrain(IDocumentStore store, IOptions<ChatOptions> options, TimeProvider time, ILogger<UserGrain> logger) : Grain, IUserGrain
{
    private readonly Dictionary<string, Connection> _connections = [];
    private DateTimeOffset? _lastSeen;
    private bool _erased;

    private Guid UserId => this.GetPrimaryKey();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await using var db = store.OpenSession();
        _lastSeen = (await db.LoadAsync<PresenceDocument>(PresenceDocument.IdFor(UserId), cancellationToken))?.LastSeenAt;
        this.RegisterGrainTimer(ExpireUnrenewedAsync, options.Value.RelayRefreshInterval, options.Value.RelayRefreshInterval);
    }

    public async Task<bool> Connect(string connectionId, IChatRelay relay)
    {
        if (_erased)
        {
            throw new InvalidOperationException("This account was erased.");
        }
        if (!_connections.ContainsKey(connectionId) && _connections.Count >= options.Value.MaxConnectionsPerUser)
        {
            return false;
        }
        await ChangeAsync(() => _connections[connectionId] = new Connection(relay, Away: false, time.GetUtcNow()));
        return true;
    }

    public Task Disconnect(string connectionId) => ChangeAsync(() => _connections.Remove(connectionId));

    public Task SetAway(string connectionId, bool away) => ChangeAsync(() =>
    {
        if (_connections.TryGetValue(connectionId, out var connection))
        {
            _connections[connectionId] = connection with { Away = away };
        }
    });

    /// <summary>
    /// Renews the listed connections, and re-learns them after this grain was lost with its silo. It never removes one:
    /// a list taken just before a new connection registered would drop it. Connections leave by
    /// <see cref="Disconnect"/>, or expire when nobody renews them.
    /// </summary>
    public Task Refresh(IChatRelay relay, IReadOnlyList<string> connectionIds) => _erased ? Task.CompletedTask : ChangeAsync(() =>
    {
        var now = time.GetUtcNow();
        foreach (var id in connectionIds)
        {
            _connections[id] = _connections.TryGetValue(id, out var known) ? known with { RenewedAt = now } : new Connection(relay, Away: false, now);
        }
    });

    public Task<IReadOnlyList<IChatRelay>> GetRelays() =>
        Task.FromResult<IReadOnlyList<IChatRelay>>([.. _connections.Values.Select(connection => connection.Relay).Distinct()]);

    public Task<PresenceView> GetPresence() => Task.FromResult(Presence());

    public Task Push(string clientEvent, object payload)
    {
        ChatDelivery[] delivery = [new ChatDelivery(clientEvent, [UserId], payload)];
        foreach (var relay in _connections.Values.Select(connection => connection.Relay).Distinct())
        {
            relay.Deliver(delivery).Ignore();
        }
        return Task.CompletedTask;
    }

    public async Task Erase()
    {
        // The account's connections are closed and this activation refuses it from now on (Identity issues no more
        // tokens for it; the last ones expire within minutes).
        await Push(ClientEvents.AccountErased, new PresenceView(UserId, PresenceStatus.Offline, null));
        _erased = true;
        _connections.Clear();
        _lastSeen = null;
        await using var db = store.OpenSession();
        db.Delete<PresenceDocument>(PresenceDocument.IdFor(UserId));
        await db.SaveChangesAsync();
    }

    private Task ExpireUnrenewedAsync() => ChangeAsync(() =>
    {
        var expired = time.GetUtcNow() - options.Value.RelaySubscriptionLifetime;
        foreach (var id in _connections.Where(pair => pair.Value.RenewedAt < expired).Select(pair => pair.Key).ToList())
        {
            _connections.Remove(id);
        }
    });

    /// <summary>Applies a change of connections; when the status it shows changes, tells the contacts.</summary>
    private async Task ChangeAsync(Action change)
    {
        if (_erased)
        {
            return;
        }
        var before = Status();
        change();
        var after = Status();
        if (before == after)
        {
            return;
        }
        await using var db = store.OpenSession();
        if (after == PresenceStatus.Offline)
        {
            _lastSeen = time.GetUtcNow();
            var document = await db.LoadAsync<PresenceDocument>(PresenceDocument.IdFor(UserId));
            if (document is null)
            {
                db.Insert(new PresenceDocument { Id = PresenceDocument.IdFor(UserId), UserId = UserId, LastSeenAt = _lastSeen.Value });
            }
            else
            {
                document.LastSeenAt = _lastSeen.Value;
                db.Replace(document);
            }
            try
            {
                await db.SaveChangesAsync();
            }
            catch (Exception ex) when (ex is DocumentConcurrencyException or DuplicateDocumentException)
            {
                logger.LogDebug(ex, "Last seen of {UserId} written elsewhere meanwhile", UserId);
            }
        }
        var presence = Presence();
        foreach (var contact in await ConversationDirectory.ContactsOfAsync(db, UserId))
        {
            GrainFactory.GetGrain<IUserGrain>(contact).Push(ClientEvents.Presence, presence).Ignore();
        }
    }

    private PresenceStatus Status() =>
        _connections.Count == 0 ? PresenceStatus.Offline
        : _connections.Values.Any(connection => !connection.Away) ? PresenceStatus.Online
        : PresenceStatus.Away;

    private PresenceView Presence()
    {
        var status = Status();
        var rounding = options.Value.LastSeenRounding.Ticks;
        DateTimeOffset? lastSeen = status == PresenceStatus.Offline && _lastSeen is { } seen
            ? new DateTimeOffset(seen.UtcTicks - seen.UtcTicks % rounding, TimeSpan.Zero)
            : null;
        return new PresenceView(UserId, status, lastSeen);
    }

    private sealed record Connection(IChatRelay Relay, bool Away, DateTimeOffset RenewedAt);
}
