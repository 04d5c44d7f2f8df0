namespace SkillSwap.Payments.Ledger;

public enum LedgerTransactionKind
{
    /// <summary>Welcome credits minted from the grants account.</summary>
    Grant,

    /// <summary>Learner's wallet → the booking's escrow.</summary>
    Hold,

    /// <summary>Escrow → teacher: the session took place.</summary>
    Release,

    /// <summary>Escrow → learner, in full: the booking was cancelled.</summary>
    Refund,

    /// <summary>Escrow → learner and teacher: the learner cancelled late, the teacher keeps a share.</summary>
    LateCancellation,

    /// <summary>Escrow → learner and/or teacher as a moderator settled a dispute.</summary>
    DisputeSettlement,
}

/// <summary>
/// One balanced movement of credits. <see cref="Id"/> is the operation's idempotency key (<c>grant:{walletId}</c>,
/// <c>hold:{bookingId}</c>, <c>release:{bookingId}</c>, <c>refund:{bookingId}</c>, <c>settle:{bookingId}</c>): posting
/// the same operation again is a no-op. Its entries sum to zero, checked in code and by a deferred constraint trigger
/// at commit.
/// </summary>
public sealed class LedgerTransaction
{
    public const int IdMaxLength = 64;

    public string Id { get; set; } = "";
    public LedgerTransactionKind Kind { get; set; }
    public Guid? BookingId { get; set; }
    public Guid? SessionId { get; set; }
    public DateTimeOffset OccurredAt { get; set; }

    public static string GrantId(Guid walletId) => $"grant:{walletId}";
    public static string HoldId(Guid bookingId) => $"hold:{bookingId}";
    public static string ReleaseId(Guid bookingId) => $"release:{bookingId}";
    public static string RefundId(Guid bookingId) => $"refund:{bookingId}";
    public static string SettlementId(Guid bookingId) => $"settle:{bookingId}";
}

/// <summary>
/// One side of a <see cref="LedgerTransaction"/>: a signed amount (positive credits the account). Append-only.
/// <see cref="Id"/> grows with commit order per account (each posting locks its accounts), and
/// <see cref="BalanceAfterMinutes"/> is the account's balance right after this entry, written by the database.
/// </summary>
public sealed class LedgerEntry
{
    public long Id { get; set; }
    public string TransactionId { get; set; } = "";
    public Guid AccountId { get; set; }
    public long AmountMinutes { get; set; }
    public long BalanceAfterMinutes { get; set; }
}
