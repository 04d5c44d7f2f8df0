using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using SkillSwap.Testing;

namespace SkillSwap.Benchmarks.Notifications;

/// <summary>The <c>notification</c> client event as the hub sends it: the type, the inbox entry Notifications wrote, and when Notifications asked for the push.</summary>
public sealed record NotificationPush(string Type, InboxEntry Payload, DateTimeOffset OccurredAt);

/// <summary>The part of Notifications' inbox view the benchmark reads: its data (the correlation id) and when it was composed.</summary>
public sealed record InboxEntry(string Id, string Type, IReadOnlyDictionary<string, string>? Data, DateTimeOffset CreatedAt);

/// <summary>One push as a client saw it: which client, the review id it names, and when it arrived (both clocks).</summary>
public readonly record struct NotificationArrival(int Client, string? ReviewId, long ReceivedAt, long ReceivedWallTicks, DateTimeOffset ComposedAt);

/// <summary>
/// A lean app-like connection to Chat's <c>/hubs/chat</c> that only listens for <c>notification</c> events: the same
/// connection as <see cref="ChatAppClient"/> (WebSockets, no negotiation, the access token), no message store, so
/// hundreds of them in the load generator's process cost little CPU.
/// </summary>
public sealed class BenchNotificationClient : IAsyncDisposable
{
    private static readonly TimeSpan InvokeTimeout = TimeSpan.FromSeconds(30);
    private readonly Action<NotificationArrival> _arrived;

    private BenchNotificationClient(HubConnection connection, int index, int replica, Action<NotificationArrival> arrived)
    {
        Connection = connection;
        Index = index;
        Replica = replica;
        _arrived = arrived;
    }

    public HubConnection Connection { get; }

    public int Index { get; }

    public int Replica { get; }

    /// <summary>Connects and returns once pushes to this user reach this connection.</summary>
    public static async Task<BenchNotificationClient> ConnectAsync(Uri server, string accessToken, int index, int replica, Action<NotificationArrival> arrived)
    {
        var connection = ChatAppClient.CreateConnection(server, accessToken);
        var client = new BenchNotificationClient(connection, index, replica, arrived);
        connection.On<NotificationPush>("notification", client.Receive);
        await connection.StartAsync();
        // StartAsync returns after the handshake, possibly before the hub's OnConnectedAsync has told the user's grain
        // where this connection is. SignalR runs invocations only after OnConnectedAsync, so once this call (the one the
        // app makes on connecting) has answered, the grain knows the connection.
        using var timeout = new CancellationTokenSource(InvokeTimeout);
        await connection.InvokeAsync<JsonElement>("Conversations", timeout.Token);
        return client;
    }

    private void Receive(NotificationPush push)
    {
        var receivedAt = Stopwatch.GetTimestamp();
        var wall = DateTime.UtcNow.Ticks;
        string? reviewId = null;
        push.Payload?.Data?.TryGetValue("reviewId", out reviewId);
        _arrived(new NotificationArrival(Index, reviewId, receivedAt, wall, push.Payload?.CreatedAt ?? default));
    }

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
