using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SkillSwap.Administration.Audit;
using SkillSwap.Administration.Infrastructure;
using SkillSwap.Administration.Sanctions;

namespace SkillSwap.Administration.Moderation;

/// <summary>
/// A case in the queue; <see cref="UnderAppeal"/>: reopened by the reported person's appeal, for another moderator. Its
/// clock: someone waits since <see cref="WaitingSince"/>, a decision is due by <see cref="DueAt"/>.
/// </summary>
public sealed record CaseSummary(
    Guid Id, CaseKind Kind, string Subject, CaseStatus Status, int Priority, int ReportCount, Guid? ReportedUserId,
    Guid? AssignedTo, DateTimeOffset OpenedAt, DateTimeOffset LastReportedAt, bool UnderAppeal, DateTimeOffset WaitingSince, DateTimeOffset DueAt);

public sealed record ReportView(Guid ReporterId, string Reason, DateTimeOffset ReportedAt);

public sealed record CaseDetail(
    Guid Id, CaseKind Kind, string Subject, string? ContextId, CaseStatus Status, int Priority, Guid? ReportedUserId,
    string? ReportedText, IReadOnlyList<ReportView> Reports, Guid? AssignedTo, DateTimeOffset OpenedAt, DateTimeOffset WaitingSince, DateTimeOffset DueAt,
    CaseOutcome? Outcome, string? DecisionReason, Guid? DecidedBy, DateTimeOffset? DecidedAt,
    CaseAppeal? Appeal, CaseContext? Context, IReadOnlyList<TimelineStep>? Timeline);

/// <summary>The reported person's appeal: the decision contested, their words, who may not decide again.</summary>
public sealed record CaseAppeal(CaseOutcome? AppealedOutcome, string Text, DateTimeOffset AppealedAt, bool UnderAppeal, IReadOnlyList<Guid> FormerDeciders);

/// <summary>A decision: <c>days</c> only for a suspension; <c>learnerRefundPercent</c> and <c>noShowBy</c> only for a settlement.</summary>
public sealed record DecisionRequest(string? Outcome, string? Reason, int? Days, int? LearnerRefundPercent, string? NoShowBy);

/// <summary>
/// The moderators' queue and cases (moderators and admins; 403 for members). A moderator never sees nor acts on a
/// case they reported or that is about them: it leaves their queue, and opening it answers 403.
/// </summary>
public static class ModerationApi
{
    public const string RoutePrefix = "/api/v1/admin/cases";
    public const int MaxLimit = 200;

    /// <summary>The outcomes a moderator decides, by their name in the API.</summary>
    private static readonly Dictionary<string, CaseOutcome> Outcomes = new()
    {
        ["dismiss"] = CaseOutcome.Dismissed,
        ["warn"] = CaseOutcome.Warned,
        ["remove-content"] = CaseOutcome.ContentRemoved,
        ["suspend"] = CaseOutcome.Suspended,
        ["ban"] = CaseOutcome.Banned,
        ["settle"] = CaseOutcome.Settled,
    };

