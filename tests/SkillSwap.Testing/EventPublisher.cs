using System.Text.Json;
using RabbitMQ.Client;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.Testing;

/// <summary>Publishes an event as another service's outbox relay would (same exchange, properties and JSON), for a service under test to consume.</summary>
public static class EventPublisher
{
    private static readonly JsonSerializerOptions WireJson = new(JsonSerializerDefaults.Web);

    public static Task PublishAsync(string amqpConnectionString, string exchangeName, IntegrationEvent integrationEvent) =>
        PublishAsync(amqpConnectionString, exchangeName, [integrationEvent]);

    /// <summary>Publishes every event at once on one channel (a burst, as concurrent relays would send it).</summary>
    public static async Task PublishAsync(string amqpConnectionString, string exchangeName, IReadOnlyList<IntegrationEvent> events)
    {
        var factory = new ConnectionFactory { Uri = new Uri(amqpConnectionString) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        await Task.WhenAll(events.Select(async integrationEvent =>
        {
            var eventType = integrationEvent.GetType().Name;
            var properties = new BasicProperties
            {
                DeliveryMode = DeliveryModes.Persistent,
                MessageId = integrationEvent.Id.ToString(),
                Type = eventType,
                ContentType = "application/json",
            };
            var body = JsonSerializer.SerializeToUtf8Bytes(integrationEvent, integrationEvent.GetType(), WireJson);
            await channel.BasicPublishAsync(exchangeName, eventType, mandatory: true, properties, body);
        }));
    }
}
