using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SkillSwap.Administration.Infrastructure;

namespace SkillSwap.Administration.Audit;

public sealed record AuditEntryView(
    long Sequence, Guid ActorId, DateTimeOffset At, string Action, string Target, string Reason, string? Before, string? After, string Hash);

/// <summary>The audit log of staff actions and the check of its chain (every staff role; 403 for members).</summary>
public static class AuditApi
{
    public const string RoutePrefix = "/api/v1/admin/audit";
    public const int MaxLimit = 200;

    public static WebApplication MapAuditApi(this WebApplication app)
    {
        var audit = app.MapGroup(RoutePrefix)
            .RequireAuthorization(StaffPolicies.Staff)
            .AnswersRuleViolations(AdministrationServiceExtensions.ServiceName)
            .WithTags("Audit");
        audit.MapGet("", EntriesAsync).WithName("AuditLog")
            .WithSummary("Staff actions, newest first")
            .WithDescription("target: one target's entries (\"case:{id}\"); before: entries older than this sequence; limit 1-200, default 50.");
        audit.MapGet("/verification", VerifyAsync).WithName("VerifyAuditLog")
            .WithSummary("Recompute the hash chain")
            .WithDescription("brokenAt is the first entry changed, missing or out of chain (null when the chain holds). A full scan: for audits, not for polling.");
        return app;
    }

    private static async Task<Results<Ok<AuditEntryView[]>, ValidationProblem>> EntriesAsync(
        AdministrationDbContext db, string? target, long? before, int? limit, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxLimit)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"Between 1 and {MaxLimit}."] });
        }
        var query = db.AuditEntries.AsNoTracking();
        if (target is not null)
        {
            query = query.Where(entry => entry.Target == target);
        }
        if (before is { } sequence)
        {
            query = query.Where(entry => entry.Sequence < sequence);
        }
        var entries = await query.OrderByDescending(entry => entry.Sequence).Take(limit ?? 50)
            .Select(entry => new AuditEntryView(entry.Sequence, entry.ActorId, entry.At, entry.Action, entry.Target, entry.Reason, entry.Before, entry.After, entry.Hash))
            .ToArrayAsync(cancellationToken);
        return TypedResults.Ok(entries);
    }

    private static async Task<Ok<AuditVerification>> VerifyAsync(AuditLog audit, CancellationToken cancellationToken) =>
        TypedResults.Ok(await audit.VerifyAsync(cancellationToken));
}
