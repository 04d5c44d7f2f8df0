using System.Linq.Expressions;
using SkillSwap.EventBus.Outbox;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.DocumentStore.Outbox;

/// <summary>
/// The session services get from DI: after a commit that wrote events it wakes the outbox relay, so events leave
/// within milliseconds instead of at the relay's next poll (the EF Core services get the same from an interceptor).
/// </summary>
internal sealed class OutboxSignallingSession(IDocumentSession inner, IOutboxSignal signal) : IDocumentSession
{
    private bool _eventsStaged;

    public Task<T?> LoadAsync<T>(string id, CancellationToken cancellationToken = default) where T : class, IDocument =>
        inner.LoadAsync<T>(id, cancellationToken);

    public IQueryable<T> Query<T>(DocumentReadMode readMode = DocumentReadMode.Primary) where T : class, IDocument => inner.Query<T>(readMode);

    public void Insert<T>(T document) where T : class, IDocument => inner.Insert(document);

    public void Replace<T>(T document) where T : class, IDocument => inner.Replace(document);

    public void Delete<T>(string id) where T : class, IDocument => inner.Delete<T>(id);

    public void DeleteWhere<T>(Expression<Func<T, bool>> predicate) where T : class, IDocument => inner.DeleteWhere(predicate);

    public void PublishOnCommit(IntegrationEvent integrationEvent)
    {
        inner.PublishOnCommit(integrationEvent);
        _eventsStaged = true;
    }

    public void ClearPendingChanges()
    {
        inner.ClearPendingChanges();
        _eventsStaged = false;
    }

    public async Task SaveChangesAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await inner.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            // A failed commit drops its staged writes, events included.
            _eventsStaged = false;
            throw;
        }
        if (_eventsStaged)
        {
            _eventsStaged = false;
            signal.Notify();
        }
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
