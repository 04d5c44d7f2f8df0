using Microsoft.EntityFrameworkCore;
using SkillSwap.Payments.Infrastructure;

namespace SkillSwap.Payments.Ledger;

/// <summary>One side of a posting: credits <see cref="AmountMinutes"/> to the account (negative debits it).</summary>
public sealed record Posting(Guid AccountId, long AmountMinutes);

public enum PostingOutcome
{
    Posted,

    /// <summary>A transaction with this id exists already: nothing was changed (the operation is idempotent).</summary>
    AlreadyPosted,

    /// <summary>A wallet or escrow account would have gone negative: nothing was changed.</summary>
    InsufficientFunds,
}

/// <summary>
/// Writes the ledger. Every method runs inside the caller's database transaction (the event bus inbox's, for event
/// handlers), so a posting commits or rolls back with the escrow change and the events that go with it.
/// </summary>
public sealed class LedgerWriter(PaymentsDbContext db, TimeProvider time)
{
    /// <summary>
    /// The wallet of <paramref name="userId"/>, opened with a zero balance if it does not exist yet; null when the user
    /// was erased (<c>erased_users</c>): an erased id never gets a wallet again.
    /// </summary>
    /// <remarks>
    /// Takes the user's advisory lock in shared mode until the transaction ends; erasure takes it exclusively
    /// (<see cref="LockUserForErasureAsync"/>). So a wallet is either opened before the erasure, which then sees and
    /// anonymises it, or after it, when the tombstone refuses it; never in between. Shared, so holds of two users
    /// booking each other never wait for each other.
    /// </remarks>
    public async Task<Guid?> OpenWalletAsync(Guid userId, CancellationToken cancellationToken)
    {
        RequireTransaction();
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock_shared({UserLockKey(userId)})", cancellationToken);
        if (await db.ErasedUsers.AsNoTracking().AnyAsync(e => e.UserId == userId, cancellationToken))
        {
            return null;
        }
        // The usual case, an existing wallet, is a plain read: an INSERT … ON CONFLICT would wait for every transaction
        // in progress on that wallet (a popular teacher's, or the user's own holds), serialising unrelated bookings.
        if (await WalletIdAsync(userId, cancellationToken) is { } existing)
        {
            return existing;
        }
        var id = Guid.CreateVersion7();
        var now = time.GetUtcNow();
        // Two handlers opening the same wallet at once: the second waits for the first to commit, then does nothing.
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO accounts (id, kind, user_id, balance_minutes, created_at)
            VALUES ({id}, {nameof(AccountKind.Wallet)}, {userId}, 0, {now})
            ON CONFLICT (user_id) WHERE user_id IS NOT NULL DO NOTHING
            """, cancellationToken);
        return await WalletIdAsync(userId, cancellationToken) ?? throw new InvalidOperationException($"The wallet of {userId} was not opened.");
    }

    private async Task<Guid?> WalletIdAsync(Guid userId, CancellationToken cancellationToken) =>
        (await db.Database.SqlQuery<Guid>($"""SELECT id AS "Value" FROM accounts WHERE user_id = {userId}""").ToListAsync(cancellationToken))
            .Cast<Guid?>().SingleOrDefault();

    /// <summary>Waits until no transaction is opening a wallet of <paramref name="userId"/>, and keeps others from doing so until this one ends.</summary>
    public async Task LockUserForErasureAsync(Guid userId, CancellationToken cancellationToken)
    {
        RequireTransaction();
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({UserLockKey(userId)})", cancellationToken);
    }

    /// <summary>The advisory lock key of a user (a collision only makes two users wait for each other).</summary>
    private static long UserLockKey(Guid userId)
    {
        Span<byte> bytes = stackalloc byte[16];
        userId.TryWriteBytes(bytes);
        return BitConverter.ToInt64(bytes[..8]) ^ BitConverter.ToInt64(bytes[8..]);
    }

    /// <summary>The escrow account of <paramref name="bookingId"/>, opened if needed.</summary>
    public async Task<Guid> EnsureEscrowAccountAsync(Guid bookingId, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        var now = time.GetUtcNow();
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO accounts (id, kind, booking_id, balance_minutes, created_at)
            VALUES ({id}, {nameof(AccountKind.Escrow)}, {bookingId}, 0, {now})
            ON CONFLICT (booking_id) WHERE booking_id IS NOT NULL DO NOTHING
            """, cancellationToken);
        return (await db.Database.SqlQuery<Guid>($"""SELECT id AS "Value" FROM accounts WHERE booking_id = {bookingId}""")
            .ToListAsync(cancellationToken)).Single();
    }

    /// <summary>
    /// Locks the account until the transaction ends and returns its balance: no other posting can change it meanwhile,
    /// so a decision taken on this balance (enough credits for a hold?) still holds when the posting is written.
    /// </summary>
    /// <remarks>
    /// <c>FOR NO KEY UPDATE</c>, the lock the balance update takes anyway, not <c>FOR UPDATE</c>: rows referencing the
    /// account (an escrow, an entry) hold <c>KEY SHARE</c> locks on it until their transaction ends, which
    /// <c>FOR UPDATE</c> would wait for, so two holds of one learner would deadlock.
    /// </remarks>
    public async Task<long> LockBalanceAsync(Guid accountId, CancellationToken cancellationToken)
    {
        RequireTransaction();
        return (await db.Database.SqlQuery<long>($"""SELECT balance_minutes AS "Value" FROM accounts WHERE id = {accountId} FOR NO KEY UPDATE""")
            .ToListAsync(cancellationToken)).Single();
    }

    /// <summary>Whether the transaction with this idempotency key was posted (a posting answers it too; this only reads).</summary>
    public Task<bool> HasPostedAsync(string transactionId, CancellationToken cancellationToken) =>
        db.LedgerTransactions.AsNoTracking().AnyAsync(t => t.Id == transactionId, cancellationToken);

    /// <summary>
    /// Posts a balanced transaction under the idempotency key <paramref name="transactionId"/>. Locks every account
    /// involved (in id order, so two postings never wait for each other in a cycle), then: an existing transaction with
    /// this id → <see cref="PostingOutcome.AlreadyPosted"/>; a wallet or escrow account that would go negative →
    /// <see cref="PostingOutcome.InsufficientFunds"/>; otherwise the transaction and its entries are inserted and the
    /// database adds each entry to its account's balance. Entries that do not sum to zero are a programming error.
    /// </summary>
    public async Task<PostingOutcome> PostAsync(
        string transactionId,
        LedgerTransactionKind kind,
        Guid? bookingId,
        Guid? sessionId,
        IReadOnlyList<Posting> postings,
        CancellationToken cancellationToken)
    {
        Validate(transactionId, postings);
        RequireTransaction();

        var accountIds = postings.Select(p => p.AccountId).Order().ToArray();
        var accounts = await db.Accounts
            .FromSql($"SELECT * FROM accounts WHERE id = ANY({accountIds}) ORDER BY id FOR NO KEY UPDATE")
            .AsNoTracking()
            .ToDictionaryAsync(a => a.Id, cancellationToken);
        if (accounts.Count != accountIds.Length)
        {
            throw new InvalidOperationException(
                $"Ledger transaction {transactionId} names unknown accounts: {string.Join(", ", accountIds.Where(id => !accounts.ContainsKey(id)))}.");
        }

        // Every posting of one transaction id locks the same accounts, so a concurrent twin has committed by now.
        if (await db.LedgerTransactions.AsNoTracking().AnyAsync(t => t.Id == transactionId, cancellationToken))
        {
            return PostingOutcome.AlreadyPosted;
        }
        if (postings.Any(p => accounts[p.AccountId].Kind != AccountKind.System && accounts[p.AccountId].BalanceMinutes + p.AmountMinutes < 0))
        {
            return PostingOutcome.InsufficientFunds;
        }

        var inserted = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO ledger_transactions (id, kind, booking_id, session_id, occurred_at)
            VALUES ({transactionId}, {kind.ToString()}, {bookingId}, {sessionId}, {time.GetUtcNow()})
            ON CONFLICT (id) DO NOTHING
            """, cancellationToken);
        if (inserted == 0)
        {
            return PostingOutcome.AlreadyPosted;
        }

        // balance_after_minutes and the accounts' balances are written by the trigger ledger_apply_entry.
        var entryAccounts = postings.Select(p => p.AccountId).ToArray();
        var entryAmounts = postings.Select(p => p.AmountMinutes).ToArray();
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO ledger_entries (transaction_id, account_id, amount_minutes)
            SELECT {transactionId}, posting.account_id, posting.amount_minutes
            FROM unnest({entryAccounts}, {entryAmounts}) AS posting(account_id, amount_minutes)
            ORDER BY posting.account_id
            """, cancellationToken);
        return PostingOutcome.Posted;
    }

    /// <summary>The rules a transaction must follow before it reaches the database (which checks the sum again at commit).</summary>
    public static void Validate(string transactionId, IReadOnlyList<Posting> postings)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(transactionId);
        if (transactionId.Length > LedgerTransaction.IdMaxLength)
        {
            throw new ArgumentException($"Ledger transaction ids are at most {LedgerTransaction.IdMaxLength} characters.", nameof(transactionId));
        }
        if (postings.Count < 2)
        {
            throw new ArgumentException($"Ledger transaction {transactionId} needs at least two entries.", nameof(postings));
        }
        if (postings.Any(p => p.AmountMinutes == 0))
        {
            throw new ArgumentException($"Ledger transaction {transactionId} has an entry of zero.", nameof(postings));
        }
        if (postings.Select(p => p.AccountId).Distinct().Count() != postings.Count)
        {
            throw new ArgumentException($"Ledger transaction {transactionId} names an account twice.", nameof(postings));
        }
        var sum = postings.Sum(p => p.AmountMinutes);
        if (sum != 0)
        {
            throw new ArgumentException($"Ledger transaction {transactionId} is unbalanced: its entries sum to {sum}.", nameof(postings));
        }
    }

    private void RequireTransaction()
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Ledger writes run inside the caller's database transaction.");
        }
    }
}