    public static WebApplication MapModerationApi(this WebApplication app)
    {
        var cases = app.MapGroup(RoutePrefix)
            .RequireAuthorization(StaffPolicies.Moderation)
            .AnswersRuleViolations(AdministrationServiceExtensions.ServiceName)
            .WithTags("Moderation");
        cases.MapGet("", QueueAsync).WithName("ModerationQueue")
            .WithSummary("The queue: highest priority first, then oldest")
            .WithDescription("Filters: status (open, decided; default open), kind (chat-message, review, profile, dispute), assigned (me, none), "
                + "limit (1-200, default 50). Cases the caller reported or that are about them are left out. Each case's clock: waitingSince "
                + "(its opening, a new report after a decision, an appeal) and dueAt (a dispute within 24 h, a message 12 h, a profile 48 h, a review 72 h).");
        cases.MapGet("/{caseId:guid}", CaseAsync).WithName("ModerationCase").WithSummary("A case with its reports")
            .WithDescription("Its context as first reported (a message's neighbours, a review's stars and reply, a disputed booking's terms and "
                + "its session's conversation up to the dispute) and, for a dispute, the booking's timeline so far (steps of the session and its escrow).");
        cases.MapPost("/{caseId:guid}/assignment", AssignAsync).WithName("TakeModerationCase").WithSummary("Take a case (audited)");
        cases.MapDelete("/{caseId:guid}/assignment", ReleaseAsync).WithName("ReleaseModerationCase").WithSummary("Give a case back to the queue (audited)");
        cases.MapPost("/{caseId:guid}/decision", DecideAsync).WithName("DecideModerationCase")
            .WithSummary("Decide a case (audited)")
            .WithDescription($"outcome: {string.Join(", ", Outcomes.Keys)}; reason: {AuditReasons.MinLength}-{AuditReasons.MaxLength} characters, kept in the audit log "
                + $"and shown to a warned or sanctioned person; days: 1-{Sanction.MaxSuspensionDays}, for a suspension only. A suspension or a ban applies to the "
                + "reported person at once, on every service (see the sanctions API). A dispute is settled, and only a dispute: "
                + "learnerRefundPercent (0-100) of the escrow back to the learner, the rest to the teacher; noShowBy (teacher, learner, or absent) "
                + "upholds a no-show; Sessions resolves the booking with them.");
        return app;
    }

    private static async Task<Results<Ok<CaseSummary[]>, ValidationProblem>> QueueAsync(
        AdministrationDbContext db, HttpContext http, string? status, string? kind, string? assigned, int? limit, CancellationToken cancellationToken)
    {
        var me = http.User.RequireUserId();
        var errors = new Dictionary<string, string[]>();
        var wantedStatus = Parse(status ?? "open", CaseStatus.Open, "status", errors);
        var wantedKind = kind is null ? (CaseKind?)null : Parse(kind, CaseKind.ChatMessage, "kind", errors);
        if (assigned is not (null or "me" or "none"))
        {
            errors["assigned"] = ["Use me or none."];
        }
        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"Between 1 and {MaxLimit}."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var query = db.Cases.AsNoTracking().IgnoreAutoIncludes().Where(c => c.Status == wantedStatus && !c.PartyIds.Contains(me));
        if (wantedKind is { } k)
        {
            query = query.Where(c => c.Kind == k);
        }
        query = assigned switch
        {
            "me" => query.Where(c => c.AssignedTo == me),
            "none" => query.Where(c => c.AssignedTo == null),
            _ => query,
        };
        var page = await query.OrderByDescending(c => c.Priority).ThenBy(c => c.OpenedAt).Take(limit ?? 50)
            .Select(c => new CaseSummary(c.Id, c.Kind, c.Subject, c.Status, c.Priority, c.Reports.Count, c.ReportedUserId,
                c.AssignedTo, c.OpenedAt, c.LastReportedAt, c.UnderAppeal, c.WaitingSince, ModerationCase.DueAfter(c.Kind, c.WaitingSince)))
            .ToArrayAsync(cancellationToken);
        return TypedResults.Ok(page);
    }

    private static async Task<Ok<CaseDetail>> CaseAsync(Guid caseId, AdministrationDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        var me = http.User.RequireUserId();
        var moderationCase = await db.Cases.AsNoTracking().SingleOrDefaultAsync(c => c.Id == caseId, cancellationToken)
            ?? throw RuleViolationException.NotFound("case-not-found", "No moderation case has this id.");
        if (moderationCase.IsPartyTo(me))
        {
            throw new RuleViolationException(StatusCodes.Status403Forbidden, "party-to-case",
                "You reported this or it is about you: another moderator handles it.");
        }
        return TypedResults.Ok(await DetailAsync(moderationCase, db, cancellationToken));
    }

