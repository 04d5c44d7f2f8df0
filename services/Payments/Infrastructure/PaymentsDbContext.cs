using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using SkillSwap.EventBus.EntityFrameworkCore;
using SkillSwap.Payments.Erasure;
using SkillSwap.Payments.Escrow;
using SkillSwap.Payments.Ledger;
using SkillSwap.Payments.Wallets;

namespace SkillSwap.Payments.Infrastructure;

/// <summary>
/// The ledger (accounts, transactions, entries), the escrows of bookings, and the event bus's outbox and inbox, in one
/// PostgreSQL database so a money movement, its escrow state and the events it raises commit together. The rules the
/// database enforces by itself (sum zero per transaction, balances maintained from entries, append-only entries) are
/// SQL written in the migration <c>InitialCreate</c>; the CHECK constraints are declared here.
/// </summary>
public sealed class PaymentsDbContext(DbContextOptions<PaymentsDbContext> options) : DbContext(options)
{
    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<LedgerTransaction> LedgerTransactions => Set<LedgerTransaction>();
    public DbSet<LedgerEntry> LedgerEntries => Set<LedgerEntry>();
    public DbSet<BookingEscrow> Escrows => Set<BookingEscrow>();
    public DbSet<ErasedUser> ErasedUsers => Set<ErasedUser>();
    public DbSet<GrantClaim> GrantClaims => Set<GrantClaim>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Account>(account =>
        {
            account.ToTable("accounts", table =>
            {
                table.HasCheckConstraint("ck_accounts_balance_non_negative", "kind = 'System' OR balance_minutes >= 0");
                table.HasCheckConstraint("ck_accounts_shape",
                    "(kind = 'Wallet' AND booking_id IS NULL AND name IS NULL)"
                    + " OR (kind = 'Escrow' AND booking_id IS NOT NULL AND user_id IS NULL AND name IS NULL)"
                    + " OR (kind = 'System' AND name IS NOT NULL AND user_id IS NULL AND booking_id IS NULL)");
            });
            account.Property(a => a.Id).ValueGeneratedNever();
            account.Property(a => a.Kind).HasConversion<string>().HasMaxLength(16);
            account.Property(a => a.Name).HasMaxLength(32);
            // Only the ledger trigger changes it; EF never writes it back.
            account.Property(a => a.BalanceMinutes).Metadata.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);
            account.HasIndex(a => a.UserId).IsUnique().HasFilter("user_id IS NOT NULL");
            account.HasIndex(a => a.BookingId).IsUnique().HasFilter("booking_id IS NOT NULL");
            account.HasIndex(a => a.Name).IsUnique().HasFilter("name IS NOT NULL");
            account.HasData(new Account
            {
                Id = Account.GrantsId,
                Kind = AccountKind.System,
                Name = Account.GrantsName,
                BalanceMinutes = 0,
                CreatedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
            },
            new Account
            {
                Id = Account.ErasedPartyId,
                Kind = AccountKind.System,
                Name = Account.ErasedPartyName,
                BalanceMinutes = 0,
                CreatedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
            });
        });

        // Linked to nothing: the claim must outlive the account (and its erasure) to refuse a second grant.
        modelBuilder.Entity<GrantClaim>(claim =>
        {
            claim.ToTable("grant_claims");
            claim.HasKey(c => c.AddressKey);
            claim.HasIndex(c => c.GrantedAt);
        });

        modelBuilder.Entity<ErasedUser>(erased =>
        {
            erased.ToTable("erased_users");
            erased.HasKey(e => e.UserId);
            erased.Property(e => e.UserId).ValueGeneratedNever();
        });

        modelBuilder.Entity<LedgerTransaction>(transaction =>
        {
            transaction.ToTable("ledger_transactions");
            transaction.Property(t => t.Id).HasMaxLength(LedgerTransaction.IdMaxLength);
            transaction.Property(t => t.Kind).HasConversion<string>().HasMaxLength(32);
            transaction.HasIndex(t => t.BookingId);
        });

        modelBuilder.Entity<LedgerEntry>(entry =>
        {
            entry.ToTable("ledger_entries", table => table.HasCheckConstraint("ck_ledger_entries_amount_non_zero", "amount_minutes <> 0"));
            entry.Property(e => e.Id).UseIdentityAlwaysColumn();
            entry.Property(e => e.TransactionId).HasMaxLength(LedgerTransaction.IdMaxLength);
            entry.HasOne<LedgerTransaction>().WithMany().HasForeignKey(e => e.TransactionId).OnDelete(DeleteBehavior.Restrict);
            entry.HasOne<Account>().WithMany().HasForeignKey(e => e.AccountId).OnDelete(DeleteBehavior.Restrict);
            entry.HasIndex(e => new { e.TransactionId, e.AccountId }).IsUnique();
            // The statement's query: an account's entries, newest first.
            entry.HasIndex(e => new { e.AccountId, e.Id });
        });

        modelBuilder.Entity<BookingEscrow>(escrow =>
        {
            escrow.ToTable("escrows", table =>
            {
                table.HasCheckConstraint("ck_escrows_amounts",
                    "amount_minutes >= 0 AND refunded_minutes >= 0 AND released_minutes >= 0"
                    + " AND refunded_minutes + released_minutes <= amount_minutes");
            });
            escrow.HasKey(e => e.BookingId);
            escrow.Property(e => e.BookingId).ValueGeneratedNever();
            escrow.Property(e => e.Status).HasConversion<string>().HasMaxLength(24);
            escrow.Property(e => e.CancellationReason).HasConversion<string>().HasMaxLength(24);
            escrow.Ignore(e => e.IsOpen);
            escrow.HasOne<Account>().WithMany().HasForeignKey(e => e.LearnerAccountId).OnDelete(DeleteBehavior.Restrict);
            escrow.HasOne<Account>().WithMany().HasForeignKey(e => e.TeacherAccountId).OnDelete(DeleteBehavior.Restrict);
            escrow.HasOne<Account>().WithMany().HasForeignKey(e => e.EscrowAccountId).OnDelete(DeleteBehavior.Restrict);
            // The wallet's held and incoming sums.
            escrow.HasIndex(e => new { e.LearnerAccountId, e.Status });
            escrow.HasIndex(e => new { e.TeacherAccountId, e.Status });
        });

        modelBuilder.AddEventBusTables();
        modelBuilder.UseSnakeCaseColumns();
    }
}
