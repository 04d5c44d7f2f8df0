using SkillSwap.DocumentStore;

namespace SkillSwap.Reviews.Erasure;

/// <summary>
/// That an account was erased, and nothing else: a completed session or a review delivered late must not bring the
/// person back (no new rating, no review of them). The id is all it keeps.
/// </summary>
public sealed class ErasedUserDocument : IDocument
{
    public string Id { get; set; } = "";
    public long Version { get; set; }

    public static string IdFor(Guid userId) => userId.ToString("N");
}
