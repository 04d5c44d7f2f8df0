using SkillSwap.Chat.Conversations;
using SkillSwap.DocumentStore;

namespace SkillSwap.Chat.Presence;

/// <summary>What the app shows of the people the caller shares presence with (<see cref="ConversationDirectory.ContactsOfAsync"/>), and nobody else.</summary>
public static class ContactPresence
{
    public static async Task<IReadOnlyList<PresenceView>> OfContactsAsync(IDocumentSession db, IGrainFactory grains, Guid me, CancellationToken cancellationToken)
    {
        var contacts = await ConversationDirectory.ContactsOfAsync(db, me, cancellationToken);
        return await Task.WhenAll(contacts.Select(contact => grains.GetGrain<IUserGrain>(contact).GetPresence()));
    }
}
