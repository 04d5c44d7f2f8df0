namespace SkillSwap.Reviews;

/// <summary>Reviews' answers that several endpoints give.</summary>
public static class ReviewProblems
{
    /// <summary>Unknown, not completed yet, or not one's own: the same answer, so session ids cannot be probed.</summary>
    public static RuleViolationException NotReviewable() => RuleViolationException.NotFound("session-not-reviewable",
        "Only the participants of a completed session review each other (a session opens for review once it is completed).");

    public static RuleViolationException ReviewNotFound() => RuleViolationException.NotFound("review-not-found", "No such review among those you may see.");
}
