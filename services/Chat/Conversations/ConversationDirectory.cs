using SkillSwap.Chat.People;
using SkillSwap.DocumentStore;

namespace SkillSwap.Chat.Conversations;

/// <summary>Who talks with whom, read from the conversations' membership.</summary>
public static class ConversationDirectory
{
    public static Task<IReadOnlyList<ConversationDocument>> OfMemberAsync(IDocumentSession db, Guid userId, CancellationToken cancellationToken = default) =>
        db.Query<ConversationDocument>().Where(conversation => conversation.MemberIds.Contains(userId)).ToListAsync(cancellationToken);

    /// <summary>The people the user shares a conversation with and neither blocked: who may see their presence.</summary>
    public static async Task<List<Guid>> ContactsOfAsync(IDocumentSession db, Guid userId, CancellationToken cancellationToken = default)
    {
        var conversations = await OfMemberAsync(db, userId, cancellationToken);
        var others = conversations.SelectMany(conversation => conversation.MemberIds).Where(id => id != userId).Distinct().ToList();
        var blocks = await BlockList.AmongAsync(db, [.. others, userId], cancellationToken);
        return [.. others.Where(other => !blocks.EitherWay(userId, other))];
    }
}
