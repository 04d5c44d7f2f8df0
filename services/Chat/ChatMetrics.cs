using System.Diagnostics.Metrics;

namespace SkillSwap.Chat;

/// <summary>
/// What an operator watches on a Chat replica: connections open here, messages stored and the archive's group commits,
/// pushes handed to local connections, relays dropped (a replica unreachable), hub calls refused by the rate limits, connections over the per-person cap, conversation activations.
/// </summary>
public static class ChatMetrics
{
    public const string MeterName = "SkillSwap.Chat";

    private static readonly Meter Meter = new(MeterName);

    private static readonly UpDownCounter<long> Connections = Meter.CreateUpDownCounter<long>(
        "skillswap.chat.connections", description: "Realtime connections open on this replica.");

    private static readonly Counter<long> Stored = Meter.CreateCounter<long>(
        "skillswap.chat.messages_stored", description: "Messages appended to the archive.");

    private static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>(
        "skillswap.chat.archive_batch_size", unit: "{message}", description: "Messages per group commit of the archive.");

    private static readonly Histogram<double> CommitDuration = Meter.CreateHistogram<double>(
        "skillswap.chat.archive_commit_duration", unit: "ms", description: "Time of one group commit of the archive.");

    private static readonly Counter<long> Pushed = Meter.CreateCounter<long>(
        "skillswap.chat.pushed", description: "Events handed to local connections, by event.");

    private static readonly Counter<long> RelaysDropped = Meter.CreateCounter<long>(
        "skillswap.chat.relays_dropped", description: "Relays a conversation stopped sending to because their replica did not answer.");

    private static readonly Counter<long> RateLimited = Meter.CreateCounter<long>(
        "skillswap.chat.hub_calls_rate_limited", description: "Hub calls refused because a person called faster than allowed, by method kind (send, call).");

    private static readonly Counter<long> ConnectionsRefused = Meter.CreateCounter<long>(
        "skillswap.chat.connections_refused", description: "Connections closed at once because their person already had the most allowed.");

    private static readonly Counter<long> Activations = Meter.CreateCounter<long>(
        "skillswap.chat.conversation_activations", description: "Conversation grains activated on this replica.");

    public static void Connected() => Connections.Add(1);

    public static void Disconnected() => Connections.Add(-1);

    public static void ArchiveCommitted(int messages, TimeSpan duration)
    {
        Stored.Add(messages);
        BatchSize.Record(messages);
        CommitDuration.Record(duration.TotalMilliseconds);
    }

    public static void Push(string clientEvent, int connections) =>
        Pushed.Add(connections, new KeyValuePair<string, object?>("event", clientEvent));

    public static void RelayDropped() => RelaysDropped.Add(1);

    public static void HubCallRateLimited(string kind) => RateLimited.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public static void ConnectionRefused() => ConnectionsRefused.Add(1);

    public static void ConversationActivated() => Activations.Add(1);
}
