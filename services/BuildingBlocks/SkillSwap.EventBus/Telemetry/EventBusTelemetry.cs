using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SkillSwap.EventBus.Telemetry;

/// <summary>The trace source and meter of the event bus; add both names to OpenTelemetry to see them in the dashboard.</summary>
public static class EventBusTelemetry
{
    public const string Name = "SkillSwap.EventBus";

    public static readonly ActivitySource ActivitySource = new(Name);

    private static readonly Meter Meter = new(Name);

    internal static readonly Counter<long> Published =
        Meter.CreateCounter<long>("skillswap.eventbus.published", "{event}", "Events the broker confirmed.");

    internal static readonly Counter<long> Consumed =
        Meter.CreateCounter<long>("skillswap.eventbus.consumed", "{event}", "Events handled successfully (duplicates included).");

    internal static readonly Counter<long> Duplicates =
        Meter.CreateCounter<long>("skillswap.eventbus.duplicates", "{event}", "Redeliveries the inbox recognised as already handled.");

    internal static readonly Counter<long> Retried =
        Meter.CreateCounter<long>("skillswap.eventbus.retried", "{event}", "Failed handlings sent back for a delayed retry.");

    internal static readonly Counter<long> DeadLettered =
        Meter.CreateCounter<long>("skillswap.eventbus.dead_lettered", "{event}", "Messages moved to the dead-letter queue.");

    internal static readonly Histogram<double> OutboxLag =
        Meter.CreateHistogram<double>("skillswap.eventbus.outbox.lag", "s", "Time from the event's commit to the broker's confirmation.");

    internal static KeyValuePair<string, object?> EventTypeTag(string eventType) => new("messaging.event_type", eventType);

    /// <summary>Reads a W3C parent ("00-trace-span-flags"); an absent or malformed one starts a new trace.</summary>
    internal static ActivityContext ParentFrom(string? traceParent, string? traceState) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, traceState, out var context) ? context : default;
}
