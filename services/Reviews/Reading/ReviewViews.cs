using SkillSwap.Reviews.Ratings;
using SkillSwap.Reviews.Writing;

namespace SkillSwap.Reviews.Reading;

/// <summary>
/// A review as the API shows it; <see cref="AuthorId"/> is null for a former member. Texts are plain text. A review
/// <see cref="RemovedByModeration"/> has no text and does not count in the rating: clients show it as removed, not its stars.
/// </summary>
public sealed record ReviewView(
    Guid Id,
    Guid SessionId,
    Guid? AuthorId,
    Guid RevieweeId,
    string SkillLabel,
    int Rating,
    int? Clarity,
    int? Punctuality,
    int? Patience,
    string? Text,
    DateTimeOffset CreatedAt,
    DateTimeOffset? EditedAt,
    bool Visible,
    ReviewReply? Reply,
    bool RemovedByModeration)
{
    public static ReviewView Of(ReviewDocument review, Guid viewer) => new(
        review.ReviewId,
        review.SessionId,
        review.AuthorId == Guid.Empty ? null : review.AuthorId,
        review.RevieweeId,
        review.SkillLabel,
        review.Rating,
        review.Clarity,
        review.Punctuality,
        review.Patience,
        review.Text,
        review.CreatedAt,
        review.EditedAt,
        review.Revealed,
        review.Reply,
        review.RemovedAt is not null);
}

public sealed record RatingSummary(
    Guid UserId,
    double Average,
    double BayesianAverage,
    int ReviewCount,
    int CompletedSessions,
    IReadOnlyDictionary<string, int> Distribution,
    IReadOnlyList<SkillRatingView> Skills)
{
    public static RatingSummary Of(Guid userId, RatingDocument? rating, ReviewsOptions options) => rating is null
        ? new(userId, 0, options.PriorMean, 0, 0, Stars([0, 0, 0, 0, 0]), [])
        : new(userId, rating.Average, rating.BayesianAverage(options), rating.ReviewCount, rating.CompletedSessions, Stars(rating.Distribution),
            [.. rating.Skills.Select(skill => new SkillRatingView(skill.SkillLabel, Math.Round((double)skill.RatingSum / skill.ReviewCount, 2), skill.ReviewCount))]);

    private static Dictionary<string, int> Stars(List<int> distribution) =>
        Enumerable.Range(1, 5).ToDictionary(stars => stars.ToString(System.Globalization.CultureInfo.InvariantCulture), stars => distribution[stars - 1]);
}

public sealed record SkillRatingView(string SkillLabel, double Average, int ReviewCount);

public sealed record ReviewPage(RatingSummary Summary, IReadOnlyList<ReviewView> Items, string? NextCursor);

public sealed record MyReviews(IReadOnlyList<ReviewView> Written, IReadOnlyList<ReviewView> Received, int ReceivedHidden);
