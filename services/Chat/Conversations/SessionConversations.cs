using SkillSwap.Chat.Erasure;
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
            || (await NotErasedAsync([integrationEvent.TeacherId, learner], cancellationToken)).Count < 2)
        {
            return;
        }
        await grains.GetGrain<IConversationGrain>(ConversationDocument.DirectIdFor(integrationEvent.TeacherId, learner))
            .Open(ConversationKind.Direct, [integrationEvent.TeacherId, learner], integrationEvent.SessionId, integrationEvent.TeacherId);
    }

    public async Task HandleAsync(GroupSessionParticipantsChanged integrationEvent, CancellationToken cancellationToken)
    {
        var members = await NotErasedAsync([integrationEvent.TeacherId, .. integrationEvent.LearnerIds], cancellationToken);
        await grains.GetGrain<IConversationGrain>(ConversationDocument.SessionIdFor(integrationEvent.SessionId))
            .SetSessionMembers(members, integrationEvent.SessionId, integrationEvent.OccurredAt);
    }

    /// <summary>The people whose account was not erased (an event delivered late must not bring someone back).</summary>
    private async Task<List<Guid>> NotErasedAsync(IReadOnlyList<Guid> userIds, CancellationToken cancellationToken)
    {
        var candidates = userIds.Where(id => id != Guid.Empty).Distinct().ToList();
        var ids = candidates.Select(ErasedUserDocument.IdFor).ToList();
        var erased = (await db.Query<ErasedUserDocument>().Where(tombstone => ids.Contains(tombstone.Id)).ToListAsync(cancellationToken)).Select(tombstone => tombstone.Id).ToHashSet();
        return [.. candidates.Where(id => !erased.Contains(ErasedUserDocument.IdFor(id)))];
    }
}
