namespace SkillSwap.Identity.Erasure;

public enum ErasureStatus
{
    /// <summary>Waiting for participants; the account still exists but can no longer sign in.</summary>
    Pending,

    /// <summary>The deadline passed before every participant answered. Identity's own data is deleted anyway.</summary>
    Overdue,

    /// <summary>Every participant answered and the account is deleted.</summary>
    Completed,
}

/// <summary>
/// The state of one erasure saga. It outlives the account on purpose: it holds no personal data (the user id is a
/// random identifier nobody can tie back to a person once the account is gone) and proves the request was honoured.
/// </summary>
public sealed class ErasureRequest
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid UserId { get; init; }
    public DateTimeOffset RequestedAt { get; init; }
    public DateTimeOffset Deadline { get; init; }
    public ErasureStatus Status { get; set; }
    public DateTimeOffset? AccountDeletedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public List<ErasureParticipant> Participants { get; init; } = [];

    /// <summary>PostgreSQL's xmin: two answers or an answer and the deadline sweep racing cannot lose an update.</summary>
    public uint Version { get; set; }

    public bool AllAnswered => Participants.TrueForAll(participant => participant.ErasedAt is not null);
}

/// <summary>A service expected to erase its part (its name as sent in <c>UserDataErased.Service</c>).</summary>
public sealed class ErasureParticipant
{
    public Guid ErasureRequestId { get; init; }
    public required string Service { get; init; }
    public DateTimeOffset? ErasedAt { get; set; }
}
