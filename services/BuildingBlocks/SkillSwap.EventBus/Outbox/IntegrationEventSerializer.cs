using System.Diagnostics;
using System.Text.Json;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.EventBus.Outbox;

/// <summary>
/// The one wire format of events: System.Text.Json with web defaults (camelCase), named by the CLR type name.
/// Stores that write their own outbox rows (document store) use <see cref="ToOutboxMessage"/> so every service agrees.
/// </summary>
public static class IntegrationEventSerializer
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>Whether events of this type carry sensitive data (<see cref="CarriesSensitiveDataAttribute"/>), by type name.</summary>
    public static bool CarriesSensitiveData(string eventTypeName) => CarriesSensitiveDataAttribute.EventTypeNames.Contains(eventTypeName);

    /// <summary>The routing key and AMQP type of an event.</summary>
    public static string EventTypeName(IntegrationEvent integrationEvent) => integrationEvent.GetType().Name;

    public static string Serialize(IntegrationEvent integrationEvent) =>
        JsonSerializer.Serialize(integrationEvent, integrationEvent.GetType(), Options);

    public static IntegrationEvent? Deserialize(ReadOnlySpan<byte> utf8Json, Type eventType) =>
        JsonSerializer.Deserialize(utf8Json, eventType, Options) as IntegrationEvent;

    /// <summary>
    /// Builds the outbox row of an event, capturing the current trace so the consumer's work joins the
    /// trace of the request that raised the event.
    /// </summary>
    public static OutboxMessage ToOutboxMessage(IntegrationEvent integrationEvent)
    {
        var activity = Activity.Current;
        var isW3C = activity?.IdFormat == ActivityIdFormat.W3C;
        return new OutboxMessage(
            integrationEvent.Id,
            EventTypeName(integrationEvent),
            Serialize(integrationEvent),
            integrationEvent.OccurredAt,
            isW3C ? activity!.Id : null,
            isW3C ? activity!.TraceStateString : null);
    }
}
