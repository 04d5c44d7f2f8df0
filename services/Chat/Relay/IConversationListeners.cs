namespace SkillSwap.Chat.Relay;

/// <summary>
/// What this replica's relay knows without reading the archive: which conversations its connected users listen to
/// (they are members). Commands use it to keep guessed conversation ids from activating grains.
/// </summary>
public interface IConversationListeners
{
    bool Listens(Guid userId, string conversationId);
}
