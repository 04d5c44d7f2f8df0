using SkillSwap.DocumentStore;

namespace SkillSwap.Chat.People;

/// <summary>
/// What Chat knows of a person, from Identity and Profiles' events: that the account exists (only existing people can
/// be contacted) and whom they blocked (a blocker receives nothing from the blocked person, and neither sees the
/// other's presence); and, their own choice, whether they hide their presence.
/// </summary>
public sealed class PersonDocument : IDocument
{
    public string Id { get; set; } = "";
    public long Version { get; set; }
    public Guid UserId { get; set; }
    public List<Guid> BlockedUserIds { get; set; } = [];

    /// <summary>
    /// The person turned presence sharing off: nobody sees them online or their last seen, and, as it is fair, they
    /// see nobody's.
    /// </summary>
    public bool HidesPresence { get; set; }

    public static string IdFor(Guid userId) => userId.ToString("N");

    public static PersonDocument New(Guid userId) => new() { Id = IdFor(userId), UserId = userId };
}

/// <summary>Block pairs among a set of people: (blocker, blocked).</summary>
public sealed class BlockList(IEnumerable<(Guid Blocker, Guid Blocked)> pairs)
{
    private readonly HashSet<(Guid Blocker, Guid Blocked)> _pairs = [.. pairs];

    public static async Task<BlockList> AmongAsync(IDocumentSession db, IReadOnlyCollection<Guid> userIds, CancellationToken cancellationToken = default)
    {
        var ids = userIds.Select(PersonDocument.IdFor).ToList();
        var people = await db.Query<PersonDocument>().Where(person => ids.Contains(person.Id)).ToListAsync(cancellationToken);
        return Among(people, userIds);
    }

    /// <summary>The blocks among <paramref name="userIds"/> that <paramref name="people"/> (loaded already) hold.</summary>
    public static BlockList Among(IEnumerable<PersonDocument> people, IReadOnlyCollection<Guid> userIds) =>
        new(people.SelectMany(person => person.BlockedUserIds.Where(userIds.Contains).Select(blocked => (person.UserId, blocked))));

    /// <summary>Whether <paramref name="recipient"/> blocked <paramref name="sender"/>: then nothing of the sender reaches them.</summary>
    public bool Blocks(Guid recipient, Guid sender) => _pairs.Contains((recipient, sender));

    public bool EitherWay(Guid one, Guid other) => Blocks(one, other) || Blocks(other, one);

    public void Set(Guid blocker, Guid blocked, bool isBlocked)
    {
        if (isBlocked)
        {
            _pairs.Add((blocker, blocked));
        }
        else
        {
            _pairs.Remove((blocker, blocked));
        }
    }
}
