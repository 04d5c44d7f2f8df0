using SkillSwap.Chat.People;
using SkillSwap.DocumentStore;

namespace SkillSwap.Chat.Conversations;

/// <summary>Who talks with whom, read from the conversations' membership.</summary>
public static class ConversationDirectory
{
    public static Task<IReadOnlyList<ConversationDocument>> OfMemberAsync(IDocumentSession db, Guid userId, CancellationToken cancellationToken = default) =>
        db.Query<ConversationDocument>().Where(conversation => conversation.MemberIds.Contains(userId)).ToListAsync(cancellationToken);

    /// <summary>
    /// The people with whom the user shares presence (each sees the other online, away or offline, and their last
    /// seen): both took part in a conversation (<see cref="ConversationDocument.SharesPresence"/>), neither blocked the
    /// other, and neither turned presence sharing off. Opening a conversation with someone is not enough: a stranger
    /// would watch them come and go.
    /// </summary>
    public static async Task<List<Guid>> ContactsOfAsync(IDocumentSession db, Guid userId, CancellationToken cancellationToken = default)
    {
        var conversations = await OfMemberAsync(db, userId, cancellationToken);
        var others = conversations.Where(conversation => conversation.SharesPresence())
            .SelectMany(conversation => conversation.MemberIds).Where(id => id != userId).Distinct().ToList();
        List<Guid> everyone = [.. others, userId];
        var ids = everyone.Select(PersonDocument.IdFor).ToList();
        var people = await db.Query<PersonDocument>().Where(person => ids.Contains(person.Id)).ToListAsync(cancellationToken);
        var hiding = people.Where(person => person.HidesPresence).Select(person => person.UserId).ToHashSet();
        if (hiding.Contains(userId))
        {
            return [];
        }
        var blocks = BlockList.Among(people, everyone);
        return [.. others.Where(other => !hiding.Contains(other) && !blocks.EitherWay(userId, other))];
    }

    /// <summary>The caller's view of each conversation; exact counts come from the grains (the documents' bookkeeping may be a second behind).</summary>
    public static async Task<ConversationView[]> ViewsAsync(IGrainFactory grains, IEnumerable<ConversationDocument> conversations, Guid me)
    {
        var outcomes = await Task.WhenAll(conversations.Select(conversation => grains.GetGrain<IConversationGrain>(conversation.Id).View(me)));
        return [.. outcomes.Where(outcome => outcome.Value is not null).Select(outcome => outcome.Value!)];
    }
}
