using SkillSwap.DocumentStore;

namespace SkillSwap.Sessions.Reliability;

/// <summary>
/// How reliably someone shows up: sessions completed, cancellations inside the free-cancellation window, and no-shows
/// a moderator upheld. Published as <see cref="IntegrationEvents.UserReliabilityChanged"/> for Profiles' trust score.
/// </summary>
public sealed class ReliabilityDocument : IDocument
{
    public string Id { get; set; } = "";
    public long Version { get; set; }
    public Guid UserId { get; set; }
    public int CompletedSessions { get; set; }
    public int LateCancellations { get; set; }
    public int NoShows { get; set; }

    public static string IdFor(Guid userId) => userId.ToString("N");
}
