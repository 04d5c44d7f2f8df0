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
