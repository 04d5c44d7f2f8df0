using System.ComponentModel.DataAnnotations;

namespace SkillSwap.Reviews;

/// <summary>The review policy. Validated at start-up.</summary>
public sealed class ReviewsOptions
{
    public const string SectionName = "Reviews";

    /// <summary>A review is shown once both sides reviewed each other, or this long after the session ended.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "90.00:00:00")]
    public TimeSpan RevealAfter { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How long its author may still change a review after writing it.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan EditWindow { get; set; } = TimeSpan.FromHours(24);

    [Range(1, 5000)]
    public int MaxTextLength { get; set; } = 1000;

    /// <summary>
    /// The Bayesian average pulls each person's average towards <see cref="PriorMean"/> as if they had
    /// <see cref="PriorWeight"/> reviews of that value already: one early 5-star review does not top the rankings.
    /// </summary>
    [Range(1.0, 5.0)]
    public double PriorMean { get; set; } = 4.0;

    [Range(1, 1000)]
    public int PriorWeight { get; set; } = 5;

    /// <summary>How often the reveal clock looks for reviews whose time has come.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ClockInterval { get; set; } = TimeSpan.FromMinutes(1);
}
