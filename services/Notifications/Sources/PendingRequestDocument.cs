using SkillSwap.DocumentStore;

namespace SkillSwap.Notifications.Sources;

/// <summary>
/// A session request waiting for its credits: the teacher hears of it only once Payments held them (a request is
/// shown to the teacher only then), and <c>CreditsHeld</c> does not name the teacher.
/// </summary>
public sealed class PendingRequestDocument : IDocument
{
    public string Id { get; set; } = "";
    public long Version { get; set; }
    public Guid SessionId { get; set; }
    public Guid LearnerId { get; set; }
    public Guid TeacherId { get; set; }
    public string SkillLabel { get; set; } = "";

    public static string IdFor(Guid bookingId) => bookingId.ToString("N");
}
