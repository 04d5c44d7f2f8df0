using SkillSwap.Chat.Conversations;
using SkillSwap.DocumentStore;
using SkillSwap.EventBus;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.Chat.People;

/// <summary>
/// Keeps <see cref="PersonDocument"/> in step with Identity (who exists) and Profiles (blocks), and tells the active
/// conversations the blocker shares with the blocked person at once. Each event carries its whole change, so replays
/// are harmless.
/// </summary>
public sealed class PeopleDirectory(IDocumentSession db, IGrainFactory grains) :
    IIntegrationEventHandler<UserRegistered>,
    IIntegrationEventHandler<UserBlocked>,
    IIntegrationEventHandler<UserUnblocked>
{
    public async Task HandleAsync(UserRegistered integrationEvent, CancellationToken cancellationToken)
    {
        if (await db.LoadAsync<PersonDocument>(PersonDocument.IdFor(integrationEvent.UserId), cancellationToken) is null)
        {
            db.Insert(PersonDocument.New(integrationEvent.UserId));
        }
    }

    public Task HandleAsync(UserBlocked integrationEvent, CancellationToken cancellationToken) =>
        SetBlockAsync(integrationEvent.BlockerId, integrationEvent.BlockedId, true, cancellationToken);

    public Task HandleAsync(UserUnblocked integrationEvent, CancellationToken cancellationToken) =>
        SetBlockAsync(integrationEvent.BlockerId, integrationEvent.BlockedId, false, cancellationToken);

    private async Task SetBlockAsync(Guid blocker, Guid blocked, bool isBlocked, CancellationToken cancellationToken)
    {
        var person = await db.LoadAsync<PersonDocument>(PersonDocument.IdFor(blocker), cancellationToken);
        if (person is null)
        {
            person = PersonDocument.New(blocker);
            db.Insert(person);
        }
        else
        {
            db.Replace(person);
        }
        person.BlockedUserIds.Remove(blocked);
        if (isBlocked)
        {
            person.BlockedUserIds.Add(blocked);
        }
        var shared = await db.Query<ConversationDocument>()
            .Where(conversation => conversation.MemberIds.Contains(blocker) && conversation.MemberIds.Contains(blocked))
            .ToListAsync(cancellationToken);
        foreach (var conversation in shared)
        {
            await grains.GetGrain<IConversationGrain>(conversation.Id).BlocksChanged(blocker, blocked, isBlocked);
        }
    }
}
