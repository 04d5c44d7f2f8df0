using Microsoft.EntityFrameworkCore;
using SkillSwap.Administration.Infrastructure;
using SkillSwap.Administration.Kpis;
using SkillSwap.EventBus;
using SkillSwap.EventBus.EntityFrameworkCore.Outbox;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.Administration.Erasure;

/// <summary>
/// Administration's part of the right to erasure, as the DPO decided (README, "Personal data"). The person's words go:
/// what they reported and why, the text reported of them, their appeal. Their id leaves the cases (as reporter,
/// reported person or party), the bookings' parties and timelines and the appeal links; in the KPI facts and projection it becomes a
/// fresh random id, so every figure stays what it was while nothing links it to them. Kept: the decisions and sanctions
/// with the moderators' reasons, and the append-only audit log — staff accountability, naming an id that, once every
/// service has erased the person, resolves to nobody. A tombstone keeps late events from naming them again; then
/// <see cref="UserDataErased"/> in the same commit.
/// </summary>
public sealed class UserErasureRequestedHandler(AdministrationDbContext db, KpiProjection kpis, TimeProvider time, ILogger<UserErasureRequestedHandler> logger)
    : IIntegrationEventHandler<UserErasureRequested>
{
    public async Task HandleAsync(UserErasureRequested integrationEvent, CancellationToken cancellationToken)
    {
        var userId = integrationEvent.UserId;
        if (await db.ErasedUsers.AnyAsync(e => e.UserId == userId, cancellationToken))
        {
            return;
        }
        var reports = await db.Reports.Where(r => r.ReporterId == userId)
            .ExecuteUpdateAsync(report => report.SetProperty(r => r.ReporterId, Guid.Empty).SetProperty(r => r.Reason, ""), cancellationToken);
        var cases = await db.Cases
            .Where(c => c.PartyIds.Contains(userId) || c.ReportedUserId == userId || c.FormerDeciders.Contains(userId) || c.AssignedTo == userId
                || c.Context!.Messages.Any(m => m.SenderId == userId) || c.Context.RevieweeId == userId
                || c.Context.LearnerId == userId || c.Context.TeacherId == userId)
            .ToListAsync(cancellationToken);
        cases.ForEach(c => c.Forget(userId));
        await db.Bookings.Where(b => b.LearnerId == userId).ExecuteUpdateAsync(b => b.SetProperty(x => x.LearnerId, Guid.Empty), cancellationToken);
        await db.Bookings.Where(b => b.TeacherId == userId).ExecuteUpdateAsync(b => b.SetProperty(x => x.TeacherId, Guid.Empty), cancellationToken);
        await db.BookingTimeline.Where(e => e.ActorId == userId).ExecuteUpdateAsync(e => e.SetProperty(x => x.ActorId, Guid.Empty), cancellationToken);
        await db.AppealTickets.Where(t => t.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        await kpis.PseudonymiseAsync(userId, cancellationToken);
        db.ErasedUsers.Add(new ErasedUser { UserId = userId, ErasedAt = time.GetUtcNow() });
        db.AddIntegrationEvent(new UserDataErased(userId, AdministrationServiceExtensions.ServiceName));
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Administration data of {UserId} erased ({Cases} cases, {Reports} reports)", userId, cases.Count, reports);
    }
}
