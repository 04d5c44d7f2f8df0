using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace SkillSwap.Testing;

/// <summary>
/// Counts, per event type, the deliveries the event bus consumer settled (its <c>skillswap.eventbus.consumed</c>
/// counter, duplicates included), so a test knows when the events it published have been handled, even those that
/// change nothing (a redelivered duplicate, an event too late to matter); and the failed handlings sent back for a
/// retry (<c>skillswap.eventbus.retried</c>).
/// </summary>
public sealed class EventBusCounters : IDisposable
{
    public const string Consumed = "skillswap.eventbus.consumed";
    public const string Retried = "skillswap.eventbus.retried";

    private readonly ConcurrentDictionary<(string Instrument, string EventType), long> _counts = new();
    private readonly MeterListener _listener = new();

    public EventBusCounters()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "SkillSwap.EventBus" && instrument.Name is Consumed or Retried)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "messaging.event_type", Value: string eventType })
                {
                    _counts.AddOrUpdate((instrument.Name, eventType), value, (_, count) => count + value);
                }
            }
        });
        _listener.Start();
    }

    public long Count(string instrument, string eventType) => _counts.GetValueOrDefault((instrument, eventType));

    /// <summary>
    /// Publishes <paramref name="events"/> back to back on one channel, so they wait in the service's queue together,
    /// then waits until the service has consumed every delivery, duplicates included: afterwards, whatever they were
    /// going to change has been committed.
    /// </summary>
    public Task PublishAndWaitAsync(string brokerConnectionString, params SkillSwap.IntegrationEvents.IntegrationEvent[] events) =>
        PublishAndWaitAsync(brokerConnectionString, IntegrationEventProbe.EventsExchange, events);

    /// <inheritdoc cref="PublishAndWaitAsync(string, SkillSwap.IntegrationEvents.IntegrationEvent[])"/>
    public async Task PublishAndWaitAsync(string brokerConnectionString, string exchangeName, params SkillSwap.IntegrationEvents.IntegrationEvent[] events)
    {
        var expected = events.GroupBy(e => e.GetType().Name).ToDictionary(g => g.Key, g => Count(Consumed, g.Key) + g.Count());
        await EventPublisher.PublishAsync(brokerConnectionString, exchangeName, events);
        await Eventually.WaitUntilAsync(
            () => Task.FromResult(expected.All(pair => Count(Consumed, pair.Key) >= pair.Value)),
            TimeSpan.FromSeconds(60),
            () => "consumed " + string.Join(", ", expected.Select(pair => $"{pair.Key} {Count(Consumed, pair.Key)}/{pair.Value}")));
    }

    public void Dispose() => _listener.Dispose();
}
