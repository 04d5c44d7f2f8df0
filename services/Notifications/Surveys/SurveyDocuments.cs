using SkillSwap.DocumentStore;

namespace SkillSwap.Notifications.Surveys;

/// <summary>When a person was last asked the NPS question, and the question they may still answer.</summary>
public sealed class SurveyPromptDocument : IDocument
{
    public string Id { get; set; } = "";
    public long Version { get; set; }
    public Guid UserId { get; set; }
    public DateTimeOffset LastAskedAt { get; set; }

    /// <summary>The survey now open (answered or not); its id is in the prompt the app shows.</summary>
    public Guid SurveyId { get; set; }
    public Guid SessionId { get; set; }
    public bool Answered { get; set; }

    public static string IdFor(Guid userId) => userId.ToString("N");
}

/// <summary>
/// One answer to "how likely are you to recommend SkillSwap?" (0–10), the product's KPI. Kept without its author or
/// comment once that person is erased: the score still counts.
/// </summary>
public sealed class SurveyResponseDocument : IDocument
{
    public string Id { get; set; } = "";
    public long Version { get; set; }
    public Guid SurveyId { get; set; }
    public Guid? UserId { get; set; }

    /// <summary>Forgotten with the author: with the other participant's own answer it would tell who gave this one.</summary>
    public Guid? SessionId { get; set; }
    public int Score { get; set; }
    public string? Comment { get; set; }
    public DateTimeOffset AnsweredAt { get; set; }

    public static string IdFor(Guid surveyId) => surveyId.ToString("N");
}
