using SkillSwap.EventBus;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.Identity.Erasure;

/// <summary>A participant finished erasing its part of a user's data.</summary>
public sealed class UserDataErasedHandler(ErasureCoordinator coordinator) : IIntegrationEventHandler<UserDataErased>
{
    public Task HandleAsync(UserDataErased integrationEvent, CancellationToken cancellationToken) =>
        coordinator.RecordAnswerAsync(integrationEvent.UserId, integrationEvent.Service, cancellationToken);
}
