using Microsoft.Extensions.Options;
using SkillSwap.DocumentStore;
using SkillSwap.Sessions.Model;

namespace SkillSwap.Sessions.Clock;

/// <summary>
/// Applies <see cref="SessionSchedule"/> to every session whose <see cref="SessionDocument.DueAt"/> has come. Several
/// replicas may run it at once: each session is replaced against its version, so one replica's work wins and the
/// others skip that session.
/// </summary>
public sealed class SessionClock(IServiceScopeFactory scopes, TimeProvider time, IOptions<SessionsOptions> options, ILogger<SessionClock> logger)
    : BackgroundService
{
    private const int BatchSize = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await RunOnceAsync(stoppingToken) == BatchSize)
                {
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "The session clock failed this round; it tries again at the next one");
            }
            await Task.Delay(options.Value.ClockInterval, time, stoppingToken);
        }
    }

    /// <summary>Advances the sessions due now (at most one batch); returns how many it looked at.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IDocumentSession>();
        var runner = scope.ServiceProvider.GetRequiredService<SessionRunner>();
        var due = await SessionQueries.Due(db.Query<SessionDocument>(), now, BatchSize).ToListAsync(cancellationToken);
        foreach (var session in due)
        {
            try
            {
                var before = await runner.ApplyAsync(session, Guid.Empty, SessionSchedule.AdvanceAsync, cancellationToken, now);
                await db.SaveChangesAsync(cancellationToken);
                SessionsMetrics.StatusChanged(before, session.Status);
            }
            catch (DocumentConcurrencyException)
            {
                logger.LogDebug("Session {SessionId} changed while the clock advanced it; it is looked at again next round", session.SessionId);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One session that cannot advance must not hold back every session due after it.
                db.ClearPendingChanges();
                logger.LogError(ex, "The clock could not advance session {SessionId}; it is tried again next round", session.SessionId);
            }
        }
        return due.Count;
    }
}
