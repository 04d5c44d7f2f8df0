using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using SkillSwap.DocumentStore;
using SkillSwap.IntegrationEvents;
using SkillSwap.Profiles.Matching;
using SkillSwap.Profiles.Model;
using SkillSwap.Profiles.Search;
using SkillSwap.Testing;

namespace SkillSwap.Profiles.Tests.Infrastructure;

/// <summary>
/// The Profiles service in memory over its own fresh PostgreSQL database (document store on Marten) and the shared
/// RabbitMQ of this test process, trusting a <see cref="TestTokenIssuer"/>, with an <see cref="IntegrationEventProbe"/>
/// reading what it publishes.
/// </summary>
public sealed class ProfilesApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly bool _overKestrel;
    private string _databaseConnectionString = "";
    private string _brokerConnectionString = "";
    private TestTokenIssuer? _issuer;
    private IntegrationEventProbe? _probe;

    public ProfilesApp() : this(overKestrel: false)
    {
    }

    /// <summary>
    /// Over a real Kestrel socket instead of the in-memory server, for what only Kestrel enforces (request size
    /// limits). Internal so xunit sees one public constructor.
    /// </summary>
    internal ProfilesApp(bool overKestrel) => _overKestrel = overKestrel;

    /// <summary>Unique per application, so a queue left by an earlier run never steals this one's deliveries.</summary>
    public string QueueName { get; } = $"profiles-{Guid.NewGuid():N}"[..17];

    /// <summary>
    /// The shared instance uses the real exchange, where <see cref="IntegrationEventProbe"/> listens; the Kestrel one
    /// gets its own, so the events of one suite never create profiles in the other's database mid-comparison.
    /// </summary>
    public string ExchangeName => _overKestrel ? $"events-{QueueName}" : IntegrationEventProbe.EventsExchange;

    public TestTokenIssuer Issuer => _issuer ?? throw new InvalidOperationException("The application is not initialised.");

    /// <summary>The service's embedding model, counting what it embeds.</summary>
    public CountingEmbeddingGenerator Embeddings { get; } = new(new MiniLmEmbeddingGenerator());

    public IntegrationEventProbe Probe => _probe ?? throw new InvalidOperationException("Only the shared application has a probe.");

    public async Task InitializeAsync()
    {
        var postgres = await SharedServers.PostgresAsync();
        var rabbitMq = await SharedServers.RabbitMqAsync();
        _databaseConnectionString = await postgres.CreateDatabaseAsync("profiles");
        _brokerConnectionString = rabbitMq.ConnectionString;
        _issuer = await TestTokenIssuer.StartAsync();
        if (!_overKestrel)
        {
            _probe = await IntegrationEventProbe.StartAsync(
                _brokerConnectionString, nameof(ProfileUpdated), nameof(UserDataErased), nameof(SkillsChanged), nameof(UserBlocked), nameof(UserUnblocked), nameof(MatchFound),
                nameof(ProfileReported), nameof(FirstMatchesShown));
        }

        // Starts the service and waits until it listens to its queue: events published before are unroutable.
        if (_overKestrel)
        {
            UseKestrel(port: 0);
        }
        StartServer();
        await BrokerQueues.WaitForConsumerAsync(_brokerConnectionString, QueueName);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureTestServices(services => services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(Embeddings));
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:profilesdb"] = _databaseConnectionString,
            ["ConnectionStrings:eventbus"] = _brokerConnectionString,
            ["Jwt:Authority"] = Issuer.Authority,
            ["EventBus:ServiceName"] = QueueName,
            ["EventBus:ExchangeName"] = ExchangeName,
            ["EventBus:DeadLetterExchangeName"] = $"dead-letter-{QueueName}",
            ["EventBus:RelayPollInterval"] = "00:00:01",
            // A failing handler is retried soon, not after the production back-off.
            ["EventBus:RetryDelays:0"] = "00:00:01",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public HttpClient ClientFor(Guid userId) => ClientWith(Issuer.TokenFor(userId));

    public HttpClient ClientWith(string accessToken)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    /// <summary>Publishes to the events exchange as another service's outbox relay would (same properties, same JSON).</summary>
    public Task PublishAsync(IntegrationEvent integrationEvent) =>
        EventPublisher.PublishAsync(_brokerConnectionString, ExchangeName, integrationEvent);

    /// <summary>Waits until Profiles handled <paramref name="integrationEvent"/>, whether or not it changed anything.</summary>
    public Task WaitUntilHandledAsync(IntegrationEvent integrationEvent) =>
        Services.GetRequiredService<IDocumentStore>().WaitUntilHandledAsync(integrationEvent);

    /// <summary>Registers a user as Identity would announce it and waits until the profile exists.</summary>
    public async Task<Guid> RegisterUserAsync(string displayName = "Ana", string locale = "fr")
    {
        var userId = Guid.CreateVersion7();
        await PublishAsync(new UserRegistered(userId, $"{userId:N}@skillswap.test", displayName, locale));
        await Eventually.WaitUntilAsync(async () => await LoadProfileAsync(userId) is not null, TimeSpan.FromSeconds(20),
            $"profile of {userId} created");
        return userId;
    }

    public async Task<ProfileDocument?> LoadProfileAsync(Guid userId)
    {
        await using var session = Services.GetRequiredService<IDocumentStore>().OpenSession();
        return await session.LoadAsync<ProfileDocument>(ProfileDocument.IdFor(userId));
    }

    public Task<ProfileSearchDocument?> IndexEntryAsync(Guid userId) =>
        Services.GetRequiredService<IProfileSearch>().GetAsync(userId, CancellationToken.None);

    /// <summary>Waits until the search index holds the profile in a state <paramref name="condition"/> accepts.</summary>
    public Task WaitUntilIndexedAsync(Guid userId, Func<ProfileSearchDocument, bool> condition) =>
        Eventually.WaitUntilAsync(async () => await IndexEntryAsync(userId) is { } entry && condition(entry), TimeSpan.FromSeconds(20),
            $"search entry of {userId} up to date");

    /// <summary>
    /// Every profile as stored, and how many events are in the outbox: what a refused request must leave unchanged.
    /// </summary>
    public async Task<string> FingerprintAsync()
    {
        await using var session = Services.GetRequiredService<IDocumentStore>().OpenSession();
        var profiles = await session.Query<ProfileDocument>().OrderBy(p => p.Id).ToListAsync();
        var outboxCount = await session.Query<SkillSwap.DocumentStore.Outbox.OutboxDocument>().CountAsync();
        return $"{JsonSerializer.Serialize(profiles)}|outbox:{outboxCount}";
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (_probe is not null)
        {
            await _probe.DisposeAsync();
        }
        await DisposeAsync();
        if (_issuer is not null)
        {
            await _issuer.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ProfilesCollection : ICollectionFixture<ProfilesApp>
{
    /// <summary>One service shared by the suites; they run one after another.</summary>
    public const string Name = "profiles";
}
