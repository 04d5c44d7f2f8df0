using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using SkillSwap.Testing;

namespace SkillSwap.Benchmarks.Chat;

/// <summary>
/// One pushed (or caught-up) message as a recipient's client saw it: which run <see cref="Phase"/> and which message of
/// it (both read from the client message id, "phase-number"), its sequence, and the <see cref="Stopwatch"/> timestamp
/// at which the client had it.
/// </summary>
public readonly record struct Arrival(int Phase, int Number, long Sequence, long ReceivedAt, bool CaughtUp);

/// <summary>
/// A lean app-like client of <c>/hubs/chat</c> for a thousand connections in one process: the same connection as
/// <see cref="ChatAppClient"/> (WebSockets, no negotiation, the access token), but it only notes each pushed message
/// (no per-message catch-up or sorted store, which would cost the load generator CPU the replicas need). Gaps and
/// out-of-order pushes are counted as the app would meet them; the benchmark catches up missing messages afterwards
/// with the hub's <c>Backfill</c>, as the app does on a gap, and counts those apart.
/// </summary>
public sealed class BenchChatClient : IAsyncDisposable
{
    private static readonly TimeSpan InvokeTimeout = TimeSpan.FromSeconds(30);
    private readonly List<Arrival> _arrivals = [];
    private readonly Dictionary<string, long> _lastSequence = [];
    private int _gaps;
    private int _backwards;

    private BenchChatClient(HubConnection connection, Guid userId, int replica)
    {
        Connection = connection;
        UserId = userId;
        Replica = replica;
    }

    public HubConnection Connection { get; }

    public Guid UserId { get; }

    public int Replica { get; }

    /// <summary>Pushes whose sequence skipped ahead of the last one pushed in that conversation (the app would backfill).</summary>
    public int Gaps => Volatile.Read(ref _gaps);

    /// <summary>Pushes whose sequence was not above the last one pushed in that conversation (late or repeated).</summary>
    public int Backwards => Volatile.Read(ref _backwards);

    /// <summary>Called on every push of another member's message, after it was noted.</summary>
    public Action<int>? Pushed { get; set; }

    public static async Task<BenchChatClient> ConnectAsync(Uri server, string accessToken, Guid userId, int replica)
    {
        var connection = ChatAppClient.CreateConnection(server, accessToken);
        var client = new BenchChatClient(connection, userId, replica);
        connection.On<ChatMessage>("message", client.Receive);
        await connection.StartAsync();
        return client;
    }

    public async Task<ChatConversation[]> ConversationsAsync()
    {
        using var timeout = new CancellationTokenSource(InvokeTimeout);
        return await Connection.InvokeAsync<ChatConversation[]>("Conversations", timeout.Token);
    }

    public async Task<ChatMessage> SendAsync(string conversationId, string clientMessageId, string text)
    {
        using var timeout = new CancellationTokenSource(InvokeTimeout);
        return await Connection.InvokeAsync<ChatMessage>("Send", new SendRequest(conversationId, clientMessageId, text), timeout.Token);
    }

    /// <summary>What the archive holds after <paramref name="afterSequence"/> up to <paramref name="upToSequence"/>, oldest first (the app's catch-up).</summary>
    public async Task<IReadOnlyList<ChatMessage>> BackfillAsync(string conversationId, long afterSequence, long upToSequence)
    {
        var found = new List<ChatMessage>();
        while (afterSequence < upToSequence)
        {
            using var timeout = new CancellationTokenSource(InvokeTimeout);
            var page = await Connection.InvokeAsync<ChatHistoryPage>("Backfill", conversationId, afterSequence, 100, timeout.Token);
            found.AddRange(page.Items.Where(message => message.Sequence <= upToSequence));
            if (page.Items.Count == 0 || page.NextCursor is null)
            {
                break;
            }
            afterSequence = page.Items[^1].Sequence;
        }
        return found;
    }

    public void NoteCaughtUp(int phase, int number, long sequence)
    {
        lock (_arrivals)
        {
            _arrivals.Add(new Arrival(phase, number, sequence, Stopwatch.GetTimestamp(), CaughtUp: true));
        }
    }

    /// <summary>What this client received of <paramref name="phase"/> so far.</summary>
    public List<Arrival> ArrivalsOf(int phase)
    {
        lock (_arrivals)
        {
            return [.. _arrivals.Where(arrival => arrival.Phase == phase)];
        }
    }

    public static string ClientMessageId(int phase, int number) => string.Create(CultureInfo.InvariantCulture, $"{phase}-{number}");

    private void Receive(ChatMessage message)
    {
        var receivedAt = Stopwatch.GetTimestamp();
        // SignalR calls one connection's handlers one after the other; the lock is for the readers.
        lock (_arrivals)
        {
            _lastSequence.TryGetValue(message.ConversationId, out var last);
            if (message.Sequence <= last)
            {
                _backwards++;
            }
            else
            {
                if (last > 0 && message.Sequence > last + 1)
                {
                    _gaps++;
                }
                _lastSequence[message.ConversationId] = message.Sequence;
            }
            if (message.SenderId == UserId || !TryParse(message.ClientMessageId, out var phase, out var number))
            {
                return; // the sender's own copy (its other devices would want it), or not the benchmark's
            }
            _arrivals.Add(new Arrival(phase, number, message.Sequence, receivedAt, CaughtUp: false));
            Pushed?.Invoke(phase);
        }
    }

    public static bool TryParse(string? clientMessageId, out int phase, out int number)
    {
        phase = number = 0;
        var dash = clientMessageId?.IndexOf('-', StringComparison.Ordinal) ?? -1;
        return dash > 0
            && int.TryParse(clientMessageId.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out phase)
            && int.TryParse(clientMessageId.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out number);
    }

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();

    private sealed record SendRequest(string ConversationId, string ClientMessageId, string Text);
}
