using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SkillSwap.Administration.Infrastructure;
using SkillSwap.IntegrationEvents;
using SkillSwap.Testing;

namespace SkillSwap.Administration.Tests.Infrastructure;

/// <summary>
/// The Administration service in memory over its own fresh PostgreSQL database and the shared RabbitMQ of this test
/// process, trusting a <see cref="TestTokenIssuer"/>; events are published to the real exchange and waited for until
/// the service has consumed them.
/// </summary>
public class AdministrationApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    private readonly EventBusCounters _counters = new();
    private string _databaseConnectionString = "";
    private string _brokerConnectionString = "";
    private TestTokenIssuer? _issuer;

    /// <summary>Unique per application, so a queue left by an earlier run never steals this one's deliveries.</summary>
    public string QueueName { get; } = $"administration-{Guid.NewGuid():N}"[..23];

    /// <summary>The exchange its events travel through; the shared one unless a test needs every event to be its own.</summary>
    public virtual string ExchangeName => IntegrationEventProbe.EventsExchange;

    public TestTokenIssuer Issuer => _issuer ?? throw new InvalidOperationException("The application is not initialised.");

    public async Task InitializeAsync()
    {
        var postgres = await SharedServers.PostgresAsync();
        var rabbitMq = await SharedServers.RabbitMqAsync();
        _databaseConnectionString = await postgres.CreateDatabaseAsync("administration");
        _brokerConnectionString = rabbitMq.ConnectionString;
        _issuer = await TestTokenIssuer.StartAsync();
        StartServer();
        await BrokerQueues.WaitForConsumerAsync(_brokerConnectionString, QueueName);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:administrationdb"] = _databaseConnectionString,
            ["ConnectionStrings:eventbus"] = _brokerConnectionString,
            ["Jwt:Authority"] = Issuer.Authority,
            ["EventBus:ServiceName"] = QueueName,
            ["EventBus:ExchangeName"] = ExchangeName,
            ["EventBus:HistoryQueueName"] = $"{QueueName}.history",
            ["EventBus:DeadLetterExchangeName"] = $"dead-letter-{QueueName}",
            ["EventBus:RelayPollInterval"] = "00:00:01",
            ["EventBus:RetryDelays:0"] = "00:00:01",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public HttpClient ClientFor(Guid userId, string role = "moderator")
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Issuer.TokenFor(userId, role));
        return client;
    }

    public async Task<T> GetAsync<T>(Guid userId, string path, string role = "moderator")
    {
        using var client = ClientFor(userId, role);
        return await (await client.GetAsync(path)).ReadAsync<T>(HttpStatusCode.OK, Json);
    }

    /// <summary>Publishes <paramref name="events"/> and waits until the service has consumed every one of them.</summary>
    public Task PublishAndWaitAsync(params IntegrationEvent[] events) => _counters.PublishAndWaitAsync(_brokerConnectionString, ExchangeName, events);

    public async Task<T> QueryAsync<T>(Func<AdministrationDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<AdministrationDbContext>());
    }

    public Task<int> AuditCountAsync() => QueryAsync(db => db.AuditEntries.CountAsync());

    public string BrokerConnectionString => _brokerConnectionString;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        _counters.Dispose();
        if (_issuer is not null)
        {
            await _issuer.DisposeAsync();
        }
    }
}

/// <summary>An Administration of its own, on its own exchange, for tests that count every event it has seen (the KPIs).</summary>
public sealed class IsolatedAdministrationApp : AdministrationApp
{
    public override string ExchangeName => $"events-{QueueName}";
}

[CollectionDefinition(Name)]
public sealed class AdministrationCollection : ICollectionFixture<AdministrationApp>
{
    /// <summary>One service shared by the suites; they run one after another.</summary>
    public const string Name = "administration";
}
