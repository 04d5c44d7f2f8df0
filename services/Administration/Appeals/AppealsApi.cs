using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SkillSwap.Administration.Audit;
using SkillSwap.Administration.Infrastructure;
using SkillSwap.Administration.Moderation;

namespace SkillSwap.Administration.Appeals;

public sealed record AppealLinkRequest(string? Token);

public sealed record AppealRequest(string? Token, string? Text);

/// <summary>
/// The decision an appeal link is for. <see cref="Outcome"/> and <see cref="Reason"/> are null once it is no longer the
/// case's decision (appealed, or decided again); <see cref="AppealedAt"/> says when the person contested it.
/// </summary>
public sealed record AppealableDecision(
    Guid CaseId, CaseKind Kind, CaseOutcome? Outcome, string? Reason, DateTimeOffset DecidedAt, DateTimeOffset? SanctionUntil,
    DateTimeOffset ExpiresAt, DateTimeOffset? AppealedAt);

public sealed record AppealAccepted(Guid CaseId, DateTimeOffset AppealedAt);

/// <summary>
/// Contesting a moderators' decision, by the person it concerns, with the single-use link of the decision's email —
/// no sign-in, as a suspended or banned person has none. The case opens again for a moderator who did not decide it;
/// the appeal is in the audit log, by the person. One appeal per case: the decision after it is final.
/// </summary>
public static class AppealsApi
{
    public const string RoutePrefix = "/api/v1/appeals";

    public static WebApplication MapAppealsApi(this WebApplication app)
    {
        var appeals = app.MapGroup(RoutePrefix)
            .AllowAnonymous()
            .AnswersRuleViolations(AdministrationServiceExtensions.ServiceName)
            .WithTags("Appeals");
        appeals.MapPost("/decision", DecisionAsync).WithName("AppealableDecision")
            .WithSummary("The decision an appeal link is for (no sign-in: the link's token is the key)")
            .WithDescription("404 appeal-link-invalid for an unknown or expired link.");
        appeals.MapPost("", AppealAsync).WithName("Appeal")
            .WithSummary("Contest the decision (no sign-in: the link's token is the key); the case opens again for another moderator")
            .WithDescription($"text: {AppealTicket.TextMinLength}-{AppealTicket.TextMaxLength} characters, read by the moderator. 404 appeal-link-invalid "
                + "for an unknown or expired link; 409 already-appealed (one appeal per case) or decision-changed (decided again since the link was sent).");
        return app;
    }

    private static async Task<Results<Ok<AppealableDecision>, ValidationProblem>> DecisionAsync(
        AppealLinkRequest request, AdministrationDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var token = ReadToken(request.Token, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var (ticket, moderationCase) = await FindAsync(db, token!, time.GetUtcNow(), cancellationToken);
        var current = moderationCase.Status == CaseStatus.Decided && moderationCase.DecidedAt == ticket.DecidedAt;
        // The suspension this decision imposed: the case's latest sanction, when the decision is still the case's.
        var sanctionUntil = current && moderationCase.Outcome == CaseOutcome.Suspended
            ? await db.Sanctions.Where(s => s.CaseId == moderationCase.Id).OrderByDescending(s => s.ImposedAt).Select(s => s.Until).FirstOrDefaultAsync(cancellationToken)
            : null;
        return TypedResults.Ok(new AppealableDecision(moderationCase.Id, moderationCase.Kind,
            current ? moderationCase.Outcome : null, current ? moderationCase.DecisionReason : null, ticket.DecidedAt, sanctionUntil,
            ticket.ExpiresAt, ticket.UsedAt));
    }

    private static async Task<Results<Accepted<AppealAccepted>, ValidationProblem>> AppealAsync(
        AppealRequest request, AdministrationDbContext db, AuditLog audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var token = ReadToken(request.Token, errors);
        var text = request.Text?.Trim();
        if (text is null || text.Length is < AppealTicket.TextMinLength or > AppealTicket.TextMaxLength || text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            errors["text"] = [$"Between {AppealTicket.TextMinLength} and {AppealTicket.TextMaxLength} characters of text: say why the decision is wrong."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        try
        {
            var accepted = await audit.InTransactionAsync(async () =>
            {
                var now = time.GetUtcNow();
                var (ticket, moderationCase) = await FindAsync(db, token!, now, cancellationToken);
                if (moderationCase.DecidedAt != ticket.DecidedAt && ticket.UsedAt is null)
                {
                    throw RuleViolationException.Conflict("decision-changed", "The case was decided again since this link was sent: there is nothing to contest any more.");
                }
                ticket.Use(now);
                var before = CaseState.Of(moderationCase);
                moderationCase.Appeal(ticket.UserId, text!, now);
                await audit.AppendAsync(ticket.UserId, "case.appealed", AuditTargets.Case(moderationCase.Id), "Contested by the person the decision concerns",
                    before, CaseState.Of(moderationCase), cancellationToken);
                return new AppealAccepted(moderationCase.Id, now);
            }, cancellationToken);
            return TypedResults.Accepted((string?)null, accepted);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw RuleViolationException.Conflict("decision-changed", "The case changed meanwhile: open the link again.");
        }
    }

    private static string? ReadToken(string? raw, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(raw) || raw.Length > 100)
        {
            errors["token"] = ["The token of the appeal link, as it came in the email."];
            return null;
        }
        return raw.Trim();
    }

    private static async Task<(AppealTicket Ticket, ModerationCase Case)> FindAsync(
        AdministrationDbContext db, string token, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var hash = AppealTicket.HashOf(token);
        var ticket = await db.AppealTickets.SingleOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
        var moderationCase = ticket is null ? null : await db.Cases.SingleOrDefaultAsync(c => c.Id == ticket.CaseId, cancellationToken);
        if (ticket is null || moderationCase is null || !ticket.IsValidAt(now))
        {
            throw RuleViolationException.NotFound("appeal-link-invalid", "This appeal link is unknown or has expired (a decision can be contested for 30 days).");
        }
        return (ticket, moderationCase);
    }
}
