using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SkillSwap.DocumentStore;
using SkillSwap.IntegrationEvents;
using SkillSwap.Profiles.Matching;

namespace SkillSwap.Profiles.Reporting;

public sealed record ReportProfileRequest(string? Reason);

public sealed record ProfileReportAccepted(Guid ReportId);

/// <summary>
/// "Report this person": a member sends a profile they can see to moderation with their reason. The profile as it reads
/// now (name and bio: its owner may change them afterwards) goes with the report. One report per person and profile: a
/// second one answers the first one's id.
/// </summary>
public static class ReportingApi
{
    public const int MaxReasonLength = 500;

    public static WebApplication MapReportingApi(this WebApplication app)
    {
        app.MapPost($"{ProfilesApi.RoutePrefix}/{{userId:guid}}/report", ReportAsync)
            .RequireAuthorization()
            .WithMetadata(new RequestSizeLimitAttribute(ProfilesApi.MaxRequestBytes))
            .WithTags("Profiles")
            .WithName("ReportProfile")
            .WithSummary("Report a person to moderation")
            .WithDescription($"reason: 1-{MaxReasonLength} characters. Only a profile you can see (404 otherwise, as for reading it); "
                + "never your own. 202 with the report's id; reporting the same person again answers the first report's id. "
                + "Publishes ProfileReported, which becomes a moderation case.");
        return app;
    }

    private static async Task<Results<Accepted<ProfileReportAccepted>, ValidationProblem, ProblemHttpResult>> ReportAsync(
        Guid userId, ReportProfileRequest request, ClaimsPrincipal user, IDocumentSession db, MatchFinder matches, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (user.UserId() is not { } callerId)
        {
            return ProfileProblems.Unauthenticated();
        }
        var reason = request.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > MaxReasonLength)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = [$"Say why in 1 to {MaxReasonLength} characters."] });
        }
        if (await ProfilesApi.ShownToAsync(userId, callerId, db, matches, cancellationToken) is not var (profile, _))
        {
            return ProfileProblems.ProfileNotFound();
        }
        var reportId = ProfileReportDocument.IdFor(userId, callerId);
        if (await db.LoadAsync<ProfileReportDocument>(reportId, cancellationToken) is { } earlier)
        {
            return TypedResults.Accepted((string?)null, new ProfileReportAccepted(earlier.ReportId));
        }
        var report = new ProfileReportDocument { Id = reportId, ReportId = Guid.CreateVersion7(), UserId = userId, ReporterId = callerId, ReportedAt = time.GetUtcNow() };
        db.Insert(report);
        db.PublishOnCommit(new ProfileReported(report.ReportId, userId, callerId, profile.DisplayName, profile.Bio, reason));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DuplicateDocumentException)
        {
            // The same person reported the same profile twice at the same moment: the first report stands.
            var first = await db.LoadAsync<ProfileReportDocument>(reportId, cancellationToken);
            return TypedResults.Accepted((string?)null, new ProfileReportAccepted(first!.ReportId));
        }
        return TypedResults.Accepted((string?)null, new ProfileReportAccepted(report.ReportId));
    }
}

/// <summary>One member's report of one profile: its id makes a second report by the same person a no-op.</summary>
public sealed class ProfileReportDocument : IDocument
{
    public string Id { get; set; } = "";
    public long Version { get; set; }
    public Guid ReportId { get; set; }
    public Guid UserId { get; set; }
    public Guid ReporterId { get; set; }
    public DateTimeOffset ReportedAt { get; set; }

    public static string IdFor(Guid userId, Guid reporterId) => $"{userId:N}:{reporterId:N}";
}
