using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SkillSwap.DocumentStore;
using SkillSwap.Sessions.Clock;

namespace SkillSwap.Sessions.Sessions;

/// <summary>
/// Runs one change to an existing session the way every endpoint needs it: only a participant reaches the session (unless
/// <c>participantsOnly</c> is off: moderation, joining a group), a refused change stages nothing, the session is replaced against the version it was
/// read with, and a concurrent writer makes the change run again on the fresh session (a few times) instead of
/// failing the caller.
/// </summary>
public sealed class SessionCommands(IDocumentSession db, TimeProvider time, IOptions<SessionsOptions> options, ILogger<SessionCommands> logger)
{
    private const int MaxAttempts = 8;

    public async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> ChangeAsync(
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
                return SessionProblems.NotFound();
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
                return SessionProblems.From(rule);
            }
            Stage(context);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                SessionsMetrics.StatusChanged(before, session.Status);
                return TypedResults.Ok(await db.ToResponseAsync(session, callerId, cancellationToken));
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
                return SessionProblems.Busy();
            }
            catch (DuplicateDocumentException)
            {
                if (attempt < MaxAttempts && await IsFirstRecordRaceAsync(context, cancellationToken))
                {
                    logger.LogDebug("Session {SessionId}: another change created a record first; running the change again", sessionId);
                    continue;
                }
                return SessionProblems.From(SessionRuleException.SlotTaken(
                    "One of the participants already has a session overlapping this time."));
            }
        }
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
    public static void Stage(SessionChange change)
    {
        change.Session.UpdatedAt = change.Now;
        change.Session.DueAt = SessionSchedule.NextDue(change.Session, change.Options);
        change.PublishReliability();
        change.Db.Replace(change.Session);
    }
}
