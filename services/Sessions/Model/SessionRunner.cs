using Microsoft.Extensions.Options;
using SkillSwap.DocumentStore;

namespace SkillSwap.Sessions.Model;

/// <summary>What became of a change a participant asked for.</summary>
public abstract record SessionOutcome
{
    public sealed record Changed(SessionDocument Session, Guid CallerId) : SessionOutcome;

    /// <summary>Refused by a rule (a missing session, or one the caller does not take part in, included): nothing was staged.</summary>
    public sealed record Refused(SessionRuleException Rule) : SessionOutcome;

    /// <summary>Other writers kept changing the session through every attempt.</summary>
    public sealed record Busy : SessionOutcome;
}

/// <summary>
/// Runs one change to an existing session, whichever path asked for it. <see cref="RunAsync"/> serves the callers
/// that own their unit of work (the HTTP endpoints): only a participant reaches the session (unless
/// <c>participantsOnly</c> is off: moderation, joining a group), a refused change stages nothing, the session is
/// replaced against the version it was read with, and a concurrent writer makes the change run again on the fresh
/// session (a few times) instead of failing the caller. <see cref="ApplyAsync"/> serves the event handlers and the
/// clock, whose unit of work commits what it stages.
/// </summary>
public sealed class SessionRunner(IDocumentSession db, TimeProvider time, IOptions<SessionsOptions> options, ILogger<SessionRunner> logger)
{
    private const int MaxAttempts = 8;

    public async Task<SessionOutcome> RunAsync(
        Guid sessionId,
        Guid callerId,
        Func<SessionChange, CancellationToken, Task> change,
        CancellationToken cancellationToken,
        bool participantsOnly = true)
    {
        for (var attempt = 1; ; attempt++)
        {
            var session = await db.LoadAsync<SessionDocument>(SessionDocument.IdFor(sessionId), cancellationToken);
            if (session is null || (participantsOnly && session.RoleOf(callerId) is null))
            {
                return new SessionOutcome.Refused(SessionRuleException.NotFound());
            }
            var context = new SessionChange(session, callerId, time.GetUtcNow(), options.Value, db);
            var before = session.Status;
            try
            {
                await change(context, cancellationToken);
            }
            catch (SessionRuleException rule)
            {
                db.ClearPendingChanges();
                return new SessionOutcome.Refused(rule);
            }
            Stage(context);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                SessionsMetrics.StatusChanged(before, session.Status);
                return new SessionOutcome.Changed(session, callerId);
            }
            catch (DocumentConcurrencyException) when (attempt < MaxAttempts)
            {
                logger.LogDebug("Session {SessionId} changed meanwhile; running the change again (attempt {Attempt})", sessionId, attempt + 1);
                // A crowd joining one group retries together: spread the retries, or some lose every round and hear
                // "busy" while seats are still free (seen with 20 joiners for 5 seats).
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20) * attempt), cancellationToken);
            }
            catch (DocumentConcurrencyException)
            {
                return new SessionOutcome.Busy();
            }
            catch (DuplicateDocumentException)
            {
                if (attempt < MaxAttempts && await IsFirstRecordRaceAsync(context, cancellationToken))
                {
                    logger.LogDebug("Session {SessionId}: another change created a record first; running the change again", sessionId);
                    continue;
                }
                return new SessionOutcome.Refused(SessionRuleException.SlotTaken(
                    "One of the participants already has a session overlapping this time."));
            }
        }
    }

    /// <summary>
    /// Applies <paramref name="change"/> to a session this unit of work loaded, at <paramref name="now"/> (the clock
    /// passes the instant its round looked at), and stages it; returns the status it had before. The caller commits: a
    /// concurrency conflict then throws, and the bus or the clock runs it again on the fresh session.
    /// </summary>
    public async Task<SessionStatus> ApplyAsync(
        SessionDocument session, Guid callerId, Func<SessionChange, CancellationToken, Task> change, CancellationToken cancellationToken, DateTimeOffset? now = null)
    {
        var context = new SessionChange(session, callerId, now ?? time.GetUtcNow(), options.Value, db);
        var before = session.Status;
        await change(context, cancellationToken);
        Stage(context);
        return before;
    }

    /// <summary>
    /// A duplicate id is either a calendar quarter already taken (the answer is "slot taken") or a reliability record
    /// another change created first for the same person (the answer is to run the change again on it).
    /// </summary>
    private async Task<bool> IsFirstRecordRaceAsync(SessionChange change, CancellationToken cancellationToken)
    {
        foreach (var userId in change.NewReliabilityRecords)
        {
            if (await db.LoadAsync<Reliability.ReliabilityDocument>(Reliability.ReliabilityDocument.IdFor(userId), cancellationToken) is not null)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Stages the session itself after a change: timestamps, the clock's next look, reliability announcements.</summary>
    private static void Stage(SessionChange change)
    {
        change.Session.Stamp(change.Now, change.Options);
        change.PublishReliability();
        change.Db.Replace(change.Session);
    }
}
