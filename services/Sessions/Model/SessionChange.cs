using SkillSwap.DocumentStore;
using SkillSwap.IntegrationEvents;
using SkillSwap.Sessions.Reliability;

namespace SkillSwap.Sessions.Model;

/// <summary>
/// One change to one session, by <see cref="CallerId"/> at <see cref="Now"/>: what the domain operations receive.
/// Everything they stage (calendar claims, events, reliability records) is committed with the session or not at all.
/// </summary>
public sealed class SessionChange(SessionDocument session, Guid callerId, DateTimeOffset now, SessionsOptions options, IDocumentSession db)
{
    private readonly Dictionary<Guid, ReliabilityDocument> _reliability = [];

    public SessionDocument Session { get; } = session;
    public Guid CallerId { get; } = callerId;
    public DateTimeOffset Now { get; } = now;
    public SessionsOptions Options { get; } = options;
    public IDocumentSession Db { get; } = db;

    public SessionRole? CallerRole => Session.RoleOf(CallerId);

    /// <summary>People whose first reliability record this change inserts (two changes may race to create it).</summary>
    public IEnumerable<Guid> NewReliabilityRecords => _reliability.Values.Where(record => record.Version == 0).Select(record => record.UserId);

    public void Publish(IntegrationEvent integrationEvent) => Db.PublishOnCommit(integrationEvent);

    public void Publish(IEnumerable<IntegrationEvent> integrationEvents)
    {
        foreach (var integrationEvent in integrationEvents)
        {
            Publish(integrationEvent);
        }
    }

    /// <summary>Counts towards a participant's reliability record and announces the new figures.</summary>
    public async Task RecordReliabilityAsync(Guid userId, Action<ReliabilityDocument> record, CancellationToken cancellationToken)
    {
        if (userId == Guid.Empty)
        {
            // An erased participant ("a former member") has no record any more.
            return;
        }
        if (!_reliability.TryGetValue(userId, out var reliability))
        {
            var stored = await Db.LoadAsync<ReliabilityDocument>(ReliabilityDocument.IdFor(userId), cancellationToken);
            reliability = stored ?? new ReliabilityDocument { Id = ReliabilityDocument.IdFor(userId), UserId = userId };
            _reliability[userId] = reliability;
            if (stored is null)
            {
                record(reliability);
                Db.Insert(reliability);
                return;
            }
            Db.Replace(reliability);
        }
        record(reliability);
    }

    /// <summary>Stages the reliability announcements; called once when the change is complete.</summary>
    public void PublishReliability()
    {
        foreach (var reliability in _reliability.Values)
        {
            Publish(new UserReliabilityChanged(reliability.UserId, reliability.CompletedSessions, reliability.LateCancellations, reliability.NoShows));
        }
    }
}
