using System.Text.Json;
using RabbitMQ.Client;
using SkillSwap.IntegrationEvents;
using SkillSwap.Testing;

namespace SkillSwap.Benchmarks.Notifications;

/// <summary>
/// Publishes events as another service's outbox relay does, on the wire exactly as <see cref="EventPublisher"/> puts
/// them (same exchange, routing key, properties and JSON), but over one long-lived confirmed channel: opening a
/// connection per event, as <see cref="EventPublisher"/> does, would cost more than the service under test at 500/s.
/// </summary>
public sealed class EventStream : IAsyncDisposable
{
    private static readonly JsonSerializerOptions WireJson = new(JsonSerializerDefaults.Web);
    private readonly IConnection _connection;
    private readonly IChannel _channel;

    private EventStream(IConnection connection, IChannel channel)
    {
        _connection = connection;
        _channel = channel;
    }

    public static async Task<EventStream> OpenAsync(string amqpConnectionString)
    {
        var factory = new ConnectionFactory { Uri = new Uri(amqpConnectionString) };
        var connection = await factory.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        return new EventStream(connection, channel);
    }

    /// <summary>The message of <paramref name="integrationEvent"/>, ready to go (serialising is kept out of the measured time).</summary>
    public static OutgoingEvent Prepare(IntegrationEvent integrationEvent)
    {
        var eventType = integrationEvent.GetType().Name;
        var properties = new BasicProperties
        {
            DeliveryMode = DeliveryModes.Persistent,
            MessageId = integrationEvent.Id.ToString(),
            Type = eventType,
            ContentType = "application/json",
        };
        return new OutgoingEvent(eventType, properties, JsonSerializer.SerializeToUtf8Bytes(integrationEvent, integrationEvent.GetType(), WireJson));
    }

    /// <summary>Completes when the broker confirmed the event (mandatory: an unroutable event fails instead of vanishing).</summary>
    public async Task PublishAsync(OutgoingEvent outgoing) =>
        await _channel.BasicPublishAsync(IntegrationEventProbe.EventsExchange, outgoing.EventType, mandatory: true, outgoing.Properties, outgoing.Body);

    public async ValueTask DisposeAsync()
    {
        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }
}

public sealed record OutgoingEvent(string EventType, BasicProperties Properties, ReadOnlyMemory<byte> Body);
