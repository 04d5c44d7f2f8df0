namespace SkillSwap.DocumentStore.Tests;

public enum LessonStatus
{
    Requested,
    Planned,
    Completed,
}

public sealed record Participant(Guid UserId, string Role);

/// <summary>A session-like document exercising every field type the social services store.</summary>
public sealed class LessonDocument : IDocument
{
    public string Id { get; init; } = "";

    public long Version { get; set; }

    /// <summary>Isolates one test's documents from the others' in the shared database.</summary>
    public Guid Batch { get; set; }

    public string Title { get; set; } = "";

    public DateTimeOffset StartsAt { get; set; }

    public LessonStatus Status { get; set; }

    public List<string> Tags { get; set; } = [];

    public List<Participant> Participants { get; set; } = [];

    public int Credits { get; set; }

    /// <summary>State only the document's own method changes, as a session's status is: the stores must write it back when reading.</summary>
    public string? CancellationReason { get; private set; }

    public List<Participant> Removed { get; private set; } = [];

    public void Cancel(string reason)
    {
        CancellationReason = reason;
        Removed = [.. Participants];
    }
}

/// <summary>A review-like document: one per (session, author), enforced by a unique index.</summary>
public sealed class RatingDocument : IDocument
{
    public string Id { get; init; } = "";

    public long Version { get; set; }

    public string SessionId { get; init; } = "";

    public Guid AuthorId { get; init; }

    public int Stars { get; set; }
}

public static class TestDocuments
{
    public static DocumentStoreOptions Options() => new DocumentStoreOptions()
        .Document<LessonDocument>(lesson => lesson
            .Collection("lessons")
            .Index(x => x.Status, x => x.StartsAt))
        .Document<RatingDocument>(rating => rating
            .Collection("ratings")
            .WithDurability(WriteDurability.Majority)
            .UniqueIndex(x => x.SessionId, x => x.AuthorId));
}
