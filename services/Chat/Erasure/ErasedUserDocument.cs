using SkillSwap.DocumentStore;

namespace SkillSwap.Chat.Erasure;

/// <summary>
/// That an account was erased, and nothing else: a session event delivered late must not bring the person back into a
/// conversation. The id is all it keeps.
/// </summary>
public sealed class ErasedUserDocument : IDocument
{
    public string Id { get; set; } = "";
    public long Version { get; set; }

    public static string IdFor(Guid userId) => userId.ToString("N");
}
