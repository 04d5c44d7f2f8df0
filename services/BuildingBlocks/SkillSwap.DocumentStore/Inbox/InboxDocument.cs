using System.Linq.Expressions;

namespace SkillSwap.DocumentStore.Inbox;

/// <summary>Records that one consumer handled one event. The id is deterministic, so a second record is a duplicate key.</summary>
public sealed class InboxDocument : IDocument
{
    public string Id { get; init; } = "";

    public long Version { get; set; }

    public Guid EventId { get; init; }

    public string Consumer { get; init; } = "";

    public DateTimeOffset HandledAt { get; init; }

    public static string IdFor(Guid eventId, string consumer) => $"{consumer}:{eventId:D}";
}

internal static class InboxQueries
{
    public static IQueryable<InboxDocument> Handled(IQueryable<InboxDocument> inbox, string id) =>
        inbox.Where(record => record.Id == id);

    public static Expression<Func<InboxDocument, bool>> HandledBefore(DateTimeOffset cutoff) =>
        record => record.HandledAt < cutoff;
}
