using Microsoft.EntityFrameworkCore;
using SkillSwap.Administration.Appeals;
using SkillSwap.Administration.Audit;
using SkillSwap.Administration.Infrastructure;
using SkillSwap.Administration.Sanctions;
using SkillSwap.EventBus.EntityFrameworkCore.Outbox;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.Administration.Moderation;

/// <summary>
/// What a moderator does to a case — take it, give it back, decide — each with its audit entry in the same
/// transaction. A rule the case refuses (<see cref="RuleViolationException"/>) changes nothing and writes no entry; a
/// colleague's change in between answers 409 rather than overwriting it.
/// </summary>
public sealed class CaseDecisions(AdministrationDbContext db, AuditLog audit, SanctionBook sanctions, TimeProvider time)
{
    public Task<ModerationCase> AssignAsync(Guid caseId, Guid moderatorId, CancellationToken cancellationToken) =>
        ChangeAsync(caseId, moderatorId, "case.assigned", "Taken from the queue", c => Done(() => c.Assign(moderatorId)), cancellationToken);

    public Task<ModerationCase> ReleaseAsync(Guid caseId, Guid moderatorId, CancellationToken cancellationToken) =>
        ChangeAsync(caseId, moderatorId, "case.released", "Given back to the queue", c => Done(() => c.Release(moderatorId)), cancellationToken);

    /// <summary>
    /// Decides the case. What the decision sets in motion commits in the same transaction, so the decision and its
    /// announcement are never one without the other: a warning is told to the reported person, a suspension or a ban
    /// sanctions them, a removal goes to the service that owns the content — each with the link by which the person may
    /// contest it, once; a decision on appeal that sanctions nobody lifts the case's earlier sanction, and one that dismisses
    /// the case withdraws its warning or removal (the person is told); a settlement tells
    /// Sessions how to resolve the disputed booking.
    /// </summary>
    public Task<ModerationCase> DecideAsync(
        Guid caseId, Guid moderatorId, CaseOutcome outcome, string reason, DecisionTerms terms, CancellationToken cancellationToken) =>
        ChangeAsync(caseId, moderatorId, "case.decided", reason, async c =>
        {
            var onAppeal = c.UnderAppeal;
            var contested = c.AppealedOutcome;
            c.Decide(moderatorId, outcome, reason, time.GetUtcNow());
            var appealToken = IssueAppealTicket(c);
            if (SanctionOf(outcome) is { } kind)
            {
                await sanctions.ImposeAsync(ReportedPerson(c), moderatorId, kind, terms.Days, reason, c.Id, appealToken, cancellationToken);
            }
            else if (onAppeal)
            {
                await sanctions.LiftOverturnedAsync(c.Id, moderatorId, reason, cancellationToken);
            }
            if (onAppeal && outcome == CaseOutcome.Dismissed && contested is CaseOutcome.Warned or CaseOutcome.ContentRemoved && c.ReportedUserId is { } appellant)
            {
                // A lifted sanction is announced by its lift; a withdrawn warning or removal is only news to the person.
                db.AddIntegrationEvent(new DecisionWithdrawn(c.Id, appellant, reason));
            }
            if (outcome == CaseOutcome.Warned)
            {
                var warned = ReportedPerson(c);
                db.AddIntegrationEvent(new MemberWarned(c.Id, warned, reason) { AppealToken = appealToken });
                // On the person too: the next moderator sees the warning before deciding on a new report.
                await audit.AppendAsync(moderatorId, "member.warned", AuditTargets.User(warned), reason, null, new { CaseId = c.Id }, cancellationToken);
            }
            if (outcome == CaseOutcome.ContentRemoved)
            {
                var removed = new ContentRemoved(c.Id, ContentKindOf(c.Kind), c.Subject, ReportedPerson(c), reason) { AppealToken = appealToken };
                db.AddIntegrationEvent(removed);
                await audit.AppendAsync(moderatorId, "content.removed", AuditTargets.User(removed.OwnerId), reason, null,
                    new { CaseId = c.Id, removed.ContentKind, removed.ContentId }, cancellationToken);
            }
            if (outcome == CaseOutcome.Settled)
            {
                var settled = new DisputeSettled(c.Id, Guid.Parse(c.Subject), Guid.Parse(c.ContextId!), moderatorId, terms.LearnerRefundPercent!.Value, terms.NoShowBy);
                db.AddIntegrationEvent(settled);
                await audit.AppendAsync(moderatorId, "dispute.settled", AuditTargets.Case(c.Id), reason, null,
                    new { settled.BookingId, settled.SessionId, settled.LearnerRefundPercent, settled.NoShowBy }, cancellationToken);
            }
        }, cancellationToken);

    /// <summary>The link's token by which the person may contest the decision, when they may (its ticket is stored, hashed).</summary>
    private string? IssueAppealTicket(ModerationCase c)
    {
        if (!c.IsAppealable)
        {
            return null;
        }
        var (ticket, token) = AppealTicket.Issue(c.Id, c.ReportedUserId!.Value, c.DecidedAt!.Value);
        db.AppealTickets.Add(ticket);
        return token;
    }

    private static Guid ReportedPerson(ModerationCase c) =>
        c.ReportedUserId ?? throw RuleViolationException.Conflict("no-reported-person", "Nobody is known to be reported in this case.");

    /// <summary>A case's subject is the owning service's id of the content: "{conversationId}/{sequence}", a review id, a user id.</summary>
    private static string ContentKindOf(CaseKind kind) => kind switch
    {
        CaseKind.ChatMessage => ContentRemoved.ChatMessage,
        CaseKind.Review => ContentRemoved.Review,
        CaseKind.Profile => ContentRemoved.ProfileBio,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Only a message, a review or a profile has content to remove."),
    };

    private static SanctionKind? SanctionOf(CaseOutcome outcome) => outcome switch
    {
        CaseOutcome.Suspended => SanctionKind.Suspension,
        CaseOutcome.Banned => SanctionKind.Ban,
        _ => null,
    };

    private static Task Done(Action change)
    {
        change();
        return Task.CompletedTask;
    }

    private async Task<ModerationCase> ChangeAsync(
        Guid caseId, Guid moderatorId, string action, string reason, Func<ModerationCase, Task> change, CancellationToken cancellationToken)
    {
        try
        {
            return await audit.InTransactionAsync(async () =>
            {
                var moderationCase = await db.Cases.SingleOrDefaultAsync(c => c.Id == caseId, cancellationToken)
                    ?? throw RuleViolationException.NotFound("case-not-found", "No moderation case has this id.");
                var before = CaseState.Of(moderationCase);
                await change(moderationCase);
                await audit.AppendAsync(moderatorId, action, AuditTargets.Case(caseId), reason, before, CaseState.Of(moderationCase), cancellationToken);
                return moderationCase;
            }, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw RuleViolationException.Conflict("case-changed", "Another moderator changed this case meanwhile; reload it.");
        }
    }
}

/// <summary>What a decision carries beyond its outcome: a suspension's days, a settlement's split and upheld no-show.</summary>
public sealed record DecisionTerms(int? Days = null, int? LearnerRefundPercent = null, string? NoShowBy = null);

/// <summary>What an audit entry records of a case before and after an action.</summary>
public sealed record CaseState(CaseStatus Status, Guid? AssignedTo, CaseOutcome? Outcome)
{
    public static CaseState Of(ModerationCase moderationCase) => new(moderationCase.Status, moderationCase.AssignedTo, moderationCase.Outcome);
}
