using SkillSwap.DocumentStore;
using SkillSwap.EventBus;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.Chat.Conversations;

/// <summary>
/// Planned sessions get their conversation: a one-to-one session is linked to the direct conversation of its two
/// people; a group session has one conversation of the teacher and the learners holding a paid seat, kept in step
/// with the seats. Opening is idempotent and the latest participant list wins, so replays and late events are harmless.
/// </summary>
public sealed class SessionConversations(IGrainFactory grains, IDocumentSession db) :
    IIntegrationEventHandler<SessionConfirmed>,
    IIntegrationEventHandler<GroupSessionParticipantsChanged>
{
    public async Task HandleAsync(SessionConfirmed integrationEvent, CancellationToken cancellationToken)
    {
        if (integrationEvent.LearnerIds is not [var learner]
            || learner == Guid.Empty || integrationEvent.TeacherId == Guid.Empty
            || (await db.NotErasedAsync([integrationEvent.TeacherId, learner], cancellationToken)).Count < 2)
        {
            return;
        }
        await grains.GetGrain<IConversationGrain>(ConversationDocument.DirectIdFor(integrationEvent.TeacherId, learner))
            .Open(ConversationKind.Direct, [integrationEvent.TeacherId, learner], integrationEvent.SessionId, integrationEvent.TeacherId);
    }

    public async Task HandleAsync(GroupSessionParticipantsChanged integrationEvent, CancellationToken cancellationToken)
    {
        var members = await db.NotErasedAsync(integrationEvent.LearnerIds.Prepend(integrationEvent.TeacherId).Where(id => id != Guid.Empty), cancellationToken);
        await grains.GetGrain<IConversationGrain>(ConversationDocument.SessionIdFor(integrationEvent.SessionId))
            .SetSessionMembers(members, integrationEvent.SessionId, integrationEvent.OccurredAt);
    }
}
