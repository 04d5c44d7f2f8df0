using SkillSwap.Chat.Relay;

namespace SkillSwap.Chat.Conversations;

/// <summary>One conversation (key: its id): membership, sequence numbers, the archive append, the fan-out to relays.</summary>
[Alias("chat.conversation-grain")]
public interface IConversationGrain : IGrainWithStringKey
{
    /// <summary>Creates the conversation, or adds members and a session link to the existing one; idempotent.</summary>
    [Alias("open")]
    Task<ConversationView> Open(ConversationKind kind, IReadOnlyList<Guid> memberIds, Guid? sessionId, Guid viewer);

    /// <summary>A session conversation's members become exactly these, unless a later list was applied already.</summary>
    [Alias("set-session-members")]
    Task SetSessionMembers(IReadOnlyList<Guid> memberIds, Guid sessionId, DateTimeOffset asOf);

    [Alias("view")]
    Task<Outcome<ConversationView>> View(Guid viewer);

    /// <summary>Stores the message once per (sender, client message id) and answers with it; a retry answers the stored one.</summary>
    [Alias("send")]
    Task<Outcome<MessageView>> Send(Guid senderId, string clientMessageId, string text);

    [Alias("edit")]
    Task<Outcome<MessageView>> Edit(Guid userId, long sequence, string text);

    [Alias("delete")]
    Task<Outcome<MessageView>> Delete(Guid userId, long sequence);

    /// <summary>A moderator's decision removes the message, whoever wrote it; once is enough (a repeat changes nothing).</summary>
    [Alias("remove-by-moderation")]
    Task RemoveByModeration(long sequence);

    [Alias("mark-read")]
    Task<Outcome<ReadReceipt>> MarkRead(Guid userId, long sequence);

    [Alias("typing")]
    Task<ChatError> Typing(Guid userId);

    [Alias("subscribe")]
    Task Subscribe(IChatRelay relay);

    [Alias("unsubscribe")]
    Task Unsubscribe(IChatRelay relay);

    /// <summary>A member blocked or unblocked another: who receives whom changes.</summary>
    [Alias("blocks-changed")]
    Task BlocksChanged(Guid blockerId, Guid blockedId, bool isBlocked);

    /// <summary>The member's account is erased: they leave the conversation (their messages are anonymised by the caller).</summary>
    [Alias("remove-member")]
    Task RemoveErasedMember(Guid userId);
}
