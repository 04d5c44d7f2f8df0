using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR.Client;
using SkillSwap.Testing;

namespace SkillSwap.Chat.Tests;

/// <summary>A cluster of its own (and a broker of its own): this test kills one of its replicas.</summary>
public sealed class ReplicaFailureCluster : ChatClusterApp
{
    protected override bool OwnBroker => true;

    // Four senders on one connection as fast as acknowledgements come back: far above a person's pace, on purpose.
    protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string> { ["Chat:SendsPerSecondPerUser"] = "100000", ["Chat:HubCallsPerSecondPerUser"] = "100000" };
}

[CollectionDefinition(Name)]
public sealed class ReplicaFailureCollection : ICollectionFixture<ReplicaFailureCluster>
{
    public const string Name = "chat replica failure";
}

[Collection(ReplicaFailureCollection.Name)]
public sealed class ReplicaFailureTests(ReplicaFailureCluster app)
{
    private const int Senders = 4;
    private const int MessagesPerSender = 100;
    private const int KillAfterAcknowledged = 120;

    [Fact]
    public async Task Killing_the_replica_that_hosts_a_busy_conversation_loses_and_duplicates_nothing_acknowledged()
    {
        // Alice opens the conversation on replica 0, so its grain lives there (placed where first called); she writes
        // from replica 0, Bob reads on replica 1.
        var (alice, bob, conversation) = await app.PairAsync();
        var aliceApp = new ReconnectingSender(app, alice, conversation);
        await aliceApp.ConnectAsync(replica: 0);
        await using var bobApp = await app.ConnectAsync(bob, replica: 1);

        var acknowledged = new ConcurrentDictionary<string, long>();
        var kill = new TaskCompletionSource();
        var killer = Task.Run(async () =>
        {
            await kill.Task;
            await app.Replicas[0].KillAsync();
        });
        var senders = Enumerable.Range(0, Senders).Select(sender => Task.Run(async () =>
        {
            for (var i = 0; i < MessagesPerSender; i++)
            {
                var clientId = $"s{sender}-{i:D3}";
                var stored = await aliceApp.SendAsync(clientId, $"message {i} of sender {sender}");
                Assert.Equal(clientId, stored.ClientMessageId);
                acknowledged[clientId] = stored.Sequence;
                if (acknowledged.Count >= KillAfterAcknowledged)
                {
                    kill.TrySetResult();
                }
            }
        })).ToList();
        await Task.WhenAll(senders);
        await killer;
        Assert.True(aliceApp.Reconnections > 0, "Alice's connection went down with replica 0 and came back on replica 1");

        // Bob, who stayed connected, ends up holding every acknowledged message: pushed, or fetched when he saw a gap.
        await Eventually.WaitUntilAsync(() => Task.FromResult(bobApp.Held(conversation).Count >= acknowledged.Count), TimeSpan.FromSeconds(30),
            () => $"Bob holds {bobApp.Held(conversation).Count} of {acknowledged.Count} acknowledged messages");
        var held = bobApp.Held(conversation);
        Assert.Equal(Senders * MessagesPerSender, acknowledged.Count);
        Assert.Equal(acknowledged.Count, held.Count);
        Assert.Equal(held.Select(message => message.ClientMessageId).Distinct().Count(), held.Count);
        foreach (var message in held)
        {
            Assert.Equal(acknowledged[message.ClientMessageId!], message.Sequence);
        }
        // What the hub pushed to Bob, as it arrived (the rest he fetched from the archive): never out of order, never twice.
        var pushed = bobApp.PushedSequences(conversation);
        Assert.NotEmpty(pushed);
        Assert.True(pushed.Zip(pushed.Skip(1)).All(pair => pair.First < pair.Second),
            $"pushes out of order or repeated: {string.Join(", ", pushed.Zip(pushed.Skip(1)).Where(pair => pair.First >= pair.Second).Take(5))}");
        // Each sender's messages are in the order it sent them.
        foreach (var sender in Enumerable.Range(0, Senders))
        {
            var own = held.Where(message => message.ClientMessageId!.StartsWith($"s{sender}-", StringComparison.Ordinal)).Select(message => message.ClientMessageId).ToList();
            Assert.Equal(own.Order(StringComparer.Ordinal), own);
        }
        // The archive holds each of them once, too.
        var archived = new List<ChatMessage>();
        for (string? cursor = null; ;)
        {
            var page = await app.HistoryAsync(bob, conversation, cursor is null ? "?limit=100" : $"?limit=100&cursor={cursor}", replica: 1);
            archived.AddRange(page.Items);
            if ((cursor = page.NextCursor) is null)
            {
                break;
            }
        }
        Assert.Equal(acknowledged.Keys.Order(), archived.Select(message => message.ClientMessageId!).Order());

        // Recovered: the replica comes back, joins the cluster, and carries messages again.
        await app.Replicas[0].StartAsync();
        await using var aliceOnRestarted = await app.ConnectAsync(alice, replica: 0);
        var after = await aliceOnRestarted.SendAsync(conversation, "after-restart", "back again");
        await Eventually.WaitUntilAsync(() => Task.FromResult(bobApp.Held(conversation).Any(message => message.Sequence == after.Sequence)), TimeSpan.FromSeconds(30),
            "a message sent through the restarted replica reaches Bob");
        await aliceApp.DisposeAsync();
    }

    /// <summary>What the app does when its replica disappears: reconnect (to the other one) and resend what was not acknowledged, with the same client id.</summary>
    private sealed class ReconnectingSender(ChatClusterApp app, Guid userId, string conversation) : IAsyncDisposable
    {
        private readonly SemaphoreSlim _reconnect = new(1, 1);
        private ChatAppClient? _client;
        private int _reconnections;

        public int Reconnections => _reconnections;

        public async Task ConnectAsync(int replica) => _client = await app.ConnectAsync(userId, replica);

        public async Task<ChatMessage> SendAsync(string clientId, string text)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
            while (true)
            {
                var client = _client!;
                try
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                    return await client.Connection.InvokeAsync<ChatMessage>("Send", new { conversationId = conversation, clientMessageId = clientId, text }, timeout.Token);
                }
                catch (Exception ex) when (DateTime.UtcNow < deadline && ex is not Xunit.Sdk.XunitException)
                {
                    if (client.Connection.State != HubConnectionState.Connected)
                    {
                        await ReconnectAsync(client);
                    }
                    await Task.Delay(200);
                }
            }
        }

        private async Task ReconnectAsync(ChatAppClient broken)
        {
            await _reconnect.WaitAsync();
            try
            {
                if (_client != broken)
                {
                    return;
                }
                await broken.DisposeAsync();
                _client = await app.ConnectAsync(userId, replica: 1);
                Interlocked.Increment(ref _reconnections);
            }
            catch (Exception ex) when (ex is HttpRequestException or System.Net.WebSockets.WebSocketException or Microsoft.AspNetCore.SignalR.HubException or TimeoutException or InvalidOperationException)
            {
                // Replica 1 is still taking over (it may refuse or drop the connection); the next attempt reconnects again.
            }
            finally
            {
                _reconnect.Release();
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_client is not null)
            {
                await _client.DisposeAsync();
            }
        }
    }
}
