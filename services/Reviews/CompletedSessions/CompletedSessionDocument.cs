using SkillSwap.DocumentStore;

namespace SkillSwap.Reviews.CompletedSessions;

/// <summary>A session that took place, from Sessions' <c>SessionCompleted</c>: who may review whom, and until when it stays blind.</summary>
public sealed class CompletedSessionDocument : IDocument
{
    public string Id { get; set; } = "";
    public long Version { get; set; }
    public Guid SessionId { get; set; }
    public Guid TeacherId { get; set; }
    public List<Guid> LearnerIds { get; set; } = [];
    public string SkillLabel { get; set; } = "";
    public DateTimeOffset EndedAt { get; set; }

    public static string IdFor(Guid sessionId) => sessionId.ToString("N");

    public bool IsParticipant(Guid userId) => userId != Guid.Empty && (TeacherId == userId || LearnerIds.Contains(userId));

    /// <summary>Learners review the teacher; the teacher reviews each learner; learners do not review each other.</summary>
    public bool MayReview(Guid authorId, Guid revieweeId) =>
        authorId != revieweeId && IsParticipant(authorId) && IsParticipant(revieweeId) && (authorId == TeacherId || revieweeId == TeacherId);
}
