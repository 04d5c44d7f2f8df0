using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SkillSwap.DocumentStore;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.Notifications.Surveys;

public sealed record SurveyAnswer(int? Score, string? Comment);

public sealed record SurveyAnswered(Guid SurveyId, int Score, DateTimeOffset AnsweredAt);

/// <summary>
/// Net Promoter Score over a period: % promoters (9–10) − % detractors (0–6), from −100 to 100; null with no answers.
/// </summary>
public sealed record NpsReport(DateTimeOffset From, DateTimeOffset To, int Responses, int Promoters, int Passives, int Detractors, double? Score);

/// <summary>Answering the NPS question one was asked, and the KPI for staff.</summary>
public static class SurveysApi
{
    public const string StaffPolicy = "notifications-staff";
    public const int MaxCommentLength = 1000;

    public static RouteGroupBuilder MapSurveysApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/notifications/surveys").RequireAuthorization().WithTags("Surveys");
        api.AnswersRuleViolations("notifications");
        api.MapPost("/{surveyId:guid}/answer", AnswerAsync).WithSummary("Answer the NPS question you were asked (0–10, optional comment)");
        api.MapGet("/nps", ReportAsync).RequireAuthorization(StaffPolicy).WithSummary("The NPS over a period (moderators and admins)");
        return api;
    }

    private static async Task<Created<SurveyAnswered>> AnswerAsync(
        Guid surveyId, SurveyAnswer answer, ClaimsPrincipal user, IDocumentSession db, TimeProvider time, CancellationToken cancellationToken)
    {
        var me = user.RequireUserId();
        if (answer.Score is not (>= 0 and <= 10) || answer.Score is not { } score)
        {
            throw RuleViolationException.Invalid("score must be a whole number from 0 (not at all likely) to 10 (extremely likely).");
        }
        var comment = string.IsNullOrWhiteSpace(answer.Comment) ? null : answer.Comment.Trim();
        if (comment is not null && (comment.Length > MaxCommentLength || PlainText.HasControlCharacters(comment)))
        {
            throw RuleViolationException.Invalid($"comment must be plain text of at most {MaxCommentLength} characters.");
        }
        var prompt = await db.LoadAsync<SurveyPromptDocument>(SurveyPromptDocument.IdFor(me), cancellationToken);
        if (prompt is null || prompt.SurveyId != surveyId)
        {
            throw RuleViolationException.NotFound("survey-not-found", "You were not asked this survey, or a newer one replaced it.");
        }
        if (prompt.Answered)
        {
            throw RuleViolationException.Conflict("survey-answered", "You already answered this survey.");
        }
        var response = new SurveyResponseDocument
        {
            Id = SurveyResponseDocument.IdFor(surveyId),
            SurveyId = surveyId,
            UserId = me,
            SessionId = prompt.SessionId,
            Score = score,
            Comment = comment,
            AnsweredAt = time.GetUtcNow(),
        };
        prompt.Answered = true;
        db.Replace(prompt);
        db.Insert(response);
        db.PublishOnCommit(new NpsAnswered(surveyId, score) { OccurredAt = response.AnsweredAt });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is DocumentConcurrencyException or DuplicateDocumentException)
        {
            throw RuleViolationException.Conflict("survey-answered", "You already answered this survey.");
        }
        return TypedResults.Created($"/api/v1/notifications/surveys/{surveyId}", new SurveyAnswered(surveyId, score, response.AnsweredAt));
    }

    private static async Task<Ok<NpsReport>> ReportAsync(DateTimeOffset? from, DateTimeOffset? to, IDocumentSession db, TimeProvider time, CancellationToken cancellationToken)
    {
        var until = to ?? time.GetUtcNow();
        var since = from ?? until.AddDays(-91);
        if (since >= until)
        {
            throw RuleViolationException.Invalid("from must be before to.");
        }
        var scores = await db.Query<SurveyResponseDocument>(DocumentReadMode.SecondaryPreferred)
            .Where(response => response.AnsweredAt >= since && response.AnsweredAt < until)
            .ToListAsync(cancellationToken);
        var promoters = scores.Count(response => response.Score >= 9);
        var detractors = scores.Count(response => response.Score <= 6);
        double? nps = scores.Count == 0 ? null : Math.Round(100.0 * (promoters - detractors) / scores.Count, 1);
        return TypedResults.Ok(new NpsReport(since, until, scores.Count, promoters, scores.Count - promoters - detractors, detractors, nps));
    }
}
