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
