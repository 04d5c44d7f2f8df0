namespace SkillSwap.Administration.Erasure;

/// <summary>
/// The tombstone of an erased person: written in the transaction that forgets them, and kept so the erasure stays in
/// force. Measured events and reports published before (or while) other services erased them still name them, and the
/// history queue is not ordered against the service's own queue: without the tombstone such an event would bring their
/// id back after Administration answered <c>UserDataErased</c>. It holds the opaque id only, linked to nothing.
/// </summary>
public sealed class ErasedUser
{
    public Guid UserId { get; set; }
    public DateTimeOffset ErasedAt { get; set; }
}
