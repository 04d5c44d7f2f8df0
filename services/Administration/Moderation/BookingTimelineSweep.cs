using Microsoft.EntityFrameworkCore;
using SkillSwap.Administration.Infrastructure;

namespace SkillSwap.Administration.Moderation;

/// <summary>
/// Bounds what <see cref="BookingDirectory"/> keeps: a session never disputed whose last step and planned end are older
/// than <see cref="Retention"/> can no longer be (a dispute comes between its start and its completion), so its steps
/// and its bookings' parties are deleted. Disputed sessions keep theirs: their cases show them.
/// </summary>
public sealed class BookingTimelineSweep(IServiceScopeFactory scopes, TimeProvider time, ILogger<BookingTimelineSweep> logger)
    : PeriodicBackgroundService(time, logger)
{
    public static readonly TimeSpan Retention = TimeSpan.FromDays(180);

    private const int BatchSize = 1000;

    protected override TimeSpan Interval => TimeSpan.FromHours(6);

    public override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AdministrationDbContext>();
        var cutoff = Time.GetUtcNow() - Retention;
        // A confirmation carries the session's planned end: one booked months ahead stays until it has taken place.
        var ended = db.BookingTimeline
            .GroupBy(entry => entry.SessionId)
            .Where(session => session.Max(entry => entry.EndsAt ?? entry.At) < cutoff && !session.Any(entry => entry.Step == BookingStep.Disputed))
            .Select(session => session.Key);
        var (steps, bookings) = (0, 0);
        var strategy = db.Database.CreateExecutionStrategy();
        for (;;)
        {
            // Read once per batch and deleted by id, so both tables lose the same sessions.
            var (batchSteps, batchBookings) = await strategy.ExecuteAsync(async () =>
            {
                var batch = await ended.Take(BatchSize).ToListAsync(cancellationToken);
                if (batch.Count == 0)
                {
                    return (0, 0);
                }
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var forgottenBookings = await db.Bookings.Where(booking => batch.Contains(booking.SessionId)).ExecuteDeleteAsync(cancellationToken);
                var forgottenSteps = await db.BookingTimeline.Where(entry => batch.Contains(entry.SessionId)).ExecuteDeleteAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return (forgottenSteps, forgottenBookings);
            });
            if (batchSteps == 0)
            {
                break;
            }
            (steps, bookings) = (steps + batchSteps, bookings + batchBookings);
        }
        if (steps > 0)
        {
            Logger.LogInformation("Forgot {Steps} steps of {Bookings} bookings of sessions ended over {Days} days ago without a dispute",
                steps, bookings, Retention.TotalDays);
        }
    }
}
