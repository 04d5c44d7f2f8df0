using SkillSwap.DocumentStore;

namespace SkillSwap.Reviews.Ratings;

/// <summary>
/// One person's rating, kept up to date one visible review at a time (hidden reviews count only once revealed, or the
/// average would give them away): count, sum, distribution of stars, per skill, and completed sessions.
/// </summary>
public sealed class RatingDocument : IDocument
{
    public string Id { get; set; } = "";
    public long Version { get; set; }
    public Guid UserId { get; set; }
    public int ReviewCount { get; set; }
    public int RatingSum { get; set; }

    /// <summary>How many reviews gave 1, 2, 3, 4 and 5 stars (index 0 = one star).</summary>
    public List<int> Distribution { get; set; } = [0, 0, 0, 0, 0];

    public List<SkillRating> Skills { get; set; } = [];
    public int CompletedSessions { get; set; }

    public static string IdFor(Guid userId) => userId.ToString("N");

    public double Average => ReviewCount == 0 ? 0 : Math.Round((double)RatingSum / ReviewCount, 2);

    public double BayesianAverage(ReviewsOptions options) =>
        Math.Round((options.PriorWeight * options.PriorMean + RatingSum) / (options.PriorWeight + ReviewCount), 2);

    /// <summary>Counts a visible review in (<paramref name="sign"/> = 1) or out (-1, an edit's old rating, an erased reviewee).</summary>
    public void Count(int rating, string skillLabel, int sign)
    {
        ReviewCount += sign;
        RatingSum += sign * rating;
        Distribution[rating - 1] += sign;
        var skill = Skills.FirstOrDefault(skill => skill.SkillLabel == skillLabel);
        if (skill is null)
        {
            Skills.Add(skill = new SkillRating { SkillLabel = skillLabel });
        }
        skill.ReviewCount += sign;
        skill.RatingSum += sign * rating;
        Skills.RemoveAll(candidate => candidate.ReviewCount <= 0);
    }
}

public sealed class SkillRating
{
    public string SkillLabel { get; set; } = "";
    public int ReviewCount { get; set; }
    public int RatingSum { get; set; }
}
