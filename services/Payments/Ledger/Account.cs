namespace SkillSwap.Payments.Ledger;

public enum AccountKind
{
    /// <summary>A user's time credits. Never negative.</summary>
    Wallet,

    /// <summary>The credits held for one booking, between the hold and the release, refund or settlement. Never negative.</summary>
    Escrow,

    /// <summary>The platform's own accounts (<see cref="Account.GrantsId"/>, <see cref="Account.ErasedPartyId"/>); may go negative.</summary>
    System,
}

/// <summary>
/// An account of the double-entry ledger. <see cref="BalanceMinutes"/> is materialised: the database adds each entry to
/// it as the entry is inserted (trigger <c>ledger_apply_entry</c>) and refuses any other change of it, so it always
/// equals the sum of the account's entries. User ids live only in <see cref="UserId"/>, which erasure clears.
/// </summary>
public sealed class Account
{
    /// <summary>The source of every minted credit (welcome grants): its balance is minus the credits in circulation.</summary>
    public static readonly Guid GrantsId = new("00000000-0000-0000-0000-0000000000a1");

    public const string GrantsName = "grants";

    /// <summary>
    /// Stands in for a party who was already erased (or whose id Sessions had replaced by <see cref="Guid.Empty"/>) when
    /// Payments first heard of the booking: it only ever appears in escrows that hold nothing (a cancellation before
    /// any hold), because a hold for an erased party is refused. Its balance stays 0.
    /// </summary>
    public static readonly Guid ErasedPartyId = new("00000000-0000-0000-0000-0000000000a2");

    public const string ErasedPartyName = "erased-party";

    public Guid Id { get; set; }
    public AccountKind Kind { get; set; }

    /// <summary>The owner of a wallet; null for other accounts and for wallets anonymised by erasure.</summary>
    public Guid? UserId { get; set; }

    /// <summary>The booking of an escrow account.</summary>
    public Guid? BookingId { get; set; }

    /// <summary>The name of a system account.</summary>
    public string? Name { get; set; }

    public long BalanceMinutes { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When erasure detached the wallet from its owner.</summary>
    public DateTimeOffset? AnonymisedAt { get; set; }
}
