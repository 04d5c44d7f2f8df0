using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using SkillSwap.DocumentStore;
using SkillSwap.IntegrationEvents;
using SkillSwap.Reviews.CompletedSessions;
using SkillSwap.Reviews.Ratings;
using SkillSwap.Reviews.Writing;
using SkillSwap.Testing;

namespace SkillSwap.Reviews.Tests;

/// <summary>
/// The Reviews service in memory over its own PostgreSQL database and the shared RabbitMQ, trusting a
/// <see cref="TestTokenIssuer"/>, on a <see cref="TestClock"/>. Completed sessions arrive as Sessions publishes them.
/// </summary>
public sealed class ReviewsApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private string _database = "";
    private string _broker = "";
    private TestTokenIssuer? _issuer;
    private IntegrationEventProbe? _probe;

    public string QueueName { get; } = $"reviews-{Guid.NewGuid():N}"[..16];

    public TestClock Clock { get; } = new();

    public IntegrationEventProbe Probe => _probe!;

    public async Task InitializeAsync()
    {
        var postgres = await SharedServers.PostgresAsync();
        _database = await postgres.CreateDatabaseAsync("reviews");
        _broker = (await SharedServers.RabbitMqAsync()).ConnectionString;
        _issuer = await TestTokenIssuer.StartAsync();
        _probe = await IntegrationEventProbe.StartAsync(_broker, nameof(UserRatingChanged), nameof(ReviewRevealed), nameof(ReviewReported), nameof(UserDataErased));
        StartServer();
        await BrokerQueues.WaitForConsumerAsync(_broker, QueueName);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in new Dictionary<string, string>
        {
            ["ConnectionStrings:reviewsdb"] = _database,
            ["ConnectionStrings:eventbus"] = _broker,
            ["Jwt:Authority"] = _issuer!.Authority,
            ["EventBus:ServiceName"] = QueueName,
            ["EventBus:DeadLetterExchangeName"] = $"dead-letter-{QueueName}",
            ["EventBus:RelayPollInterval"] = "00:00:01",
            ["EventBus:RetryDelays:0"] = "00:00:01",
            // The tests run the reveal clock themselves.
            ["Reviews:ClockInterval"] = "01:00:00",
            ["Logging:LogLevel:Default"] = "Warning",
        })
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    public HttpClient ClientFor(Guid userId)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _issuer!.TokenFor(userId));
        return client;
    }

    public Task PublishAsync(IntegrationEvent integrationEvent) => EventPublisher.PublishAsync(_broker, IntegrationEventProbe.EventsExchange, integrationEvent);

    /// <summary>Waits until Reviews handled <paramref name="integrationEvent"/>, whether or not it changed anything.</summary>
    public Task WaitUntilHandledAsync(IntegrationEvent integrationEvent) =>
        Services.GetRequiredService<IDocumentStore>().WaitUntilHandledAsync(integrationEvent);

    /// <summary>A session of <paramref name="teacher"/> with <paramref name="learners"/> that ended an hour ago, as Sessions announces it; returns once Reviews knows it.</summary>
    public async Task<Guid> CompletedSessionAsync(Guid teacher, params Guid[] learners)
    {
        var sessionId = Guid.CreateVersion7();
        var ended = Clock.GetUtcNow().AddHours(-1);
        await PublishAsync(new SessionCompleted(sessionId, teacher, learners, "Guitar", ended));
        await Eventually.WaitUntilAsync(async () => await LoadAsync<CompletedSessionDocument>(CompletedSessionDocument.IdFor(sessionId)) is not null,
            TimeSpan.FromSeconds(20), $"session {sessionId} open for review");
        return sessionId;
    }

    public async Task<T?> LoadAsync<T>(string id) where T : class, IDocument
    {
        await using var session = Services.GetRequiredService<IDocumentStore>().OpenSession();
        return await session.LoadAsync<T>(id);
    }

    public Task RunRevealClockAsync() => Services.GetRequiredService<RevealClock>().RunOnceAsync(CancellationToken.None);

    /// <summary>Every review, rating and exchange as stored, and the other counts: what a refused request must leave unchanged.</summary>
    public async Task<string> FingerprintAsync()
    {
        await using var session = Services.GetRequiredService<IDocumentStore>().OpenSession();
        var reviews = await session.Query<ReviewDocument>().OrderBy(review => review.Id).ToListAsync();
        var ratings = await session.Query<RatingDocument>().OrderBy(rating => rating.Id).ToListAsync();
        var exchanges = await session.Query<ReviewExchangeDocument>().OrderBy(exchange => exchange.Id).ToListAsync();
        var sessions = await session.Query<CompletedSessionDocument>().CountAsync();
        var reports = await session.Query<SkillSwap.Reviews.Reports.ReviewReportDocument>().CountAsync();
        // Reports leave the outbox once published (they carry someone's words), whenever the relay gets to them.
        var outbox = await session.Query<SkillSwap.DocumentStore.Outbox.OutboxDocument>().Where(row => row.EventType != nameof(ReviewReported)).CountAsync();
        return $"{JsonSerializer.Serialize(reviews)}|{JsonSerializer.Serialize(ratings)}|{JsonSerializer.Serialize(exchanges)}|sessions:{sessions}|reports:{reports}|outbox:{outbox}";
    }

    /// <summary>Whether the event is still in Reviews' outbox.</summary>
    public async Task<bool> InOutboxAsync(Guid eventId)
    {
        await using var session = Services.GetRequiredService<IDocumentStore>().OpenSession();
        return await session.Query<SkillSwap.DocumentStore.Outbox.OutboxDocument>().Where(row => row.EventId == eventId).AnyAsync();
    }

    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

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
public sealed class ReviewsCollection : ICollectionFixture<ReviewsApp>
{
    public const string Name = "reviews";
}
