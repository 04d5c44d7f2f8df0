namespace SkillSwap.Chat.Relay;

/// <summary>
/// The relay of one silo: grains hand it what its local SignalR connections must receive. Grains hold it as an observer
/// reference; subscriptions are renewed every few seconds, since an observer reference dies with the grain that held it.
/// </summary>
[Alias("chat.relay")]
public interface IChatRelay : IGrainObserver
{
    /// <summary>
    /// Hands over deliveries in order. Not one-way: Orleans does not keep one-way calls between silos in order, so
    /// each sender waits for its previous batch before sending the next (batching what queued up meanwhile).
    /// </summary>
    [Alias("deliver")]
    Task Deliver(IReadOnlyList<ChatDelivery> deliveries);
}

/// <summary>
/// One client event (<see cref="ClientEvents"/>) for the listed users' connections on the receiving silo; users not
/// connected there are skipped. <see cref="Payload"/> is one of the view records and goes out as JSON.
/// </summary>
[GenerateSerializer, Immutable, Alias("chat.delivery")]
public sealed record ChatDelivery(string Event, IReadOnlyList<Guid> Recipients, object Payload);

/// <summary>The events the app receives on its connection.</summary>
public static class ClientEvents
{
    public const string Message = "message";
    public const string MessageChanged = "messageChanged";
    public const string Read = "read";
    public const string Typing = "typing";
    public const string Presence = "presence";
    public const string Notification = "notification";
    public const string ConversationOpened = "conversationOpened";

    /// <summary>Not sent to apps: tells a relay to close the connections of an account that was just erased.</summary>
    public const string AccountErased = "accountErased";

    /// <summary>Not sent to apps: tells a relay to close the connections opened with tokens of sign-ins that ended.</summary>
    public const string SignInsEnded = "signInsEnded";
}
