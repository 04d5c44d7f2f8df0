using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SkillSwap.EventBus.EntityFrameworkCore;
using SkillSwap.EventBus.EntityFrameworkCore.Inbox;
using SkillSwap.EventBus.EntityFrameworkCore.Outbox;
using SkillSwap.EventBus.Outbox;
using SkillSwap.IntegrationEvents;
using SkillSwap.Testing;
using Xunit.Abstractions;

namespace SkillSwap.EventBus.Tests.Infrastructure;

/// <summary>Names that keep tests apart on a shared broker.</summary>
public sealed record BusNames(string ServiceName, string Exchange, string DeadLetterExchange)
{
    public static BusNames Unique(string service)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        return new BusNames($"{service}-{suffix}", $"events-{suffix}", $"dead-letter-{suffix}");
    }

    public string DeadLetterQueue => $"{ServiceName}.dead-letter";
}

/// <summary>
/// A real generic host running the event bus the way a service does: Aspire's RabbitMQ client, the EF Core
/// outbox and inbox on PostgreSQL, the relay and the consumer as hosted services.
/// </summary>
public sealed class EventBusTestHost : IAsyncDisposable
{
    private readonly IHost _host;

    private EventBusTestHost(IHost host, HandlerLog log)
    {
        _host = host;
        Log = log;
    }

    public HandlerLog Log { get; }
    public IServiceProvider Services => _host.Services;

    public static async Task<EventBusTestHost> StartAsync(
        string brokerConnectionString,
        string databaseConnectionString,
        BusNames names,
        ITestOutputHelper output,
        bool subscribe = true,
        Action<EventBusOptions>? configure = null,
        TimeProvider? clock = null,
        Action<EventBusBuilder>? subscriptions = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:eventbus"] = brokerConnectionString,
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new XunitLoggerProvider(output, names.ServiceName));
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(10));

        var log = new HandlerLog();
        builder.Services.AddSingleton(log);
        if (clock is not null)
        {
            builder.Services.AddSingleton(clock);
        }
        builder.Services.AddDbContext<TestDbContext>(options => options.UseNpgsql(databaseConnectionString));
        // Registered before the EF stores (which use TryAdd) so the test sees every duplicate the inbox skips.
        builder.Services.AddScoped<IInboxStore>(sp => new CountingInboxStore(new EfInboxStore<TestDbContext>(sp.GetRequiredService<TestDbContext>()), log));
        builder.Services.AddEntityFrameworkEventBusStores<TestDbContext>();

        var bus = builder.AddRabbitMqEventBus(
            connectionName: "eventbus",
            serviceName: names.ServiceName,
            configure: options =>
            {
                options.ExchangeName = names.Exchange;
                options.DeadLetterExchangeName = names.DeadLetterExchange;
                options.RetryDelays = [TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(600)];
                options.MaxAttempts = 3;
                options.RelayPollInterval = TimeSpan.FromSeconds(2);
                options.MaxReconnectDelay = TimeSpan.FromSeconds(1);
                configure?.Invoke(options);
            },
            configureConnectionFactory: factory =>
            {
                factory.NetworkRecoveryInterval = TimeSpan.FromMilliseconds(500);
                factory.RequestedConnectionTimeout = TimeSpan.FromSeconds(5);
            });
        if (subscriptions is not null)
        {
            subscriptions(bus);
        }
        else if (subscribe)
        {
            bus.AddSubscription<SampleHappened, RecordingHandler>();
        }

        var host = builder.Build();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<TestDbContext>().Database.EnsureCreatedAsync();
        }
        await host.StartAsync();
        if (subscribe || subscriptions is not null)
        {
            // Events published before the service queue is bound are unroutable by design (pub/sub): wait for it.
            await BrokerQueues.WaitForConsumerAsync(brokerConnectionString, names.ServiceName);
        }
        return new EventBusTestHost(host, log);
    }

    /// <summary>Commits a domain row and its event in one transaction, as a service's command handler would.</summary>
    public async Task<T> WriteThroughOutboxAsync<T>(T integrationEvent) where T : IntegrationEvent
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var dbContext = scope.ServiceProvider.GetRequiredService<TestDbContext>();
        dbContext.DomainRows.Add(new DomainRow { Id = Guid.NewGuid(), Number = (integrationEvent as SampleHappened)?.Number ?? 0 });
        dbContext.AddIntegrationEvent(integrationEvent);
        await dbContext.SaveChangesAsync();
        return integrationEvent;
    }

    public async Task<T> QueryAsync<T>(Func<TestDbContext, Task<T>> query)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<TestDbContext>());
    }

    public void WakeRelay() => _host.Services.GetRequiredService<IOutboxSignal>().Notify();

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await _host.StopAsync(timeout.Token);
        _host.Dispose();
    }
}

public static class IntegrationEventExtensions
{
    public static Guid[] Ids(this IEnumerable<IntegrationEvent> events) => [.. events.Select(e => e.Id)];
}
