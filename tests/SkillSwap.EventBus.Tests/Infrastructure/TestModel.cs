using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using SkillSwap.EventBus;
using SkillSwap.EventBus.EntityFrameworkCore;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.EventBus.Tests.Infrastructure;

/// <summary>
/// What the handler does with the event: succeed, fail a number of times first, or always fail. <paramref name="Secret"/>
/// stands for a link token: it must never reach the dead-letter queue.
/// </summary>
[CarriesSensitiveData(nameof(Secret))]
public sealed record SampleHappened(int Number, int FailuresBeforeSuccess = 0, bool AlwaysFail = false, string? Secret = null) : IntegrationEvent;

/// <summary>The change the publishing service commits together with its event.</summary>
public sealed class DomainRow
{
    public Guid Id { get; set; }
    public int Number { get; set; }
}

/// <summary>The consumer's change, keyed by event id: a second commit for one event would violate the key.</summary>
public sealed class HandledEvent
{
    public Guid EventId { get; set; }
    public int Number { get; set; }
}

public sealed class TestDbContext(DbContextOptions<TestDbContext> options) : DbContext(options)
{
    public DbSet<DomainRow> DomainRows => Set<DomainRow>();
    public DbSet<HandledEvent> HandledEvents => Set<HandledEvent>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddEventBusTables();
        modelBuilder.Entity<DomainRow>().ToTable("domain_rows").HasKey(r => r.Id);
        modelBuilder.Entity<HandledEvent>().ToTable("handled_events").HasKey(r => r.EventId);
        modelBuilder.Entity<HandledEvent>().Property(r => r.EventId).ValueGeneratedNever();
    }
}

/// <summary>Everything the tests observe from inside the consuming service, shared as a singleton.</summary>
public sealed class HandlerLog
{
    public ConcurrentDictionary<Guid, int> Attempts { get; } = new();

    /// <summary>When each attempt started (<see cref="System.Diagnostics.Stopwatch"/> timestamps), in order.</summary>
    public ConcurrentDictionary<Guid, ConcurrentQueue<long>> AttemptTimes { get; } = new();
    public ConcurrentDictionary<Guid, int> Completions { get; } = new();
    public ConcurrentDictionary<Guid, System.Diagnostics.Activity?> Activities { get; } = new();
    private int _duplicates;

    public int Duplicates => Volatile.Read(ref _duplicates);

    public void RecordDuplicate() => Interlocked.Increment(ref _duplicates);
}

public sealed class RecordingHandler(TestDbContext dbContext, HandlerLog log) : IIntegrationEventHandler<SampleHappened>
{
    public async Task HandleAsync(SampleHappened integrationEvent, CancellationToken cancellationToken)
    {
        log.AttemptTimes.GetOrAdd(integrationEvent.Id, _ => new ConcurrentQueue<long>()).Enqueue(System.Diagnostics.Stopwatch.GetTimestamp());
        var attempt = log.Attempts.AddOrUpdate(integrationEvent.Id, 1, (_, previous) => previous + 1);
        log.Activities[integrationEvent.Id] = System.Diagnostics.Activity.Current;
        if (integrationEvent.AlwaysFail || attempt <= integrationEvent.FailuresBeforeSuccess)
        {
            throw new InvalidOperationException($"planned failure of event {integrationEvent.Number}, attempt {attempt}");
        }
        dbContext.HandledEvents.Add(new HandledEvent { EventId = integrationEvent.Id, Number = integrationEvent.Number });
        await dbContext.SaveChangesAsync(cancellationToken);
        log.Completions.AddOrUpdate(integrationEvent.Id, 1, (_, previous) => previous + 1);
    }
}

/// <summary>Records a measured event (taken from the history queue by a reader of it).</summary>
public sealed class RecordingMeasuredHandler(HandlerLog log) : IIntegrationEventHandler<NpsAnswered>
{
    public Task HandleAsync(NpsAnswered integrationEvent, CancellationToken cancellationToken)
    {
        log.Completions.AddOrUpdate(integrationEvent.Id, 1, (_, previous) => previous + 1);
        return Task.CompletedTask;
    }
}

/// <summary>Counts the deliveries the inbox recognised as already handled.</summary>
public sealed class CountingInboxStore(IInboxStore inner, HandlerLog log) : IInboxStore
{
    public async Task<bool> HandleOnceAsync(Guid eventId, string consumer, Func<CancellationToken, Task> handle, CancellationToken cancellationToken)
    {
        var handled = await inner.HandleOnceAsync(eventId, consumer, handle, cancellationToken);
        if (!handled)
        {
            log.RecordDuplicate();
        }
        return handled;
    }

    public Task DeleteHandledAsync(DateTimeOffset handledBefore, CancellationToken cancellationToken) =>
        inner.DeleteHandledAsync(handledBefore, cancellationToken);
}
