using Microsoft.Extensions.DependencyInjection;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.EventBus.Consuming;

/// <summary>One handler of one event type, invoked without reflection on the hot path.</summary>
internal sealed record EventHandlerRegistration(
    Type HandlerType,
    Func<IServiceProvider, IntegrationEvent, CancellationToken, Task> InvokeAsync);

internal sealed record EventSubscription(Type EventType, List<EventHandlerRegistration> Handlers);

/// <summary>Maps the AMQP type (the event's CLR type name) to the CLR type and its handlers in this service.</summary>
internal sealed class EventBusSubscriptions
{
    private readonly Dictionary<string, EventSubscription> _byTypeName = new(StringComparer.Ordinal);

    public IEnumerable<string> EventTypeNames => _byTypeName.Keys;

    /// <summary>The service takes its measured events from the history queue (it is the one that measures them).</summary>
    public bool ReadsHistory { get; set; }

    /// <summary>What the service queue is bound to: every subscribed type, but the measured ones for a history reader.</summary>
    public IEnumerable<string> ServiceQueueEventTypeNames =>
        ReadsHistory ? EventTypeNames.Where(name => !MeasuredAttribute.EventTypeNames.Contains(name)) : EventTypeNames;

    public bool IsEmpty => _byTypeName.Count == 0;

    public EventSubscription? Find(string? eventTypeName) =>
        eventTypeName is not null && _byTypeName.TryGetValue(eventTypeName, out var subscription) ? subscription : null;

    public void Add<TEvent, THandler>()
        where TEvent : IntegrationEvent
        where THandler : class, IIntegrationEventHandler<TEvent>
    {
        var name = typeof(TEvent).Name;
        if (!_byTypeName.TryGetValue(name, out var subscription))
        {
            subscription = new EventSubscription(typeof(TEvent), []);
            _byTypeName.Add(name, subscription);
        }
        else if (subscription.EventType != typeof(TEvent))
        {
            throw new InvalidOperationException(
                $"{typeof(TEvent).FullName} and {subscription.EventType.FullName} share the wire name '{name}'.");
        }
        if (subscription.Handlers.Any(handler => handler.HandlerType == typeof(THandler)))
        {
            return;
        }
        subscription.Handlers.Add(new EventHandlerRegistration(
            typeof(THandler),
            (services, integrationEvent, cancellationToken) =>
                services.GetRequiredService<THandler>().HandleAsync((TEvent)integrationEvent, cancellationToken)));
    }
}
