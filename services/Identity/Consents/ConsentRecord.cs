namespace SkillSwap.Identity.Consents;

public enum ConsentKind
{
    TermsOfService,
    PrivacyPolicy,
    Marketing,
}

/// <summary>
/// One entry of the append-only consent history: what the user agreed to (or withdrew), which version of the
/// document, and when. The current state of a kind is its latest entry.
/// </summary>
public sealed class ConsentRecord
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid UserId { get; init; }
    public ConsentKind Kind { get; init; }

    /// <summary>The document version accepted; null for marketing, which has no document.</summary>
    public string? DocumentVersion { get; init; }

    public bool Granted { get; init; }
    public DateTimeOffset RecordedAt { get; init; }
}
