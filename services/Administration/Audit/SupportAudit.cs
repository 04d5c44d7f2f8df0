using SkillSwap.EventBus;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.Administration.Audit;

/// <summary>
/// Support's look-ups and help happen in Identity, which holds the accounts; who did what to whose account, and why, is
/// recorded here, in the one audit log of staff actions (<c>support.look-up</c>, <c>support.verification-link-sent</c>,
/// <c>support.lockout-lifted</c> on <c>user:{id}</c>).
/// </summary>
public sealed class SupportAudit(AuditLog audit) : IIntegrationEventHandler<SupportActionTaken>
{
    public Task HandleAsync(SupportActionTaken taken, CancellationToken cancellationToken) =>
        audit.AppendInCurrentTransactionAsync(taken.StaffId, taken.OccurredAt, $"support.{taken.Action}", AuditTargets.User(taken.UserId), taken.Reason, cancellationToken);
}
