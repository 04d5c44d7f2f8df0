using SkillSwap.DocumentStore;
using SkillSwap.EventBus;
using SkillSwap.IntegrationEvents;
using SkillSwap.Profiles.Model;

namespace SkillSwap.Profiles.Registration;

/// <summary>
/// Gives every new account an empty profile carrying its display name and locale. Only stages the insert: the inbox
/// commits it together with its record of this event, so a redelivered event changes nothing.
/// </summary>
public sealed class UserRegisteredHandler(IDocumentSession db, TimeProvider time, ILogger<UserRegisteredHandler> logger)
    : IIntegrationEventHandler<UserRegistered>
{
    public async Task HandleAsync(UserRegistered integrationEvent, CancellationToken cancellationToken)
    {
        var id = ProfileDocument.IdFor(integrationEvent.UserId);
        // A second UserRegistered for the same account (a re-sent event with a new id) must not reset the profile.
        if (await db.LoadAsync<ProfileDocument>(id, cancellationToken) is not null)
        {
            logger.LogInformation("Profile of {UserId} already exists; UserRegistered {EventId} ignored", integrationEvent.UserId, integrationEvent.Id);
            return;
        }

        var now = time.GetUtcNow();
        // If two deliveries race past the check, the deterministic id makes the second commit a duplicate, which the
        // event bus retries and the check above then answers.
        db.Insert(new ProfileDocument
        {
            Id = id,
            UserId = integrationEvent.UserId,
            DisplayName = integrationEvent.DisplayName,
            Locale = integrationEvent.Locale,
            CreatedAt = now,
            UpdatedAt = now,
        });
    }
}
