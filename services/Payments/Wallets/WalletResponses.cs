using SkillSwap.Payments.Escrow;
using SkillSwap.Payments.Ledger;

namespace SkillSwap.Payments.Wallets;

/// <summary>
/// The caller's wallet. Amounts in credit-minutes and in credits (1 credit = 60 minutes, 2 decimals).
/// <paramref name="CreatedAt"/> is null while the wallet does not exist yet (the welcome grant is still on its way).
/// </summary>
/// <param name="HeldMinutes">In escrow for bookings where the caller learns (held or frozen by a dispute).</param>
/// <param name="IncomingMinutes">In escrow for bookings where the caller teaches: paid when the sessions take place.</param>
public sealed record WalletResponse(
    long BalanceMinutes,
    decimal BalanceCredits,
    long HeldMinutes,
    decimal HeldCredits,
    long IncomingMinutes,
    decimal IncomingCredits,
    DateTimeOffset? CreatedAt);

/// <summary>One movement of the caller's wallet, newest first in a statement.</summary>
/// <param name="AmountMinutes">Signed: positive credits the wallet.</param>
/// <param name="BalanceAfterMinutes">The wallet's balance right after this movement.</param>
public sealed record StatementEntryResponse(
    string Id,
    string Kind,
    long AmountMinutes,
    decimal AmountCredits,
    long BalanceAfterMinutes,
    decimal BalanceAfterCredits,
    Guid? BookingId,
    Guid? SessionId,
    DateTimeOffset OccurredAt);

/// <param name="NextCursor">Pass as <c>cursor</c> to read older entries; null on the last page.</param>
public sealed record StatementResponse(IReadOnlyList<StatementEntryResponse> Items, string? NextCursor);

/// <summary>A booking's escrow as one of its parties sees it.</summary>
/// <param name="Role">"learner" or "teacher": the caller's side of the booking.</param>
/// <param name="Status">held, released, refunded, partially-refunded, frozen, closed-without-hold or rejected.</param>
/// <param name="AmountMinutes">What the booking costs (held unless the hold was rejected or the booking closed before it).</param>
/// <param name="HeldMinutes">Still in escrow now.</param>
public sealed record EscrowResponse(
    Guid BookingId,
    Guid SessionId,
    string Role,
    string Status,
    int AmountMinutes,
    decimal AmountCredits,
    int HeldMinutes,
    int RefundedMinutes,
    int ReleasedMinutes,
    string? CancellationReason,
    bool LateCancellation,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static EscrowResponse From(BookingEscrow escrow, string role) => new(
        escrow.BookingId,
        escrow.SessionId,
        role,
        WireNames.Of(escrow.Status),
        escrow.AmountMinutes,
        Credits.FromMinutes(escrow.AmountMinutes),
        escrow.IsOpen ? escrow.AmountMinutes : 0,
        escrow.RefundedMinutes,
        escrow.ReleasedMinutes,
        escrow.CancellationReason is { } reason ? WireNames.Of(reason) : null,
        escrow.LateCancellation,
        escrow.CreatedAt,
        escrow.UpdatedAt);
}
