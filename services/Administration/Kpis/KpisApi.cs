using Microsoft.AspNetCore.Http.HttpResults;
using SkillSwap.Administration.Audit;

namespace SkillSwap.Administration.Kpis;

public sealed record RebuildRequest(string? Reason);

public sealed record KpiRebuilt(long FactsReplayed, KpiReport Report);

/// <summary>The product's figures for every staff role (aggregates only, nobody named); the rebuild for admins.</summary>
public static class KpisApi
{
    public const string RoutePrefix = "/api/v1/admin/kpis";
    public const int MaxWeeks = 104;

    public static WebApplication MapKpisApi(this WebApplication app)
    {
        var kpis = app.MapGroup(RoutePrefix)
            .RequireAuthorization(StaffPolicies.Staff)
            .AnswersRuleViolations(AdministrationServiceExtensions.ServiceName)
            .WithTags("KPIs");
        kpis.MapGet("", ReadAsync).WithName("Kpis")
            .WithSummary("Funnel, activation D+7 and retention W4 per weekly cohort, NPS by month, active members, sessions per week, credits in circulation")
            .WithDescription($"weeks: the cohorts and weeks shown, this one included (1-{MaxWeeks}, default 12). Definitions in the Administration README.");
        kpis.MapPost("/rebuilding", RebuildAsync).WithName("RebuildKpis")
            .RequireAuthorization(StaffPolicies.Administration)
            .WithSummary("Recompute every figure from the kept event history (admins)")
            .WithDescription($"reason: {AuditReasons.MinLength}-{AuditReasons.MaxLength} characters, kept in the audit log (kpis.rebuilt). Events wait while it runs.");
        return app;
    }

    private static async Task<Results<Ok<KpiReport>, ValidationProblem>> ReadAsync(KpiReader reader, int? weeks, CancellationToken cancellationToken)
    {
        if (weeks is < 1 or > MaxWeeks)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["weeks"] = [$"Between 1 and {MaxWeeks}."] });
        }
        return TypedResults.Ok(await reader.ReadAsync(weeks ?? 12, cancellationToken));
    }

    private static async Task<Results<Ok<KpiRebuilt>, ValidationProblem>> RebuildAsync(
        RebuildRequest request, KpiProjection projection, KpiReader reader, AuditLog audit, HttpContext http, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (AuditReasons.Read(request.Reason, errors) is not { } reason)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var replayed = await audit.InTransactionAsync(async () =>
        {
            var facts = await projection.RebuildInCurrentTransactionAsync(cancellationToken);
            await audit.AppendAsync(http.User.RequireUserId(), "kpis.rebuilt", AuditTargets.Kpis, reason, null, new { facts }, cancellationToken);
            return facts;
        }, cancellationToken);
        return TypedResults.Ok(new KpiRebuilt(replayed, await reader.ReadAsync(12, cancellationToken)));
    }
}
