using Microsoft.EntityFrameworkCore;

namespace SkillSwap.EventBus.EntityFrameworkCore.Inbox;

/// <summary>
/// Runs a handler exactly once per (event, consumer): in one database transaction it inserts the inbox row, runs
/// the handler (which uses the same scoped <typeparamref name="TContext"/>) and commits. A concurrent or later
/// duplicate collides on the primary key (waiting for the first one's transaction if it is still running) and is
/// skipped; a failed handler rolls everything back, inbox row included, so the retry runs it again.
/// </summary>
public sealed class EfInboxStore<TContext>(TContext dbContext) : IInboxStore where TContext : DbContext
{
    public Task<bool> HandleOnceAsync(Guid eventId, string consumer, Func<CancellationToken, Task> handle, CancellationToken cancellationToken)
    {
        // A retrying execution strategy (EnableRetryOnFailure) only allows user transactions inside it.
        var strategy = dbContext.Database.CreateExecutionStrategy();
        return strategy.ExecuteAsync(
            (EventId: eventId, Consumer: consumer, Handle: handle),
            (_, state, token) => HandleInTransactionAsync(state.EventId, state.Consumer, state.Handle, token),
            verifySucceeded: null,
            cancellationToken);
    }

    public async Task DeleteHandledAsync(DateTimeOffset handledBefore, CancellationToken cancellationToken)
    {
        var cutoff = handledBefore.ToUniversalTime();
        await dbContext.Set<InboxRecord>().Where(m => m.HandledAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }

    private async Task<bool> HandleInTransactionAsync(Guid eventId, string consumer, Func<CancellationToken, Task> handle, CancellationToken cancellationToken)
    {
        // An execution-strategy retry must not carry the failed attempt's tracked changes.
        dbContext.ChangeTracker.Clear();
        await using var transaction = await dbContext.Database.BeginTransactionAsync(cancellationToken);
        var inboxEntry = dbContext.Set<InboxRecord>().Add(new InboxRecord
        {
            EventId = eventId,
            Consumer = consumer,
            HandledAt = DateTimeOffset.UtcNow,
        });
        try
        {
            await dbContext.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            await transaction.RollbackAsync(cancellationToken);
            inboxEntry.State = EntityState.Detached;
            // Provider-neutral duplicate check: the key collided only if the row is there now.
            if (await dbContext.Set<InboxRecord>().AsNoTracking().AnyAsync(m => m.EventId == eventId && m.Consumer == consumer, cancellationToken))
            {
                return false;
            }
            throw;
        }

        await handle(cancellationToken);
        // Whatever the handler tracked but did not save belongs to the same unit of work.
        await dbContext.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
