using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using SkillSwap.EventBus.Connection;
using SkillSwap.EventBus.Consuming;
using SkillSwap.EventBus.Outbox;
using SkillSwap.EventBus.Publishing;
using SkillSwap.EventBus.Retention;
using SkillSwap.EventBus.Telemetry;
using SkillSwap.EventBus.Topology;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.EventBus;

public static class RabbitMqEventBusExtensions
{
    /// <summary>
    /// Adds the RabbitMQ connection (Aspire), the outbox relay, the consumer of this service's queue and the sweep that
    /// deletes old published outbox rows and inbox records.
    /// The service must also register an <see cref="IOutboxStore"/> and an <see cref="IInboxStore"/> (scoped),
    /// e.g. with <c>AddEntityFrameworkEventBusStores&lt;TContext&gt;()</c>.
    /// </summary>
    /// <param name="connectionName">The Aspire connection name (ConnectionStrings:{name}).</param>
    /// <param name="serviceName">Names this service's queues and inbox consumers.</param>
    /// <param name="configure">Runs after the "EventBus" configuration section is bound.</param>
    /// <param name="configureConnectionFactory">Runs after Aspire configured the factory (recovery is already on).</param>
    public static EventBusBuilder AddRabbitMqEventBus(
        this IHostApplicationBuilder builder,
        string connectionName,
        string serviceName,
        Action<EventBusOptions>? configure = null,
        Action<ConnectionFactory>? configureConnectionFactory = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionName);
        ArgumentException.ThrowIfNullOrEmpty(serviceName);

        builder.AddRabbitMQClient(
            connectionName,
            settings =>
            {
                // The outbox exists so the service works while the broker is down: do not block start-up on it.
                settings.DisableAutoActivation = true;
            },
            factory =>
            {
                // Both are the client's defaults; the relay and consumer rely on them, so state them.
                factory.AutomaticRecoveryEnabled = true;
                factory.TopologyRecoveryEnabled = true;
                factory.ClientProvidedName = serviceName;
                configureConnectionFactory?.Invoke(factory);
            });

        var services = builder.Services;
        services.AddOptions<EventBusOptions>()
            .Bind(builder.Configuration.GetSection(EventBusOptions.SectionName))
            .Configure(options =>
            {
                options.ServiceName = serviceName;
                configure?.Invoke(options);
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EventBusOptions>, EventBusOptionsValidator>());

        var subscriptions = new EventBusSubscriptions();
        services.AddSingleton(subscriptions);
        services.AddSingleton(sp => new EventBusTopology(sp.GetRequiredService<IOptions<EventBusOptions>>().Value));
        services.AddSingleton<BrokerConnection>();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<IOutboxSignal>(sp => sp.GetRequiredService<OutboxSignal>());
        services.AddHostedService<OutboxRelay>();
        services.AddHostedService<IntegrationEventConsumer>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHostedService<EventBusRetentionSweep>();

        return new EventBusBuilder(services, subscriptions);
    }
}

/// <summary>Declares which events this service consumes and who handles them.</summary>
public sealed class EventBusBuilder
{
    private readonly EventBusSubscriptions _subscriptions;

    internal EventBusBuilder(IServiceCollection services, EventBusSubscriptions subscriptions)
    {
        Services = services;
        _subscriptions = subscriptions;
    }

    public IServiceCollection Services { get; }

    /// <summary>
    /// Binds the service queue to <typeparamref name="TEvent"/> and runs <typeparamref name="THandler"/> (scoped) for
    /// each one, exactly once per event thanks to the inbox. Several handlers of one event are independent:
    /// each has its own inbox entry and retries.
    /// </summary>
    public EventBusBuilder AddSubscription<TEvent, THandler>()
        where TEvent : IntegrationEvent
        where THandler : class, IIntegrationEventHandler<TEvent>
    {
        Services.TryAddScoped<THandler>();
        _subscriptions.Add<TEvent, THandler>();
        return this;
    }

    /// <summary>
    /// This service is the history queue's reader: the measured events it subscribes to come from there, with every
    /// one published since the broker first saw a SkillSwap service, instead of from its own queue (which only gets
    /// what is published after its first start). One service per deployment does this.
    /// </summary>
    public EventBusBuilder ReadEventHistory()
    {
        _subscriptions.ReadsHistory = true;
        return this;
    }
}
