using Orleans.Concurrency;

using SkillSwap.Chat.Relay;

namespace SkillSwap.Chat.Presence;

[GenerateSerializer, Alias("chat.presence-status")]
public enum PresenceStatus
{
    Offline,
    Away,
    Online,
}

/// <summary>A contact's presence; <see cref="LastSeen"/> is rounded down to 5 minutes (set only when offline).</summary>
[GenerateSerializer, Immutable, Alias("chat.presence")]
public sealed record PresenceView(Guid UserId, PresenceStatus Status, DateTimeOffset? LastSeen);

/// <summary>A notification another service pushed; <see cref="Payload"/> is its JSON object.</summary>
[GenerateSerializer, Immutable, Alias("chat.notification")]
public sealed record NotificationView(string Type, string Payload, DateTimeOffset OccurredAt);

/// <summary>
/// One person (key: user id): their connections across devices and replicas (a refcount: online while one is open),
/// where each is connected (its silo's relay), last seen, and the way to push anything to all of them.
/// </summary>
[Alias("chat.user-grain")]
public interface IUserGrain : IGrainWithGuidKey
{
    /// <summary>Counts a new connection; false (not counted) when the person already holds <see cref="ChatOptions.MaxConnectionsPerUser"/>.</summary>
    [Alias("connect")]
    Task<bool> Connect(string connectionId, IChatRelay relay);

    [Alias("disconnect")]
    Task Disconnect(string connectionId);

    /// <summary>The app went to the background (away) or came back.</summary>
    [Alias("set-away")]
    Task SetAway(string connectionId, bool away);

    /// <summary>The relay's periodic list of this user's connections on its silo; connections nobody renews expire.</summary>
    [Alias("refresh")]
    Task Refresh(IChatRelay relay, IReadOnlyList<string> connectionIds);

    /// <summary>The relays of the replicas where the user is connected now.</summary>
    [Alias("relays")]
    Task<IReadOnlyList<IChatRelay>> GetRelays();

    [Alias("presence")]
    Task<PresenceView> GetPresence();

    /// <summary>Sends one client event to every connection of the user, wherever it is.</summary>
    [OneWay, Alias("push")]
    Task Push(string clientEvent, object payload);

    [Alias("erase")]
    Task Erase();
}
