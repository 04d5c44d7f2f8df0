using SkillSwap.DocumentStore;

namespace SkillSwap.Chat.Conversations;

[GenerateSerializer, Alias("chat.conversation-kind")]
public enum ConversationKind
{
    /// <summary>Two people; opened when one contacts the other. Planned sessions between them are linked to it.</summary>
    Direct,

    /// <summary>Everyone in one session with several learners.</summary>
    Session,
}

/// <summary>
/// A conversation's membership and bookkeeping, written only by its <see cref="ConversationGrain"/>: membership at once,
/// the latest sequence and read markers at most once a second (a crash forgets at most that second of read receipts;
/// the sequence itself is recovered from the archive). The messages are <c>MessageDocument</c>s, not in here.
/// </summary>
public sealed class ConversationDocument : IDocument
{
    public string Id { get; set; } = "";
    public long Version { get; set; }
    public ConversationKind Kind { get; set; }
    public List<Guid> MemberIds { get; set; } = [];
    public List<Guid> SessionIds { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public long LastSequence { get; set; }
    public DateTimeOffset? LastMessageAt { get; set; }

    /// <summary>Sorts conversations by last activity (the creation time until the first message).</summary>
    public DateTimeOffset ActiveAt { get; set; }
    public List<ReadMarker> ReadMarkers { get; set; } = [];

    /// <summary>
    /// Members who joined a session conversation that already had messages: each reads only what came after the
    /// sequence recorded here (a seat bought and cancelled must not buy the group's earlier conversation). Absent: all.
    /// </summary>
    public List<ReadMarker> JoinedAfter { get; set; } = [];

    /// <summary>The members who have written in it at least once (saved with the bookkeeping).</summary>
    public List<Guid> WriterIds { get; set; } = [];

    /// <summary>When the membership of a session conversation was last set from Sessions (later lists win).</summary>
    public DateTimeOffset MembersAsOf { get; set; }

    /// <summary>A deep copy: changes are made on a copy and swapped in once stored, so a failed write leaves no trace.</summary>
    public ConversationDocument Copy() => new()
    {
        Id = Id,
        Version = Version,
        Kind = Kind,
        MemberIds = [.. MemberIds],
        SessionIds = [.. SessionIds],
        CreatedAt = CreatedAt,
        LastSequence = LastSequence,
        LastMessageAt = LastMessageAt,
        ActiveAt = ActiveAt,
        ReadMarkers = [.. ReadMarkers.Select(marker => new ReadMarker { UserId = marker.UserId, Sequence = marker.Sequence })],
        WriterIds = [.. WriterIds],
        JoinedAfter = [.. JoinedAfter.Select(joined => new ReadMarker { UserId = joined.UserId, Sequence = joined.Sequence })],
        MembersAsOf = MembersAsOf,
    };

    /// <summary>Takes over the bookkeeping <paramref name="live"/> advanced while this copy was being stored.</summary>
    public void CatchUpBookkeeping(ConversationDocument live)
    {
        if (live.LastSequence > LastSequence)
        {
            LastSequence = live.LastSequence;
            LastMessageAt = live.LastMessageAt;
            ActiveAt = live.ActiveAt;
        }
        WriterIds.AddRange(live.WriterIds.Where(writer => IsMember(writer) && !WriterIds.Contains(writer)));
        foreach (var marker in live.ReadMarkers.Where(marker => IsMember(marker.UserId) && marker.Sequence > ReadUpTo(marker.UserId)))
        {
            ReadMarkers.RemoveAll(mine => mine.UserId == marker.UserId);
            ReadMarkers.Add(new ReadMarker { UserId = marker.UserId, Sequence = marker.Sequence });
        }
    }

    public long ReadUpTo(Guid userId) => ReadMarkers.FirstOrDefault(marker => marker.UserId == userId)?.Sequence ?? 0;

    public bool IsMember(Guid userId) => MemberIds.Contains(userId);

    /// <summary>The last sequence <paramref name="userId"/> may not read: what was written before they joined (0: none).</summary>
    public long HistoryFloorOf(Guid userId) => JoinedAfter.FirstOrDefault(joined => joined.UserId == userId)?.Sequence ?? 0;

    /// <summary>
    /// Whether its members share presence: they share a confirmed session (a session conversation, or a direct one a
    /// session is linked to), or every member has written in it (the other replied).
    /// </summary>
    public bool SharesPresence() =>
        Kind == ConversationKind.Session || SessionIds.Count > 0 || MemberIds.TrueForAll(WriterIds.Contains);

    /// <summary>Records that <paramref name="userId"/> wrote here; true when that is new.</summary>
    public bool RecordWriter(Guid userId)
    {
        if (WriterIds.Contains(userId))
        {
            return false;
        }
        WriterIds.Add(userId);
        return true;
    }

    /// <summary>
    /// Moves <paramref name="userId"/>'s read marker up to <paramref name="sequence"/>, never past what was delivered
    /// and never back; returns where it stands and whether it moved.
    /// </summary>
    public (long ReadUpTo, bool Moved) AdvanceReadMarker(Guid userId, long sequence, long lastDelivered)
    {
        var marker = ReadMarkers.FirstOrDefault(marker => marker.UserId == userId);
        if (marker is null)
        {
            marker = new ReadMarker { UserId = userId };
            ReadMarkers.Add(marker);
        }
        var upTo = Math.Min(sequence, lastDelivered);
        if (upTo <= marker.Sequence)
        {
            return (marker.Sequence, false);
        }
        marker.Sequence = upTo;
        return (upTo, true);
    }

    /// <summary>Adds whoever is not a member yet; true when someone was.</summary>
    public bool AddMembers(IEnumerable<Guid> memberIds)
    {
        var added = memberIds.Distinct().Where(id => !IsMember(id)).ToList();
        MemberIds.AddRange(added);
        return added.Count > 0;
    }

    /// <summary>Links a planned session; true when it was not linked yet.</summary>
    public bool AddSession(Guid? sessionId)
    {
        if (sessionId is not { } id || SessionIds.Contains(id))
        {
            return false;
        }
        SessionIds.Add(id);
        return true;
    }

    /// <summary>
    /// A session conversation's members become the session's as of <paramref name="asOf"/> (an older list, delivered
    /// late, changes nothing: false). Who joins after <paramref name="lastSequence"/> messages reads from there on and
    /// has nothing unread before it; who left loses their markers.
    /// </summary>
    public bool SetSessionMembers(IReadOnlyList<Guid> memberIds, Guid sessionId, DateTimeOffset asOf, long lastSequence)
    {
        if (MembersAsOf >= asOf)
        {
            return false;
        }
        MembersAsOf = asOf;
        MemberIds.RemoveAll(member => !memberIds.Contains(member));
        ReadMarkers.RemoveAll(marker => !memberIds.Contains(marker.UserId));
        JoinedAfter.RemoveAll(joined => !memberIds.Contains(joined.UserId));
        if (lastSequence > 0)
        {
            foreach (var joining in memberIds.Distinct().Where(id => !IsMember(id)))
            {
                JoinedAfter.Add(new ReadMarker { UserId = joining, Sequence = lastSequence });
                ReadMarkers.Add(new ReadMarker { UserId = joining, Sequence = lastSequence });
            }
        }
        AddMembers(memberIds);
        AddSession(sessionId);
        return true;
    }

    /// <summary>What <paramref name="viewer"/> sees of it, counting unread messages up to <paramref name="lastDelivered"/>.</summary>
    public ConversationView ViewFor(Guid viewer, long lastDelivered)
    {
        var readUpTo = ReadUpTo(viewer);
        return new ConversationView(
            Id,
            Kind,
            [.. MemberIds],
            [.. SessionIds],
            CreatedAt,
            LastMessageAt,
            lastDelivered,
            readUpTo,
            Math.Max(0, lastDelivered - readUpTo),
            [.. ReadMarkers.Select(marker => new ReadReceipt(Id, marker.UserId, marker.Sequence))]);
    }

    /// <summary>The one direct conversation of two people, whoever opened it.</summary>
    public static string DirectIdFor(Guid one, Guid other)
    {
        var (low, high) = one.CompareTo(other) < 0 ? (one, other) : (other, one);
        return $"d-{low:N}-{high:N}";
    }

    public static string SessionIdFor(Guid sessionId) => $"s-{sessionId:N}";

    public static bool IsDirect(string conversationId) => conversationId.StartsWith("d-", StringComparison.Ordinal);
}

public sealed class ReadMarker
{
    public Guid UserId { get; set; }
    public long Sequence { get; set; }
}
