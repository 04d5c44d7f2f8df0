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
/// The event carries a secret (a single-use link token) for its one consumer, in the properties named: the sender's
/// outbox forgets the event as soon as the broker has confirmed it, instead of keeping the published row for the
/// retention period, and a consumer that gives up on it dead-letters a copy without those properties.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class CarriesSecretAttribute(params string[] properties) : Attribute
{
    /// <summary>The secret properties, by their C# name.</summary>
    public IReadOnlyList<string> Properties { get; } = properties;

    /// <summary>The names (routing keys) of the event types that carry a secret.</summary>
    public static IReadOnlySet<string> EventTypeNames { get; } = typeof(IntegrationEvent).Assembly.GetTypes()
        .Where(type => type.IsSubclassOf(typeof(IntegrationEvent)) && type.IsDefined(typeof(CarriesSecretAttribute), inherit: false))
        .Select(type => type.Name)
        .ToHashSet(StringComparer.Ordinal);
}
