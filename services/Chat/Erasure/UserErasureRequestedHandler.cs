using SkillSwap.Chat.Conversations;
using SkillSwap.Chat.Messages;
using SkillSwap.Chat.People;
using SkillSwap.Chat.Presence;
using SkillSwap.Chat.SignIns;
using SkillSwap.DocumentStore;
using SkillSwap.EventBus;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.Chat.Erasure;

/// <summary>
/// Chat's part of the right to erasure. The person leaves every conversation; each message they wrote keeps its place
/// (so the others' history has no unexplained hole) but loses its text and its author: the others see
/// "deleted message from a former member" (<see cref="Guid.Empty"/> as sender). A direct conversation with them can
/// still be read and no longer written to. Their presence, last seen, ended sign-ins, blocks and reports are deleted, a tombstone keeps
/// late session events from adding them back; then
/// <see cref="UserDataErased"/> is published in the same commit.
/// </summary>
public sealed class UserErasureRequestedHandler(IDocumentSession db, IGrainFactory grains, TimeProvider time, ILogger<UserErasureRequestedHandler> logger)
    : IIntegrationEventHandler<UserErasureRequested>
{
    public async Task HandleAsync(UserErasureRequested integrationEvent, CancellationToken cancellationToken)
    {
        var userId = integrationEvent.UserId;
        foreach (var conversation in await ConversationDirectory.OfMemberAsync(db, userId, cancellationToken))
        {
            await grains.GetGrain<IConversationGrain>(conversation.Id).RemoveErasedMember(userId);
        }
        var now = time.GetUtcNow();
        var messages = await db.Query<MessageDocument>().Where(message => message.SenderId == userId).ToListAsync(cancellationToken);
        foreach (var message in messages)
        {
            message.SenderId = Guid.Empty;
            // Unique per conversation and sender: the message's own id keeps former members' messages apart.
            message.ClientMessageId = message.Id;
            message.Delete(now);
            db.Replace(message);
        }
        db.DeleteWhere<MessageReportDocument>(report => report.ReporterId == userId);
        db.Delete<PersonDocument>(PersonDocument.IdFor(userId));
        await db.RecordErasureAsync(userId, cancellationToken);
        db.Delete<PresenceDocument>(PresenceDocument.IdFor(userId));
        db.Delete<EndedSignInsDocument>(EndedSignInsDocument.IdFor(userId));
        await grains.GetGrain<IUserGrain>(userId).Erase();
        db.PublishOnCommit(new UserDataErased(userId, ChatServiceExtensions.ServiceName));
        logger.LogInformation("Chat data of {UserId} erased ({Count} messages emptied)", userId, messages.Count);
    }
}
