using Microsoft.EntityFrameworkCore;
using SkillSwap.Administration.Audit;
using SkillSwap.Administration.Infrastructure;

namespace SkillSwap.Administration.Moderation;

/// <summary>
/// What a moderator does to a case — take it, give it back, decide — each with its audit entry in the same
/// transaction. A rule the case refuses (<see cref="RuleViolationException"/>) changes nothing and writes no entry; a
/// colleague's change in between answers 409 rather than overwriting it.
/// </summary>
public sealed class CaseDecisions(AdministrationDbContext db, AuditLog audit, TimeProvider time)
{
    public Task<ModerationCase> AssignAsync(Guid caseId, Guid moderatorId, CancellationToken cancellationToken) =>
        ChangeAsync(caseId, moderatorId, "case.assigned", "Taken from the queue", c => c.Assign(moderatorId), cancellationToken);

    public Task<ModerationCase> ReleaseAsync(Guid caseId, Guid moderatorId, CancellationToken cancellationToken) =>
        ChangeAsync(caseId, moderatorId, "case.released", "Given back to the queue", c => c.Release(moderatorId), cancellationToken);

    public Task<ModerationCase> DecideAsync(Guid caseId, Guid moderatorId, CaseOutcome outcome, string reason, CancellationToken cancellationToken) =>
        ChangeAsync(caseId, moderatorId, "case.decided", reason, c => c.Decide(moderatorId, outcome, reason, time.GetUtcNow()), cancellationToken);

    private async Task<ModerationCase> ChangeAsync(
        Guid caseId, Guid moderatorId, string action, string reason, Action<ModerationCase> change, CancellationToken cancellationToken)
    {
        try
        {
            return await audit.InTransactionAsync(async () =>
            {
                var moderationCase = await db.Cases.SingleOrDefaultAsync(c => c.Id == caseId, cancellationToken)
                    ?? throw RuleViolationException.NotFound("case-not-found", "No moderation case has this id.");
                var before = CaseState.Of(moderationCase);
                change(moderationCase);
                await audit.AppendAsync(moderatorId, action, $"case:{caseId}", reason, before, CaseState.Of(moderationCase), cancellationToken);
                return moderationCase;
            }, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw RuleViolationException.Conflict("case-changed", "Another moderator changed this case meanwhile; reload it.");
        }
    }
}

/// <summary>What an audit entry records of a case before and after an action.</summary>
public sealed record CaseState(CaseStatus Status, Guid? AssignedTo, CaseOutcome? Outcome)
{
    public static CaseState Of(ModerationCase moderationCase) => new(moderationCase.Status, moderationCase.AssignedTo, moderationCase.Outcome);
}
