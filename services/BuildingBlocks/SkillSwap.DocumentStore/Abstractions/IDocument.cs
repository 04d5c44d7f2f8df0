namespace SkillSwap.DocumentStore;

/// <summary>
/// A document stored by the document store. <see cref="Id"/> is an opaque string chosen by the service
/// (deterministic ids are how services get uniqueness for free, e.g. "{sessionId}:{authorId}").
/// <see cref="Version"/> is owned by the store: 1 after insert, +1 after each replace, and checked on replace.
/// </summary>
public interface IDocument
{
    string Id { get; }

    long Version { get; set; }
}
