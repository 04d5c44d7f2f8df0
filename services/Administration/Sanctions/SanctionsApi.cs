using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SkillSwap.Administration.Audit;
using SkillSwap.Administration.Infrastructure;
using SkillSwap.Administration.Moderation;

namespace SkillSwap.Administration.Sanctions;

public sealed record SanctionView(
    Guid Id, Guid UserId, SanctionKind Kind, bool InForce, DateTimeOffset ImposedAt, DateTimeOffset? Until, string Reason,
    Guid ImposedBy, Guid? CaseId, DateTimeOffset? EndedAt, string? EndReason, Guid? LiftedBy);

public sealed record LiftRequest(string? Reason);

/// <summary>
/// The sanctions moderators imposed through case decisions, and their early lifting (moderators and admins; 403 for
/// members and for staff about their own account).
/// </summary>
public static class SanctionsApi
{
    public const string RoutePrefix = "/api/v1/admin/sanctions";

    public static WebApplication MapSanctionsApi(this WebApplication app)
    {
        var sanctions = app.MapGroup(RoutePrefix)
            .RequireAuthorization(StaffPolicies.Moderation)
            .AnswersRuleViolations(AdministrationServiceExtensions.ServiceName)
            .WithTags("Sanctions");
        sanctions.MapGet("", ListAsync).WithName("Sanctions")
            .WithSummary("Sanctions, newest first")
            .WithDescription("userId: one person's sanctions; inForce=true: only those in force; limit 1-200, default 50.");
        sanctions.MapPost("/{sanctionId:guid}/lifting", LiftAsync).WithName("LiftSanction")
            .WithSummary("Lift a sanction early (audited)")
            .WithDescription($"reason: {AuditReasons.MinLength}-{AuditReasons.MaxLength} characters, kept in the audit log. "
                + "Every service restores the person within seconds: sign-in, search, realtime.");
        return app;
    }

    private static async Task<Results<Ok<SanctionView[]>, ValidationProblem>> ListAsync(
        AdministrationDbContext db, TimeProvider time, HttpContext http, Guid? userId, bool? inForce, int? limit, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > ModerationApi.MaxLimit)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"Between 1 and {ModerationApi.MaxLimit}."] });
        }
        var me = http.User.RequireUserId();
        var now = time.GetUtcNow();
        // Staff do not read their own record here, as they cannot act on it.
        var query = db.Sanctions.AsNoTracking().Where(s => s.UserId != me);
        if (userId is { } person)
        {
            query = query.Where(s => s.UserId == person);
        }
        if (inForce == true)
        {
            query = query.Where(s => s.EndedAt == null && (s.Until == null || s.Until > now));
        }
        var page = await query.OrderByDescending(s => s.ImposedAt).Take(limit ?? 50).ToListAsync(cancellationToken);
        return TypedResults.Ok(page.Select(s => View(s, now)).ToArray());
    }

    private static async Task<Results<Ok<SanctionView>, ValidationProblem>> LiftAsync(
        Guid sanctionId, LiftRequest request, SanctionBook book, TimeProvider time, HttpContext http, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (AuditReasons.Read(request.Reason, errors) is not { } reason)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var lifted = await book.LiftAsync(sanctionId, http.User.RequireUserId(), reason, cancellationToken);
        return TypedResults.Ok(View(lifted, time.GetUtcNow()));
    }

    private static SanctionView View(Sanction s, DateTimeOffset now) => new(
        s.Id, s.UserId, s.Kind, s.IsInForceAt(now), s.ImposedAt, s.Until, s.Reason, s.ImposedBy, s.CaseId, s.EndedAt, s.EndReason, s.LiftedBy);
}
