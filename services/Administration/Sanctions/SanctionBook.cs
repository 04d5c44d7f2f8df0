using Microsoft.EntityFrameworkCore;
using SkillSwap.Administration.Audit;
using SkillSwap.Administration.Infrastructure;
using SkillSwap.EventBus.EntityFrameworkCore.Outbox;

namespace SkillSwap.Administration.Sanctions;

/// <summary>
/// Imposes and lifts sanctions: each change, its announcement (outbox) and its audit entry commit together. Imposing
/// runs inside the decision's transaction (<see cref="AuditLog.InTransactionAsync"/>); lifting opens its own.
/// </summary>
public sealed class SanctionBook(AdministrationDbContext db, AuditLog audit, TimeProvider time)
{
    /// <summary>Call inside an audit transaction. Replaces the sanction in force, if any.</summary>
    public async Task<Sanction> ImposeAsync(
        Guid userId, Guid staffId, SanctionKind kind, int? days, string reason, Guid? caseId, string? appealToken, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var (sanction, announcement) = Sanction.Impose(userId, staffId, kind, days, reason, caseId, appealToken, now);
        var replaced = await db.Sanctions.SingleOrDefaultAsync(s => s.UserId == userId && s.EndedAt == null, cancellationToken);
        if (replaced is not null)
        {
            replaced.ReplaceAt(now);
            // Saved first: at most one sanction per person is unended, and the index says so.
            await db.SaveChangesAsync(cancellationToken);
        }
        db.Sanctions.Add(sanction);
        db.AddIntegrationEvent(announcement);
        await audit.AppendAsync(staffId, "sanction.imposed", AuditTargets.User(userId), reason,
            replaced is null ? null : SanctionState.Of(replaced), SanctionState.Of(sanction), cancellationToken);
        return sanction;
    }

    public async Task<Sanction> LiftAsync(Guid sanctionId, Guid staffId, string reason, CancellationToken cancellationToken)
    {
        try
        {
            return await audit.InTransactionAsync(async () =>
            {
                var sanction = await db.Sanctions.SingleOrDefaultAsync(s => s.Id == sanctionId, cancellationToken)
                    ?? throw RuleViolationException.NotFound("sanction-not-found", "No sanction has this id.");
                await LiftAsync(sanction, staffId, reason, cancellationToken);
                return sanction;
            }, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw RuleViolationException.Conflict("sanction-changed", "Someone changed this sanction meanwhile; reload it.");
        }
    }

    /// <summary>
    /// Call inside an audit transaction: a decision on appeal that sanctions nobody overturns the sanction the case's
    /// first decision imposed, if it is still in force.
    /// </summary>
    public async Task LiftOverturnedAsync(Guid caseId, Guid staffId, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (await db.Sanctions.SingleOrDefaultAsync(s => s.CaseId == caseId && s.EndedAt == null, cancellationToken) is { } sanction && sanction.IsInForceAt(now))
        {
            await LiftAsync(sanction, staffId, reason, cancellationToken);
        }
    }

    private async Task LiftAsync(Sanction sanction, Guid staffId, string reason, CancellationToken cancellationToken)
    {
        var before = SanctionState.Of(sanction);
        db.AddIntegrationEvent(sanction.Lift(staffId, time.GetUtcNow()));
        await audit.AppendAsync(staffId, "sanction.lifted", AuditTargets.User(sanction.UserId), reason, before, SanctionState.Of(sanction), cancellationToken);
    }

    /// <summary>Ends the suspensions whose date has passed and announces each; returns how many.</summary>
    public async Task<int> ExpireDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = await db.Sanctions.Where(s => s.EndedAt == null && s.Until != null && s.Until <= now).Take(100).ToListAsync(cancellationToken);
        foreach (var sanction in due)
        {
            db.AddIntegrationEvent(sanction.ExpireIfDue(now)!);
        }
        await db.SaveChangesAsync(cancellationToken);
        return due.Count;
    }
}

/// <summary>What an audit entry records of a sanction.</summary>
public sealed record SanctionState(Guid SanctionId, SanctionKind Kind, DateTimeOffset? Until, DateTimeOffset? EndedAt, string? EndReason)
{
    public static SanctionState Of(Sanction sanction) => new(sanction.Id, sanction.Kind, sanction.Until, sanction.EndedAt, sanction.EndReason);
}

/// <summary>The clock that ends suspensions on their date, so every service restores the person without anyone acting.</summary>
public sealed class SanctionClock(IServiceScopeFactory scopes, TimeProvider time, ILogger<SanctionClock> logger)
    : PeriodicBackgroundService(time, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromSeconds(30);

    public override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var expired = await scope.ServiceProvider.GetRequiredService<SanctionBook>().ExpireDueAsync(cancellationToken);
        if (expired > 0)
        {
            Logger.LogInformation("{Count} suspensions ran out and were lifted", expired);
        }
    }
}
