using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SkillSwap.IntegrationEvents;
using SkillSwap.Testing;

namespace SkillSwap.Chat.Tests;

/// <summary>
/// Two Chat replicas as real processes forming one Orleans cluster over a real Redis, on a real PostgreSQL archive and
/// RabbitMQ, trusting one <see cref="TestTokenIssuer"/>. Identity and Profiles are not running: people and blocks are
/// announced by publishing their events as those services do.
/// </summary>
public class ChatClusterApp : IAsyncLifetime
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>What the replicas' /metrics asks of its scraper.</summary>
    public const string MetricsScrapeToken = "chat-tests-scraper";

    private TestTokenIssuer? _issuer;
    private RabbitMqServer? _ownBroker;

    /// <summary>Whether this cluster runs on a RabbitMQ of its own rather than the suite's shared one.</summary>
    protected virtual bool OwnBroker => false;

    /// <summary>Settings of this cluster's replicas on top of the suite's.</summary>
    protected virtual IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>();

    public string Broker { get; private set; } = "";
    public ServiceProcess[] Replicas { get; private set; } = [];

    public async Task InitializeAsync()
    {
        var postgres = await SharedServers.PostgresAsync();
        var redis = await SharedServers.RedisAsync();
        // A cluster of its own also gets a broker of its own: the same events reaching two Chat services would let one
        // service's answer (say UserDataErased) pass for the other's.
        _ownBroker = OwnBroker ? await SharedServers.StartAsync(new RabbitMqServer()) : null;
        Broker = (_ownBroker ?? await SharedServers.RabbitMqAsync()).ConnectionString;
        _issuer = await TestTokenIssuer.StartAsync();
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:chatdb"] = await postgres.CreateDatabaseAsync("chat"),
            ["ConnectionStrings:cache"] = redis.ConnectionString,
            ["ConnectionStrings:eventbus"] = Broker,
            ["Jwt:Authority"] = _issuer.Authority,
            ["Metrics:ScrapeToken"] = MetricsScrapeToken,
            ["EventBus:RelayPollInterval"] = "00:00:01",
            ["EventBus:RetryDelays:0"] = "00:00:01",
            // An Orleans cluster of its own in the shared Redis: no silo of another cluster or run is a member.
            ["Orleans:ClusterId"] = $"chat-tests-{Guid.NewGuid():N}",
            ["Orleans:AdvertisedIPAddress"] = "127.0.0.1",
            ["Chat:RelayRefreshInterval"] = "00:00:01",
            ["Chat:RelaySubscriptionLifetime"] = "00:00:05",
            // Always ask: a test can then wait for a disconnect instead of for a cache to expire.
            ["Chat:PresenceRecheckInterval"] = "00:00:00",
        };
        foreach (var (key, value) in ExtraSettings)
        {
            settings[key] = value;
        }
        Replicas = [new ServiceProcess("Chat", settings), new ServiceProcess("Chat", settings)];
        // One after the other: the second joins the cluster the first created.
        foreach (var replica in Replicas)
        {
            await replica.StartAsync();
        }
        await BrokerQueues.WaitForConsumerAsync(Broker, "chat");
    }

    public string TokenFor(Guid userId) => _issuer!.TokenFor(userId);

    public TestTokenIssuer Tokens => _issuer!;

    public HttpClient HttpFor(Guid userId, int replica = 0)
    {
        var client = new HttpClient { BaseAddress = Replicas[replica].BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TokenFor(userId));
        return client;
    }

    public Task<ChatAppClient> ConnectAsync(Guid userId, int replica = 0, bool catchUpOnGaps = true) =>
        ChatAppClient.ConnectAsync(Replicas[replica].BaseAddress, TokenFor(userId), catchUpOnGaps);

    /// <summary>
    /// Whether a connection opened with the token is still open a moment later (false: refused at the door, or closed
    /// by the server during or right after its first call).
    /// </summary>
    public async Task<bool> StaysOpenAsync(string token, int replica = 0)
    {
        ChatAppClient connection;
        try
        {
            connection = await ChatAppClient.ConnectAsync(Replicas[replica].BaseAddress, token);
        }
        catch (Exception refused) when (refused is not Xunit.Sdk.XunitException)
        {
            return false;
        }
        await using (connection)
        {
            return await Task.WhenAny(connection.Closed, Task.Delay(TimeSpan.FromSeconds(2))) != connection.Closed;
        }
    }

    /// <summary>
    /// The sum over both replicas of a counter their /metrics export (0 before it first counts), over the series whose
    /// labels contain <paramref name="labelValue"/> when given (e.g. an event type).
    /// </summary>
    public async Task<double> CounterAsync(string name, string? labelValue = null)
    {
        var total = 0.0;
        foreach (var replica in Replicas)
        {
            using var http = new HttpClient { BaseAddress = replica.BaseAddress };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", MetricsScrapeToken);
            var exposition = await http.GetStringAsync("/metrics");
            total += exposition.Split('\n')
                .Where(line => line.StartsWith(name, StringComparison.Ordinal) && (line.Length == name.Length || line[name.Length] is ' ' or '{'))
                .Where(line => labelValue is null || line.Contains($"\"{labelValue}\"", StringComparison.Ordinal))
                .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        }
        return total;
    }

    public Task PublishAsync<T>(T integrationEvent) where T : IntegrationEvent =>
        EventPublisher.PublishAsync(Broker, IntegrationEventProbe.EventsExchange, integrationEvent);

    /// <summary>A new member as Identity announces them (Chat learns of them shortly after).</summary>
    public async Task<Guid> RegisterAsync()
    {
        var userId = Guid.CreateVersion7();
        await PublishAsync(new UserRegistered(userId, $"{userId:N}@skillswap.test", "Chat user", "en"));
        return userId;
    }

    /// <summary>
    /// <paramref name="from"/> opens the direct conversation with <paramref name="to"/>, retrying while Chat has not
    /// yet learnt that <paramref name="to"/> exists; returns the conversation's id.
    /// </summary>
    public async Task<string> OpenAsync(Guid from, Guid to)
    {
        using var http = HttpFor(from);
        string? conversation = null;
        await Eventually.WaitUntilAsync(async () =>
        {
            var response = await http.PostAsJsonAsync("/api/v1/conversations", new { userId = to });
            if (response.IsSuccessStatusCode)
            {
                conversation = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
            }
            return conversation is not null;
        }, TimeSpan.FromSeconds(30), $"{from} opens a conversation with {to}");
        return conversation!;
    }

    /// <summary>
    /// Each of the two writes once in their conversation (over HTTP), so they become contacts who share presence, and
    /// returns once <paramref name="one"/> sees <paramref name="other"/>'s presence.
    /// </summary>
    public async Task TalkAsync(Guid one, Guid other, string conversationId)
    {
        foreach (var writer in new[] { one, other })
        {
            using var http = HttpFor(writer);
            (await http.PostAsJsonAsync($"/api/v1/conversations/{conversationId}/messages", new { clientMessageId = $"talk-{writer:N}", text = "Hello!" }))
                .EnsureSuccessStatusCode();
        }
        await Eventually.WaitUntilAsync(async () => (await PresenceListAsync(one)).Any(presence => presence.UserId == other),
            TimeSpan.FromSeconds(20), $"{one} and {other} share presence");
    }

    /// <summary>The presence <paramref name="viewer"/> sees: that of their contacts.</summary>
    public async Task<ChatPresence[]> PresenceListAsync(Guid viewer)
    {
        using var http = HttpFor(viewer);
        return (await http.GetFromJsonAsync<ChatPresence[]>("/api/v1/chat/presence", Json))!;
    }

    /// <summary>Two registered members and their direct conversation's id.</summary>
    public async Task<(Guid Alice, Guid Bob, string ConversationId)> PairAsync()
    {
        var alice = await RegisterAsync();
        var bob = await RegisterAsync();
        return (alice, bob, await OpenAsync(alice, bob));
    }

    public async Task<ChatHistoryPage> HistoryAsync(Guid reader, string conversationId, string query = "", int replica = 0)
    {
        using var http = HttpFor(reader, replica);
        return (await http.GetFromJsonAsync<ChatHistoryPage>($"/api/v1/conversations/{conversationId}/messages{query}", Json))!;
    }

    public virtual async Task DisposeAsync()
    {
        var logs = Environment.GetEnvironmentVariable("SKILLSWAP_TEST_STATE") ?? Path.GetTempPath();
        for (var i = 0; i < Replicas.Length; i++)
        {
            await Replicas[i].DisposeAsync();
            // What each replica printed (warnings and errors), for a failed run to be read afterwards.
            await File.WriteAllTextAsync(Path.Combine(logs, $"{GetType().Name}-replica-{i}.log"), Replicas[i].Output);
        }
        if (_issuer is not null)
        {
            await _issuer.DisposeAsync();
        }
        if (_ownBroker is not null)
        {
            await _ownBroker.StopAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ChatClusterCollection : ICollectionFixture<ChatClusterApp>
{
    public const string Name = "chat cluster";
}
