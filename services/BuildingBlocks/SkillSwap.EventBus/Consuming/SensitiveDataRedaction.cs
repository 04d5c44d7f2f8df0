using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using SkillSwap.EventBus.Outbox;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.EventBus.Consuming;

/// <summary>Takes the properties a <see cref="CarriesSensitiveDataAttribute"/> names out of an event's JSON body.</summary>
public static class SensitiveDataRedaction
{
    public static ReadOnlyMemory<byte> Redact(ReadOnlyMemory<byte> body, Type eventType)
    {
        if (eventType.GetCustomAttribute<CarriesSensitiveDataAttribute>(inherit: false) is not { } sensitive
            || JsonNode.Parse(body.Span) is not JsonObject json)
        {
            return body;
        }
        var naming = IntegrationEventSerializer.Options.PropertyNamingPolicy;
        foreach (var property in sensitive.Properties)
        {
            json.Remove(naming?.ConvertName(property) ?? property);
        }
        return JsonSerializer.SerializeToUtf8Bytes(json);
    }
}
