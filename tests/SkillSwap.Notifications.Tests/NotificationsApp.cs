using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SkillSwap.DocumentStore;
using SkillSwap.IntegrationEvents;
using SkillSwap.Notifications.Delivery;
using SkillSwap.Notifications.Inbox;
using SkillSwap.Notifications.Recipients;
using SkillSwap.Testing;

namespace SkillSwap.Notifications.Tests;

/// <summary>
/// The Notifications service in memory over its own PostgreSQL database, the shared RabbitMQ, a real SMTP server and a
/// recording stand-in for Expo's push API, trusting a <see cref="TestTokenIssuer"/>, on a <see cref="TestClock"/>.
/// The other services' events are published as they publish them.
/// </summary>
public sealed class NotificationsApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private string _database = "";
    private string _broker = "";
    private TestTokenIssuer? _issuer;
    private IntegrationEventProbe? _probe;
    private RecordingPushEndpoint? _push;
    private SmtpServer? _smtp;
    private readonly EventBusCounters _counters = new();

    public TestClock Clock { get; } = new();

    public SmtpServer Mail => _smtp!;

    public RecordingPushEndpoint Push => _push!;

    public string QueueName { get; } = $"notifications-{Guid.NewGuid():N}"[..22];

    public IntegrationEventProbe Probe => _probe!;

    public async Task InitializeAsync()
    {
        var postgres = await SharedServers.PostgresAsync();
        _database = await postgres.CreateDatabaseAsync("notifications");
        _broker = (await SharedServers.RabbitMqAsync()).ConnectionString;
        _issuer = await TestTokenIssuer.StartAsync();
        _smtp = await SharedServers.SmtpAsync();
        _push = await RecordingPushEndpoint.StartAsync();
        _probe = await IntegrationEventProbe.StartAsync(_broker, nameof(RealtimeNotificationRequested), nameof(UserDataErased), nameof(NpsAnswered));
        StartServer();
        await BrokerQueues.WaitForConsumerAsync(_broker, QueueName);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in new Dictionary<string, string>
        {
            ["ConnectionStrings:notificationsdb"] = _database,
            ["ConnectionStrings:eventbus"] = _broker,
            ["Jwt:Authority"] = _issuer!.Authority,
            ["EventBus:ServiceName"] = QueueName,
            ["EventBus:DeadLetterExchangeName"] = $"dead-letter-{QueueName}",
            ["EventBus:RelayPollInterval"] = "00:00:01",
            ["EventBus:RetryDelays:0"] = "00:00:01",
            ["ConnectionStrings:mail"] = _smtp!.ConnectionString,
            ["Notifications:ExpoPushUrl"] = _push!.Url,
            ["Notifications:ExpoReceiptsUrl"] = _push.ReceiptsUrl,
            ["Notifications:DispatchInterval"] = "00:00:00.200",
            ["Notifications:MessageDigestDelay"] = "00:02:00",
            ["Logging:LogLevel:Default"] = "Warning",
        })
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    public HttpClient ClientFor(Guid userId) => ClientWith(_issuer!.TokenFor(userId));

    /// <summary>A client holding a token of one sign-in (its <c>sid</c>).</summary>
    public HttpClient ClientFor(Guid userId, Guid signInId) => ClientWith(_issuer!.TokenFor(userId, signInId));

    private HttpClient ClientWith(string accessToken)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    public string TokenFor(Guid userId, string role) => _issuer!.TokenFor(userId, role);

    public Task PublishAsync(IntegrationEvent integrationEvent) => EventPublisher.PublishAsync(_broker, IntegrationEventProbe.EventsExchange, integrationEvent);

    /// <summary>A member as Identity announces them, with their language; returns once Notifications knows them.</summary>
    public async Task<Guid> RegisterAsync(string name, string locale)
    {
        var userId = Guid.CreateVersion7();
        await PublishAsync(new UserRegistered(userId, $"{userId:N}@skillswap.test", name, locale));
        await Eventually.WaitUntilAsync(async () =>
        {
            await using var session = Services.GetRequiredService<IDocumentStore>().OpenSession();
            return await session.LoadAsync<RecipientDocument>(RecipientDocument.IdFor(userId)) is not null;
        }, TimeSpan.FromSeconds(20), $"{name} known to Notifications");
        return userId;
    }

    public async Task<InboxPage> InboxAsync(Guid userId, string query = "")
    {
        using var http = ClientFor(userId);
        return (await http.GetFromJsonAsync<InboxPage>($"/api/v1/notifications{query}", Json))!;
    }

    /// <summary>Waits until <paramref name="userId"/>'s inbox holds <paramref name="count"/> entries.</summary>
    public async Task<InboxPage> WaitForInboxAsync(Guid userId, int count)
    {
        InboxPage page = new([], null);
        await Eventually.WaitUntilAsync(async () => (page = await InboxAsync(userId)).Items.Count >= count, TimeSpan.FromSeconds(20),
            () => $"{count} notifications for {userId}, found {page.Items.Count}");
        return page;
    }

    /// <summary>Sends what is due now, at once (the dispatcher also runs by itself every 200 ms).</summary>
    /// <summary>Runs one of the service's periodic workers (dispatcher, receipt checker, retention sweep) now.</summary>
    public Task RunNowAsync<TWorker>() where TWorker : PeriodicBackgroundService =>
        Services.GetServices<IHostedService>().OfType<TWorker>().Single().RunOnceAsync(CancellationToken.None);

    /// <summary>Deliveries of <typeparamref name="TEvent"/> the service has settled so far, duplicates included.</summary>
    public long ConsumedCount<TEvent>() where TEvent : IntegrationEvent => _counters.Count(EventBusCounters.Consumed, typeof(TEvent).Name);

    /// <summary>True once the service committed its handling of the event (whatever it wrote): an ordering witness.</summary>
    public Task WaitUntilHandledAsync(IntegrationEvent integrationEvent) =>
        Services.GetRequiredService<IDocumentStore>().WaitUntilHandledAsync(integrationEvent);

    public async Task<IReadOnlyList<T>> DocumentsAsync<T>() where T : class, IDocument
    {
        await using var session = Services.GetRequiredService<IDocumentStore>().OpenSession();
        return await session.Query<T>().ToListAsync();
    }

    public async Task<int> NotificationCountAsync()
    {
        await using var session = Services.GetRequiredService<IDocumentStore>().OpenSession();
        return await session.Query<NotificationDocument>().CountAsync();
    }

    /// <summary>The entries of one person's inbox, read from the store (an erased person's token reads nothing).</summary>
    public async Task<int> NotificationCountAsync(Guid userId)
    {
        await using var session = Services.GetRequiredService<IDocumentStore>().OpenSession();
        return await session.Query<NotificationDocument>().Where(notification => notification.UserId == userId).CountAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (_probe is not null)
        {
            await _probe.DisposeAsync();
        }
        await DisposeAsync();
        _counters.Dispose();
        if (_issuer is not null)
        {
            await _issuer.DisposeAsync();
        }
        if (_push is not null)
        {
            await _push.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class NotificationsCollection : ICollectionFixture<NotificationsApp>
{
    public const string Name = "notifications";
}
