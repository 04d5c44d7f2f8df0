namespace SkillSwap.Payments.Erasure;

/// <summary>
/// The tombstone of an erased user: written in the transaction that anonymises the wallet, and kept so the erasure
/// stays in force. Sessions handles the same erasure independently, and events it published before (or while) it
/// erased its bookings still name the user; without the tombstone such an event would open a new wallet under the
/// erased id after Payments already answered <c>UserDataErased</c>. It holds the opaque id only, never linked to the
/// anonymised wallet, so it says nothing about the person.
/// </summary>
public sealed class ErasedUser
{
    public Guid UserId { get; set; }
    public DateTimeOffset ErasedAt { get; set; }
}
