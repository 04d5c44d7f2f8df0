using SkillSwap.EventBus;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.Chat.Conversations;

/// <summary>
/// A planned session gets its conversation: for one learner, the direct conversation of the two people, linked to the
/// session; for several learners, one conversation of the whole group. Opening is idempotent, so replays are harmless.
/// </summary>
public sealed class SessionConversations(IGrainFactory grains) : IIntegrationEventHandler<SessionConfirmed>
{
    public Task HandleAsync(SessionConfirmed integrationEvent, CancellationToken cancellationToken)
    {
        var members = integrationEvent.LearnerIds.Prepend(integrationEvent.TeacherId).Where(id => id != Guid.Empty).Distinct().ToList();
        if (members.Count < 2)
        {
            return Task.CompletedTask;
        }
        var (id, kind) = members.Count == 2
            ? (ConversationDocument.DirectIdFor(members[0], members[1]), ConversationKind.Direct)
            : (ConversationDocument.SessionIdFor(integrationEvent.SessionId), ConversationKind.Session);
        return grains.GetGrain<IConversationGrain>(id).Open(kind, members, integrationEvent.SessionId, integrationEvent.TeacherId);
    }
}
