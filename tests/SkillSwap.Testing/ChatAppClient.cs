using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace SkillSwap.Testing;

public sealed record ChatMessage(
    string ConversationId, long Sequence, Guid SenderId, string? ClientMessageId, string Text, DateTimeOffset SentAt, DateTimeOffset? EditedAt, bool Deleted,
    bool RemovedByModeration = false);

public sealed record ChatConversation(string Id, string Kind, IReadOnlyList<Guid> MemberIds, IReadOnlyList<Guid> SessionIds, long LastSequence, long ReadUpTo, long Unread);

public sealed record ChatHistoryPage(IReadOnlyList<ChatMessage> Items, string? NextCursor);

public sealed record ChatReadReceipt(string ConversationId, Guid UserId, long Sequence);

public sealed record ChatTyping(string ConversationId, Guid UserId);

public sealed record ChatPresence(Guid UserId, string Status, DateTimeOffset? LastSeen);

/// <summary>
/// The mobile app's side of the chat hub, as the tests and benchmarks drive it: one SignalR connection over WebSockets
/// (no negotiation, so any replica behind the gateway can take it), the access token as the app sends it, and the
/// app's rules for messages: keep them by sequence number, ignore one already held, and on a gap ask the hub for what
/// was stored after the last one held (<see cref="CatchUpAsync"/>).
/// </summary>
public sealed class ChatAppClient : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ConcurrentDictionary<string, SortedDictionary<long, ChatMessage>> _held = new();
    private readonly ConcurrentDictionary<string, long> _watermarks = new();
    private readonly ConcurrentQueue<(string Event, JsonElement Payload)> _events = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<long>> _pushed = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _duplicates;

    private ChatAppClient(HubConnection connection) => Connection = connection;

    public HubConnection Connection { get; }

    /// <summary>Completes when the connection closes, whoever closed it (the server, the network, this client).</summary>
    public Task Closed => _closed.Task;

    /// <summary>Pushed messages that were already held (a redelivery or an overlap with a catch-up); never stored twice.</summary>
    public int DuplicatesIgnored => _duplicates;

    /// <summary>
    /// The strict record: the sequence numbers of the messages the hub pushed, exactly as they arrived — in arrival order,
    /// duplicates and gaps included, catch-ups not among them. Where order, exactly-once push or "no gap" is the claim,
    /// this is what to assert on, not <see cref="Held"/> (sorted, de-duplicated and filled from the archive).
    /// </summary>
    public IReadOnlyList<long> PushedSequences(string conversationId) => [.. _pushed.GetOrAdd(conversationId, _ => new ConcurrentQueue<long>())];

    /// <summary>Every new message as it arrives (pushed or caught up), for latency measurements.</summary>
    public event Action<ChatMessage>? MessageArrived;

    /// <summary>
    /// The rule a hub call broke: the hub answers "slug: explanation", which the client library wraps in
    /// "An unexpected error occurred invoking 'X' on the server. HubException: slug: explanation".
    /// </summary>
    public static string RefusalOf(HubException refusal)
    {
        const string marker = "HubException: ";
        var at = refusal.Message.IndexOf(marker, StringComparison.Ordinal);
        var answer = at < 0 ? refusal.Message : refusal.Message[(at + marker.Length)..];
        return answer.Split(':')[0];
    }

    /// <summary>The hub connection as the app opens it: WebSockets without negotiation, the access token as it sends it.</summary>
    public static HubConnection CreateConnection(Uri server, string accessToken) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(server, "/hubs/chat"), options =>
            {
                options.SkipNegotiation = true;
                options.Transports = HttpTransportType.WebSockets;
                options.AccessTokenProvider = () => Task.FromResult<string?>(accessToken);
            })
            .Build();

    public static async Task<ChatAppClient> ConnectAsync(Uri server, string accessToken, bool catchUpOnGaps = true)
    {
        var connection = CreateConnection(server, accessToken);
        var client = new ChatAppClient(connection);
        connection.On<ChatMessage>("message", message => client.Receive(message, catchUpOnGaps));
        connection.Closed += _ =>
        {
            client._closed.TrySetResult();
            return Task.CompletedTask;
        };
        foreach (var name in new[] { "messageChanged", "read", "typing", "presence", "notification", "conversationOpened" })
        {
            connection.On<JsonElement>(name, payload => client._events.Enqueue((name, payload)));
        }
        await connection.StartAsync();
        await client.CatchUpAllAsync();
        return client;
    }

    /// <summary>What the app does on every (re)connection: list its conversations and fetch what it has not seen.</summary>
    public async Task<IReadOnlyList<ChatConversation>> CatchUpAllAsync()
    {
        var conversations = await Connection.InvokeAsync<ChatConversation[]>("Conversations");
        foreach (var conversation in conversations.Where(conversation => conversation.LastSequence > Watermark(conversation.Id)))
        {
            await CatchUpAsync(conversation.Id);
        }
        return conversations;
    }

    public Task<ChatMessage> SendAsync(string conversationId, string clientMessageId, string text) =>
        Connection.InvokeAsync<ChatMessage>("Send", new { conversationId, clientMessageId, text });

    /// <summary>
    /// Fetches, oldest first, everything stored after the watermark: the sequence number up to which this client knows
    /// it has all there is (held, or never stored: a send that failed leaves a number unused). Pushed messages beyond
    /// a gap do not move it, so a gap is always fetched.
    /// </summary>
    public async Task CatchUpAsync(string conversationId)
    {
        var after = Watermark(conversationId);
        while (true)
        {
            var page = await Connection.InvokeAsync<ChatHistoryPage>("Backfill", conversationId, after, 100);
            foreach (var message in page.Items)
            {
                Hold(message);
            }
            if (page.Items.Count > 0)
            {
                after = page.Items[^1].Sequence;
            }
            if (page.NextCursor is null)
            {
                break;
            }
        }
        RaiseWatermark(conversationId, after);
    }

    /// <summary>The messages held, in sequence order.</summary>
    public IReadOnlyList<ChatMessage> Held(string conversationId)
    {
        var held = _held.GetOrAdd(conversationId, _ => []);
        lock (held)
        {
            return [.. held.Values];
        }
    }

    public long LastHeld(string conversationId)
    {
        var held = _held.GetOrAdd(conversationId, _ => []);
        lock (held)
        {
            return held.Count == 0 ? 0 : held.Keys.Max();
        }
    }

    /// <summary>Events other than messages, in arrival order, deserialized as <typeparamref name="T"/>.</summary>
    public IReadOnlyList<T> Events<T>(string name) =>
        [.. _events.Where(received => received.Event == name).Select(received => received.Payload.Deserialize<T>(Json)!)];

    public IReadOnlyList<JsonElement> Events(string name) => [.. _events.Where(received => received.Event == name).Select(received => received.Payload)];

    private void Receive(ChatMessage message, bool catchUpOnGaps)
    {
        // The client library runs a connection's handlers one at a time, in the order the messages came.
        _pushed.GetOrAdd(message.ConversationId, _ => new ConcurrentQueue<long>()).Enqueue(message.Sequence);
        if (!Hold(message))
        {
            Interlocked.Increment(ref _duplicates);
        }
        var watermark = RaiseWatermark(message.ConversationId, 0);
        if (message.Sequence > watermark && catchUpOnGaps)
        {
            // Messages in between were pushed while this replica was not listening (a silo moved): ask the archive.
            _ = CatchUpQuietlyAsync(message.ConversationId);
        }
    }

    private async Task CatchUpQuietlyAsync(string conversationId)
    {
        try
        {
            await CatchUpAsync(conversationId);
        }
        catch (Exception ex) when (ex is HubException or InvalidOperationException or TaskCanceledException)
        {
            // The connection is going away; the app catches up again when it reconnects.
        }
    }

    private long Watermark(string conversationId) => _watermarks.GetOrAdd(conversationId, 0);

    /// <summary>Raises the watermark to <paramref name="atLeast"/>, then over every next sequence number held.</summary>
    private long RaiseWatermark(string conversationId, long atLeast)
    {
        var held = _held.GetOrAdd(conversationId, _ => []);
        lock (held)
        {
            var watermark = Math.Max(Watermark(conversationId), atLeast);
            while (held.ContainsKey(watermark + 1))
            {
                watermark++;
            }
            _watermarks[conversationId] = watermark;
            return watermark;
        }
    }

    private bool Hold(ChatMessage message)
    {
        var held = _held.GetOrAdd(message.ConversationId, _ => []);
        lock (held)
        {
            if (!held.TryAdd(message.Sequence, message))
            {
                return false;
            }
        }
        MessageArrived?.Invoke(message);
        return true;
    }

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
