using System.Globalization;
using SkillSwap.Chat.Conversations;
using SkillSwap.EventBus;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.Chat.Messages;

/// <summary>
/// A moderator's removal of a chat message: the conversation's grain blanks it in the archive and tells the members
/// who have the conversation open, so every reader — now or scrolling back later — sees "removed by moderation".
/// </summary>
public sealed class ModerationRemovals(IGrainFactory grains, ILogger<ModerationRemovals> logger) : IIntegrationEventHandler<ContentRemoved>
{
    public async Task HandleAsync(ContentRemoved removed, CancellationToken cancellationToken)
    {
        if (removed.ContentKind != ContentRemoved.ChatMessage)
        {
            return;
        }
        var separator = removed.ContentId.LastIndexOf('/');
        if (separator <= 0 || !long.TryParse(removed.ContentId[(separator + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            logger.LogWarning("Case {CaseId} removes message {ContentId}, which names no message", removed.CaseId, removed.ContentId);
            return;
        }
        await grains.GetGrain<IConversationGrain>(removed.ContentId[..separator]).RemoveByModeration(sequence);
        logger.LogInformation("Message {ContentId} removed by moderation (case {CaseId})", removed.ContentId, removed.CaseId);
    }
}
