using SkillSwap.DocumentStore;
using SkillSwap.EventBus;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.Reviews.Blocking;

/// <summary>Whom one person blocked (Profiles' events): between them, neither reads the other's reviews.</summary>
public sealed class BlocksDocument : IDocument
{
    public string Id { get; set; } = "";
    public long Version { get; set; }
    public Guid BlockerId { get; set; }
    public List<Guid> BlockedIds { get; set; } = [];

    public static string IdFor(Guid blockerId) => blockerId.ToString("N");

    /// <summary>Whether either of the two blocked the other.</summary>
    public static async Task<bool> EitherWayAsync(IDocumentSession db, Guid one, Guid other, CancellationToken cancellationToken)
    {
        var ids = new[] { IdFor(one), IdFor(other) };
        var blocks = await db.Query<BlocksDocument>().Where(document => ids.Contains(document.Id)).ToListAsync(cancellationToken);
        return blocks.Any(document => document.BlockedIds.Contains(document.BlockerId == one ? other : one));
    }
}

/// <summary>Keeps <see cref="BlocksDocument"/> in step with Profiles; each event carries its whole change, so replays are harmless.</summary>
public sealed class BlockEvents(IDocumentSession db) : IIntegrationEventHandler<UserBlocked>, IIntegrationEventHandler<UserUnblocked>
{
    public Task HandleAsync(UserBlocked integrationEvent, CancellationToken cancellationToken) =>
        SetAsync(integrationEvent.BlockerId, integrationEvent.BlockedId, blocked: true, cancellationToken);

    public Task HandleAsync(UserUnblocked integrationEvent, CancellationToken cancellationToken) =>
        SetAsync(integrationEvent.BlockerId, integrationEvent.BlockedId, blocked: false, cancellationToken);

    private async Task SetAsync(Guid blockerId, Guid blockedId, bool blocked, CancellationToken cancellationToken)
    {
        if (await db.IsErasedAsync(blockerId, cancellationToken))
        {
            return;
        }
        var document = await db.LoadAsync<BlocksDocument>(BlocksDocument.IdFor(blockerId), cancellationToken);
        if (document is null)
        {
            document = new BlocksDocument { Id = BlocksDocument.IdFor(blockerId), BlockerId = blockerId };
            db.Insert(document);
        }
        else
        {
            db.Replace(document);
        }
        document.BlockedIds.Remove(blockedId);
        if (blocked)
        {
            document.BlockedIds.Add(blockedId);
        }
    }
}
