namespace SkillSwap.DocumentStore;

/// <summary>A replace found a different version than the one the document was loaded with: someone else wrote first.</summary>
public sealed class DocumentConcurrencyException(Type documentType, string id, Exception? innerException = null)
    : Exception($"{documentType.Name} '{id}' was changed by someone else; reload it and try again.", innerException)
{
    public Type DocumentType { get; } = documentType;

    public string Id { get; } = id;
}

/// <summary>A write collided with an existing id or unique-index key. Same exception on every provider.</summary>
public sealed class DuplicateDocumentException(string message, Exception? innerException = null)
    : Exception(message, innerException);