    private static async Task<Ok<CaseDetail>> AssignAsync(
        Guid caseId, CaseDecisions decisions, AdministrationDbContext db, HttpContext http, CancellationToken cancellationToken) =>
        TypedResults.Ok(await DetailAsync(await decisions.AssignAsync(caseId, http.User.RequireUserId(), cancellationToken), db, cancellationToken));

    private static async Task<Ok<CaseDetail>> ReleaseAsync(
        Guid caseId, CaseDecisions decisions, AdministrationDbContext db, HttpContext http, CancellationToken cancellationToken) =>
        TypedResults.Ok(await DetailAsync(await decisions.ReleaseAsync(caseId, http.User.RequireUserId(), cancellationToken), db, cancellationToken));

    private static async Task<Results<Ok<CaseDetail>, ValidationProblem>> DecideAsync(
        Guid caseId, DecisionRequest request, CaseDecisions decisions, AdministrationDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        var me = http.User.RequireUserId();
        var errors = new Dictionary<string, string[]>();
        if (request.Outcome is null || !Outcomes.TryGetValue(request.Outcome, out var outcome))
        {
            errors["outcome"] = [$"One of: {string.Join(", ", Outcomes.Keys)}."];
            outcome = default;
        }
        var reason = AuditReasons.Read(request.Reason, errors);
        if (outcome == CaseOutcome.Suspended ? request.Days is not (>= 1 and <= Sanction.MaxSuspensionDays) : request.Days is not null)
        {
            errors["days"] = [outcome == CaseOutcome.Suspended ? $"A suspension lasts 1 to {Sanction.MaxSuspensionDays} days." : "Only a suspension has days."];
        }
        var settles = outcome == CaseOutcome.Settled;
        if (settles ? request.LearnerRefundPercent is not (>= 0 and <= 100) : request.LearnerRefundPercent is not null)
        {
            errors["learnerRefundPercent"] = [settles ? "A whole number from 0 to 100." : "Only a settlement splits the escrow."];
        }
        if (request.NoShowBy is not (null or "teacher" or "learner") || (!settles && request.NoShowBy is not null))
        {
            errors["noShowBy"] = [settles ? "\"teacher\", \"learner\", or absent." : "Only a settlement upholds a no-show."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var terms = new DecisionTerms(request.Days, request.LearnerRefundPercent, request.NoShowBy);
        return TypedResults.Ok(await DetailAsync(await decisions.DecideAsync(caseId, me, outcome, reason!, terms, cancellationToken), db, cancellationToken));
    }

    private static async Task<CaseDetail> DetailAsync(ModerationCase c, AdministrationDbContext db, CancellationToken cancellationToken) => new(
        c.Id, c.Kind, c.Subject, c.ContextId, c.Status, c.Priority, c.ReportedUserId, c.ReportedText,
        [.. c.Reports.OrderBy(r => r.ReportedAt).Select(r => new ReportView(r.ReporterId, r.Reason, r.ReportedAt))],
        c.AssignedTo, c.OpenedAt, c.WaitingSince, c.DueAt, c.Outcome, c.DecisionReason, c.DecidedBy, c.DecidedAt,
        c.AppealedAt is { } appealedAt ? new CaseAppeal(c.AppealedOutcome, c.AppealText!, appealedAt, c.UnderAppeal, c.FormerDeciders) : null,
        c.Context,
        c.Kind == CaseKind.Dispute && Guid.TryParse(c.Subject, out var bookingId) && Guid.TryParse(c.ContextId, out var sessionId)
            ? await BookingDirectory.TimelineAsync(db, bookingId, sessionId, cancellationToken)
            : null);

    /// <summary>An enum from its wire name ("chat-message"), or a field error naming the allowed ones.</summary>
    private static T Parse<T>(string value, T fallback, string field, Dictionary<string, string[]> errors) where T : struct, Enum
    {
        if (WireNames.TryParse<T>(value, out var parsed))
        {
            return parsed;
        }
        errors[field] = [$"One of: {WireNames.List<T>()}."];
        return fallback;
    }
}
