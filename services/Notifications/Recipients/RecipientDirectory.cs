using SkillSwap.DocumentStore;
using SkillSwap.EventBus;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.Notifications.Recipients;

/// <summary>Keeps <see cref="RecipientDocument"/> in step with Identity (language, name, address) and Profiles (name, clock).</summary>
public sealed class RecipientDirectory(IDocumentSession db) :
    IIntegrationEventHandler<UserRegistered>,
    IIntegrationEventHandler<ProfileUpdated>
{
    public Task HandleAsync(UserRegistered integrationEvent, CancellationToken cancellationToken) =>
        EditAsync(integrationEvent.UserId, recipient =>
        {
            recipient.Locale = RecipientDocument.LanguageOf(integrationEvent.Locale);
            recipient.Email = integrationEvent.Email;
            if (recipient.DisplayName.Length == 0)
            {
                recipient.DisplayName = integrationEvent.DisplayName;
            }
        }, cancellationToken);

    public Task HandleAsync(ProfileUpdated integrationEvent, CancellationToken cancellationToken) =>
        EditAsync(integrationEvent.UserId, recipient =>
        {
            if (integrationEvent.ProfileVersion > 0 && integrationEvent.ProfileVersion <= recipient.ProfileVersion)
            {
                return; // an older edit arriving after a newer one
            }
            recipient.DisplayName = integrationEvent.DisplayName;
            recipient.TimeZone = integrationEvent.TimeZone;
            recipient.ProfileVersion = Math.Max(recipient.ProfileVersion, integrationEvent.ProfileVersion);
        }, cancellationToken);

    private async Task EditAsync(Guid userId, Action<RecipientDocument> edit, CancellationToken cancellationToken)
    {
        if (await db.IsErasedAsync(userId, cancellationToken))
        {
            return;
        }
        edit(await db.EditAsync(RecipientDocument.IdFor(userId), _ => RecipientDocument.Unknown(userId), cancellationToken));
    }
}
