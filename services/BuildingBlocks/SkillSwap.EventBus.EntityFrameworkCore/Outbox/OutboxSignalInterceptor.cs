using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SkillSwap.EventBus.Outbox;

namespace SkillSwap.EventBus.EntityFrameworkCore.Outbox;

/// <summary>
/// Wakes the relay as soon as outbox rows are committed: after SaveChanges when no explicit transaction is open,
/// otherwise after that transaction commits (waking it earlier would find nothing to read).
/// </summary>
internal sealed class OutboxSignalInterceptor(IOutboxSignal signal) : DbTransactionInterceptor, ISaveChangesInterceptor
{
    private readonly ConditionalWeakTable<DbContext, object> _contextsWithUncommittedEvents = [];

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Track(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Track(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        NotifyIfCommitted(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        NotifyIfCommitted(eventData.Context);
        return result;
    }

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        NotifyIfTracked(eventData.Context);
        return Task.CompletedTask;
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => NotifyIfTracked(eventData.Context);

    private void Track(DbContext? context)
    {
        if (context is not null && context.ChangeTracker.Entries<OutboxRecord>().Any(entry => entry.State == EntityState.Added))
        {
            _contextsWithUncommittedEvents.AddOrUpdate(context, true);
        }
    }

    private void NotifyIfCommitted(DbContext? context)
    {
        if (context?.Database.CurrentTransaction is null)
        {
            NotifyIfTracked(context);
        }
    }

    private void NotifyIfTracked(DbContext? context)
    {
        if (context is not null && _contextsWithUncommittedEvents.Remove(context))
        {
            signal.Notify();
        }
    }
}
