using Microsoft.EntityFrameworkCore;
using SkillSwap.Administration.Infrastructure;

namespace SkillSwap.Administration.Moderation;

/// <summary>
/// Bounds what <see cref="BookingDirectory"/> keeps: a session never disputed whose last step is older than
/// <see cref="Retention"/> can no longer be (a dispute comes while the session's escrow is still held), so its steps and
/// its bookings' parties are deleted. Disputed sessions keep theirs: their cases show them.
/// </summary>
public sealed class BookingTimelineSweep(IServiceScopeFactory scopes, TimeProvider time, ILogger<BookingTimelineSweep> logger)
    : PeriodicBackgroundService(time, logger)
{
    public static readonly TimeSpan Retention = TimeSpan.FromDays(180);

    protected override TimeSpan Interval => TimeSpan.FromHours(6);

    public override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AdministrationDbContext>();
        var cutoff = Time.GetUtcNow() - Retention;
        var ended = db.BookingTimeline
            .GroupBy(entry => entry.SessionId)
            .Where(session => session.Max(entry => entry.At) < cutoff && !session.Any(entry => entry.Step == BookingStep.Disputed))
            .Select(session => session.Key);
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // The parties first: which sessions ended is read from the steps deleted next.
            var bookings = await db.Bookings.Where(booking => ended.Contains(booking.SessionId)).ExecuteDeleteAsync(cancellationToken);
            var steps = await db.BookingTimeline.Where(entry => ended.Contains(entry.SessionId)).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            if (steps > 0)
            {
                Logger.LogInformation("Forgot {Steps} steps of {Bookings} bookings of sessions ended over {Days} days ago without a dispute",
                    steps, bookings, Retention.TotalDays);
            }
        });
    }
}
