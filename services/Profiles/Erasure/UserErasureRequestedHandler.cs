using SkillSwap.DocumentStore;
using SkillSwap.EventBus;
using SkillSwap.IntegrationEvents;
using SkillSwap.Profiles.Profiles;

namespace SkillSwap.Profiles.Erasure;

/// <summary>
/// Profiles' part of the right to erasure: the profile is deleted and <see cref="UserDataErased"/> is published in the
/// same commit (the inbox's), so Identity hears "done" only once it is true. A profile that is already gone (never
/// created, or erased by an earlier delivery) still gets its answer, or the erasure saga would wait for ever.
/// </summary>
public sealed class UserErasureRequestedHandler(IDocumentSession db, ILogger<UserErasureRequestedHandler> logger)
    : IIntegrationEventHandler<UserErasureRequested>
{
    public Task HandleAsync(UserErasureRequested integrationEvent, CancellationToken cancellationToken)
    {
        db.Delete<ProfileDocument>(ProfileDocument.IdFor(integrationEvent.UserId));
        db.PublishOnCommit(new UserDataErased(integrationEvent.UserId, ProfilesServiceExtensions.ServiceName));
        logger.LogInformation("Profile data of {UserId} erased", integrationEvent.UserId);
        return Task.CompletedTask;
    }
}
