using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using SkillSwap.DocumentStore;
using SkillSwap.IntegrationEvents;
using SkillSwap.Sessions.Calendar;
using SkillSwap.Sessions.Clock;
using SkillSwap.Sessions.Model;
using SkillSwap.Testing;

namespace SkillSwap.Sessions.Tests.Infrastructure;

/// <summary>
/// The Sessions service in memory over its own PostgreSQL database (document store on Marten) and the shared RabbitMQ,
/// (or on MongoDB when SKILLSWAP_TEST_MONGODB holds a connection string), trusting a <see cref="TestTokenIssuer"/>, on a <see cref="TestClock"/> the tests move forward. Payments' answers are
/// published on the bus exactly as Payments publishes them (the saga with the real Payments service is in
/// SkillSwap.BookingSaga.Tests).
/// </summary>
public sealed class SessionsApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private string _databaseConnectionString = "";
    private string _brokerConnectionString = "";
    private TestTokenIssuer? _issuer;
    private IntegrationEventProbe? _probe;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, Task> _registered = new();

    public string QueueName { get; } = $"sessions-{Guid.NewGuid():N}"[..17];

    public TestClock Clock { get; } = new();

    public TestTokenIssuer Issuer => _issuer ?? throw new InvalidOperationException("The application is not initialised.");

    public IntegrationEventProbe Probe => _probe ?? throw new InvalidOperationException("The application is not initialised.");

    public async Task InitializeAsync()
    {
        var postgres = await SharedServers.PostgresAsync();
        var rabbitMq = await SharedServers.RabbitMqAsync();
        _databaseConnectionString = await postgres.CreateDatabaseAsync("sessions");
        _brokerConnectionString = rabbitMq.ConnectionString;
        _issuer = await TestTokenIssuer.StartAsync();
        _probe = await IntegrationEventProbe.StartAsync(_brokerConnectionString,
            nameof(SessionRequested), nameof(BookingCancelled), nameof(BookingCompleted), nameof(BookingDisputed), nameof(BookingDisputeResolved),
            nameof(SessionConfirmed), nameof(SessionDeclined), nameof(SessionCancelled), nameof(SessionReminderDue), nameof(SessionCompleted),
            nameof(UserReliabilityChanged), nameof(UserDataErased));
        StartServer();
        await BrokerQueues.WaitForConsumerAsync(_brokerConnectionString, QueueName);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:sessionsdb"] = _databaseConnectionString,
            ["ConnectionStrings:eventbus"] = _brokerConnectionString,
            ["Jwt:Authority"] = Issuer.Authority,
            ["EventBus:ServiceName"] = QueueName,
            ["EventBus:DeadLetterExchangeName"] = $"dead-letter-{QueueName}",
            ["EventBus:RelayPollInterval"] = "00:00:01",
            ["EventBus:RetryDelays:0"] = "00:00:01",
            // The tests run the clock themselves (SessionClock.RunOnceAsync) at the instants they choose.
            ["Sessions:ClockInterval"] = "01:00:00",
            // Time-zone tests pick the next winter and summer Mondays, which can lie more than the default 180 days ahead.
            ["Sessions:BookingHorizon"] = "400.00:00:00",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        // The same suite runs on MongoDB when one is given (a replica set: sessions and their calendar claims commit
        // together), in a database of its own.
        var mongo = Environment.GetEnvironmentVariable("SKILLSWAP_TEST_MONGODB");
        if (!string.IsNullOrEmpty(mongo))
        {
            settings["ConnectionStrings:mongodb"] = mongo;
            builder.ConfigureTestServices(services => services.PostConfigure<DocumentStoreOptions>(
                options => options.MongoDatabaseName = $"sessions_{Guid.NewGuid():N}"));
        }
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    public HttpClient ClientFor(Guid userId, string role = "member")
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Issuer.TokenFor(userId, role));
        return client;
    }

    public Task PublishAsync(IntegrationEvent integrationEvent) =>
        EventPublisher.PublishAsync(_brokerConnectionString, IntegrationEventProbe.EventsExchange, integrationEvent);

    public async Task<SessionDocument?> LoadAsync(Guid sessionId)
    {
        await using var session = Services.GetRequiredService<IDocumentStore>().OpenSession();
        return await session.LoadAsync<SessionDocument>(SessionDocument.IdFor(sessionId));
    }

    public Task WaitForStatusAsync(Guid sessionId, SessionStatus status) =>
        Eventually.WaitUntilAsync(async () => (await LoadAsync(sessionId))?.Status == status, TimeSpan.FromSeconds(20),
            $"session {sessionId} {status}");

    /// <summary>Runs the session clock now (after moving <see cref="Clock"/> as the test needs).</summary>
    public Task RunClockAsync() => Services.GetRequiredService<SessionClock>().RunOnceAsync(CancellationToken.None);

    /// <summary>Stores a session exactly as given: how lifecycle tests put one, brought to any state by its own methods, behind the API.</summary>
    public async Task StoreAsync(SessionDocument document)
    {
        await using var session = Services.GetRequiredService<IDocumentStore>().OpenSession();
        session.Insert(document);
        await session.SaveChangesAsync();
    }

    /// <summary>
    /// Announces an account as Identity does (once per id), created at <paramref name="registeredAt"/> (now when not
    /// given), and waits until Sessions knows the person.
    /// </summary>
    public Task RegisterAsync(Guid userId, DateTimeOffset? registeredAt = null) => _registered.GetOrAdd(userId, async id =>
    {
        await PublishAsync(new UserRegistered(id, $"{id:N}@skillswap.test", "Member", "en") { OccurredAt = registeredAt ?? DateTimeOffset.UtcNow });
        await Eventually.WaitUntilAsync(async () =>
        {
            await using var session = Services.GetRequiredService<IDocumentStore>().OpenSession();
            return await session.LoadAsync<SkillSwap.Sessions.Participants.ParticipantDocument>(
                SkillSwap.Sessions.Participants.ParticipantDocument.IdFor(id)) is not null;
        }, TimeSpan.FromSeconds(20), $"{id} known to Sessions");
    });

    /// <summary>Waits until Sessions handled <paramref name="integrationEvent"/>, whether or not it changed anything.</summary>
    public Task WaitUntilHandledAsync(IntegrationEvent integrationEvent) =>
        Services.GetRequiredService<IDocumentStore>().WaitUntilHandledAsync(integrationEvent);

    public async Task<string?> ParticipantZoneAsync(Guid userId)
    {
        await using var session = Services.GetRequiredService<IDocumentStore>().OpenSession();
        return (await session.LoadAsync<SkillSwap.Sessions.Participants.ParticipantDocument>(
            SkillSwap.Sessions.Participants.ParticipantDocument.IdFor(userId)))?.TimeZone;
    }

    public async Task<int> ClaimCountAsync(Guid userId)
    {
        await using var session = Services.GetRequiredService<IDocumentStore>().OpenSession();
        return await session.Query<CalendarClaim>().Where(claim => claim.UserId == userId).CountAsync();
    }

    /// <summary>Takes the session's quarters in every participant's calendar, as accepting it does.</summary>
    public async Task StoreClaimsAsync(SessionDocument stored)
    {
        await using var session = Services.GetRequiredService<IDocumentStore>().OpenSession();
        foreach (var userId in stored.ParticipantIds)
        {
            CalendarClaims.Claim(session, stored, userId);
        }
        await session.SaveChangesAsync();
    }

    /// <summary>The types of the events staged in the outbox that name any of <paramref name="ids"/>, sorted.</summary>
    public async Task<IReadOnlyList<string>> StagedEventTypesAsync(params Guid[] ids)
    {
        await using var session = Services.GetRequiredService<IDocumentStore>().OpenSession();
        var staged = new Dictionary<Guid, string>();
        foreach (var id in ids.Select(id => id.ToString("D")))
        {
            foreach (var row in await session.Query<SkillSwap.DocumentStore.Outbox.OutboxDocument>().Where(row => row.Payload.Contains(id)).ToListAsync())
            {
                staged[row.EventId] = row.EventType;
            }
        }
        return [.. staged.Values.Order(StringComparer.Ordinal)];
    }

    /// <summary>Every session and claim as stored, and the outbox size: what a refused request must leave unchanged.</summary>
    public async Task<string> FingerprintAsync()
    {
        await using var session = Services.GetRequiredService<IDocumentStore>().OpenSession();
        var sessions = await session.Query<SessionDocument>().OrderBy(s => s.Id).ToListAsync();
        var claims = await session.Query<CalendarClaim>().CountAsync();
        var outbox = await session.Query<SkillSwap.DocumentStore.Outbox.OutboxDocument>().CountAsync();
        return $"{JsonSerializer.Serialize(sessions)}|claims:{claims}|outbox:{outbox}";
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
public sealed class SessionsCollection : ICollectionFixture<SessionsApp>
{
    public const string Name = "sessions";
}
