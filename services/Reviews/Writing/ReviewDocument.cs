using SkillSwap.DocumentStore;

namespace SkillSwap.Reviews.Writing;

/// <summary>
/// One person's review of another after one session: unique per (session, author, reviewee) by its id. Hidden until
/// <see cref="Revealed"/> (both sides reviewed each other, or <see cref="RevealAt"/> passed). Texts are plain text.
/// </summary>
public sealed class ReviewDocument : IDocument
{
    public string Id { get; set; } = "";
    public long Version { get; set; }
    public Guid ReviewId { get; set; }
    public Guid SessionId { get; set; }

    /// <summary><see cref="Guid.Empty"/> once the author erased their account ("a former member").</summary>
    public Guid AuthorId { get; set; }
    public Guid RevieweeId { get; set; }
    public string SkillLabel { get; set; } = "";
    public int Rating { get; set; }
    public int? Clarity { get; set; }
    public int? Punctuality { get; set; }
    public int? Patience { get; set; }
    public string? Text { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? EditedAt { get; set; }
    public DateTimeOffset RevealAt { get; set; }
    public bool Revealed { get; set; }
    public DateTimeOffset? RevealedAt { get; set; }
    public ReviewReply? Reply { get; set; }

    /// <summary>When a moderator removed it: its text is gone, its stars no longer count, readers see why.</summary>
    public DateTimeOffset? RemovedAt { get; set; }

    /// <summary>
    /// Moderation removes the review: the text goes for good and, if it was shown, its stars leave the reviewee's rating
    /// (<paramref name="uncount"/> is called once). The reviewee's reply stays theirs. A second removal changes nothing.
    /// </summary>
    public async Task RemoveByModerationAsync(DateTimeOffset now, Func<Task> uncount)
    {
        if (RemovedAt is not null)
        {
            return;
        }
        Text = null;
        RemovedAt = now;
        if (Revealed)
        {
            await uncount();
        }
    }

    public static string IdFor(Guid sessionId, Guid authorId, Guid revieweeId) => $"{sessionId:N}:{authorId:N}:{revieweeId:N}";
}

public sealed record ReviewReply(string Text, DateTimeOffset RepliedAt);

/// <summary>
/// The two reviews two people may write each other after a session. Both writers change it, so two reviews written
/// at the same moment conflict on it and the second one sees the first: the pair is then revealed, never left blind.
/// </summary>
public sealed class ReviewExchangeDocument : IDocument
{
    public string Id { get; set; } = "";
    public long Version { get; set; }
    public Guid SessionId { get; set; }
    public List<Guid> Reviewed { get; set; } = [];

    public static string IdFor(Guid sessionId, Guid one, Guid other)
    {
        var (low, high) = one.CompareTo(other) < 0 ? (one, other) : (other, one);
        return $"{sessionId:N}:{low:N}:{high:N}";
    }
}
