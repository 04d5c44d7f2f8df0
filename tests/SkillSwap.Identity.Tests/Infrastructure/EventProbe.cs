using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SkillSwap.EventBus;
using SkillSwap.EventBus.EntityFrameworkCore;
using SkillSwap.EventBus.EntityFrameworkCore.Outbox;
using SkillSwap.IntegrationEvents;
using SkillSwap.Testing;

namespace SkillSwap.Identity.Tests.Infrastructure;

/// <summary>
/// Another service on the same broker, standing in for Notifications (it reads the mailed tokens from the events
/// Identity publishes) and for Profiles (it answers erasure requests). It uses the real event bus with its own
/// outbox and inbox, so what the tests see is what a real consumer would receive.
/// </summary>
public sealed class EventProbe : IAsyncDisposable
{
    private readonly IHost _host;

    private EventProbe(IHost host) => _host = host;

    public ReceivedEvents Received => _host.Services.GetRequiredService<ReceivedEvents>();

    public static async Task<EventProbe> StartAsync(string brokerConnectionString, string databaseConnectionString, BusNames names)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:eventbus"] = brokerConnectionString,
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<ReceivedEvents>();
        builder.Services.AddDbContext<ProbeDbContext>(options => options.UseNpgsql(databaseConnectionString));
        builder.Services.AddEntityFrameworkEventBusStores<ProbeDbContext>();
        builder.AddRabbitMqEventBus("eventbus", names.CaptureService, options =>
            {
                options.ExchangeName = names.Exchange;
                options.DeadLetterExchangeName = names.DeadLetterExchange;
                options.RelayPollInterval = TimeSpan.FromSeconds(1);
            })
            .AddSubscription<UserRegistered, Recorder<UserRegistered>>()
            .AddSubscription<EmailVerificationRequested, Recorder<EmailVerificationRequested>>()
            .AddSubscription<EmailVerified, Recorder<EmailVerified>>()
            .AddSubscription<PasswordResetRequested, Recorder<PasswordResetRequested>>()
            .AddSubscription<UserErasureRequested, Recorder<UserErasureRequested>>()
            .AddSubscription<UserErased, Recorder<UserErased>>()
            .AddSubscription<SignInsEnded, Recorder<SignInsEnded>>()
            .AddSubscription<SupportActionTaken, Recorder<SupportActionTaken>>();

        var host = builder.Build();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ProbeDbContext>().Database.EnsureCreatedAsync();
        }
        await host.StartAsync();
        await BrokerQueues.WaitForConsumerAsync(brokerConnectionString, names.CaptureService);
        return new EventProbe(host);
    }

    /// <summary>Publishes through the probe's outbox, as the service it stands in for would.</summary>
    public async Task PublishAsync(IntegrationEvent integrationEvent)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ProbeDbContext>();
        db.AddIntegrationEvent(integrationEvent);
        await db.SaveChangesAsync();
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await _host.StopAsync(timeout.Token);
        _host.Dispose();
    }

    private sealed class Recorder<TEvent>(ReceivedEvents received) : IIntegrationEventHandler<TEvent> where TEvent : IntegrationEvent
    {
        public Task HandleAsync(TEvent integrationEvent, CancellationToken cancellationToken)
        {
            received.Add(integrationEvent);
            return Task.CompletedTask;
        }
    }
}

public sealed class ReceivedEvents
{
    private readonly ConcurrentQueue<IntegrationEvent> _events = new();

    public void Add(IntegrationEvent integrationEvent) => _events.Enqueue(integrationEvent);

    public IReadOnlyList<TEvent> All<TEvent>(Func<TEvent, bool> predicate) where TEvent : IntegrationEvent => [.. _events.OfType<TEvent>().Where(predicate)];

    /// <summary>Waits for a matching event and returns the latest one received.</summary>
    public async Task<TEvent> WaitForAsync<TEvent>(Func<TEvent, bool> predicate, int count = 1) where TEvent : IntegrationEvent
    {
        await Eventually.WaitUntilAsync(() => Task.FromResult(All(predicate).Count >= count), TimeSpan.FromSeconds(20),
            $"{count} {typeof(TEvent).Name} event(s)");
        return All(predicate).OrderBy(e => e.OccurredAt).Last();
    }
}

/// <summary>Just the event-bus tables: the probe keeps no data of its own.</summary>
public sealed class ProbeDbContext(DbContextOptions<ProbeDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddEventBusTables();
}
