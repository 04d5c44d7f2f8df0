namespace SkillSwap.IntegrationEvents;

/// <summary>
/// Base of every event that crosses a service boundary. Events are named in the past tense and evolve by
/// adding fields only; <see cref="Id"/> is what consumers de-duplicate on.
/// </summary>
public abstract record IntegrationEvent
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public DateTimeOffset OccurredAt { get; init; } = DateTimeOffset.UtcNow;
}

/// <summary>
/// The event carries, in the properties named, a secret (a single-use link token) or someone's own words (a reported
/// message, the reason of a report): the sender's outbox forgets the event as soon as the broker has confirmed it,
/// instead of keeping the published row for the retention period, and a consumer that gives up on it dead-letters a
/// copy without those properties.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class CarriesSensitiveDataAttribute(params string[] properties) : Attribute
{
    /// <summary>The sensitive properties, by their C# name.</summary>
    public IReadOnlyList<string> Properties { get; } = properties;

    /// <summary>The names (routing keys) of the event types that carry sensitive data.</summary>
    public static IReadOnlySet<string> EventTypeNames { get; } = typeof(IntegrationEvent).Assembly.GetTypes()
        .Where(type => type.IsSubclassOf(typeof(IntegrationEvent)) && type.IsDefined(typeof(CarriesSensitiveDataAttribute), inherit: false))
        .Select(type => type.Name)
        .ToHashSet(StringComparer.Ordinal);
}

/// <summary>
/// The event counts in the product's KPIs. Every publisher declares the broker's event history queue bound to these
/// types before its first publish, so they wait there from the very first one, even before the service that measures
/// them (Administration) ever ran; that service keeps what it needs of each for good, to rebuild its figures.
/// Marking a type adds its binding the next time publishers connect: events of it published earlier were not kept.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class MeasuredAttribute : Attribute
{
    /// <summary>The names (routing keys) of the measured event types.</summary>
    public static IReadOnlySet<string> EventTypeNames { get; } = typeof(IntegrationEvent).Assembly.GetTypes()
        .Where(type => type.IsSubclassOf(typeof(IntegrationEvent)) && type.IsDefined(typeof(MeasuredAttribute), inherit: false))
        .Select(type => type.Name)
        .ToHashSet(StringComparer.Ordinal);
}
