using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SkillSwap.DocumentStore;
using SkillSwap.IntegrationEvents;
using SkillSwap.Reviews.Writing;

namespace SkillSwap.Reviews.Reports;

public sealed record ReportRequest(string? Reason);

public sealed record ReviewReportAccepted(Guid ReportId);

/// <summary>One member's report of one review; its id makes a second report by the same person a no-op.</summary>
public sealed class ReviewReportDocument : IDocument
{
    public string Id { get; set; } = "";
    public long Version { get; set; }
    public Guid ReportId { get; set; }
    public Guid ReviewId { get; set; }
    public Guid ReporterId { get; set; }
    public DateTimeOffset ReportedAt { get; set; }

    public static string IdFor(Guid reviewId, Guid reporterId) => $"{reviewId:N}:{reporterId:N}";
}

public static class ReportsApi
{
    public const int MaxReasonLength = 1000;

    public static RouteGroupBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/reviews").RequireAuthorization().WithTags("Reviews");
        api.AnswersRuleViolations("reviews");
        api.MapPost("/{reviewId:guid}/report", ReportAsync).WithSummary("Report a visible review to moderation");
        return api;
    }

    private static async Task<Accepted<ReviewReportAccepted>> ReportAsync(
        Guid reviewId, ReportRequest request, ClaimsPrincipal user, IDocumentSession db, TimeProvider time, CancellationToken cancellationToken)
    {
        var me = user.RequireUserId();
        var reason = ReviewRules.Text(request.Reason, MaxReasonLength, "reason", required: true)!;
        var review = await db.Query<ReviewDocument>().Where(review => review.ReviewId == reviewId).FirstOrDefaultAsync(cancellationToken);
        if (review is null || !review.Revealed || review.AuthorId == me || review.RemovedAt is not null)
        {
            throw ReviewProblems.ReviewNotFound();
        }
        var id = ReviewReportDocument.IdFor(reviewId, me);
        var report = await db.LoadAsync<ReviewReportDocument>(id, cancellationToken);
        if (report is null)
        {
            report = new ReviewReportDocument { Id = id, ReportId = Guid.CreateVersion7(), ReviewId = reviewId, ReporterId = me, ReportedAt = time.GetUtcNow() };
            db.Insert(report);
            db.PublishOnCommit(new ReviewReported(report.ReportId, reviewId, me, review.AuthorId, review.Text, reason)
            {
                Rating = review.Rating,
                SkillLabel = review.SkillLabel,
                RevieweeId = review.RevieweeId,
                Reply = review.Reply?.Text,
            });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DuplicateDocumentException)
            {
                report = await db.LoadAsync<ReviewReportDocument>(id, cancellationToken);
            }
        }
        return TypedResults.Accepted((string?)null, new ReviewReportAccepted(report!.ReportId));
    }
}
