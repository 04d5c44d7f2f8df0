using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using SkillSwap.EventBus.EntityFrameworkCore;
using SkillSwap.Identity.Accounts;
using SkillSwap.Identity.Consents;
using SkillSwap.Identity.Erasure;
using SkillSwap.Identity.Keys;
using SkillSwap.Identity.Login;
using SkillSwap.Identity.MailedLinks;
using SkillSwap.Identity.OneTimeTokens;
using SkillSwap.Identity.Tokens;

namespace SkillSwap.Identity.Infrastructure;

public sealed class IdentityDbContext(DbContextOptions<IdentityDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<User> Users => Set<User>();
    public DbSet<ConsentRecord> Consents => Set<ConsentRecord>();
    public DbSet<OneTimeToken> OneTimeTokens => Set<OneTimeToken>();
    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();
    public DbSet<LoginThrottle> LoginThrottles => Set<LoginThrottle>();
    public DbSet<SigningKey> SigningKeys => Set<SigningKey>();
    public DbSet<ErasureRequest> ErasureRequests => Set<ErasureRequest>();
    public DbSet<LinkRequest> LinkRequests => Set<LinkRequest>();

    /// <summary>The Data Protection key ring, shared by every replica so any of them can decrypt the signing keys.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<User>(user =>
        {
            user.ToTable("users");
            user.Property(u => u.Email).HasMaxLength(EmailAddress.MaxLength);
            user.HasIndex(u => u.Email).IsUnique();
            user.Property(u => u.PasswordHash).HasMaxLength(100);
            user.Property(u => u.DisplayName).HasMaxLength(SignUp.SignUpRequest.DisplayNameMaxLength);
            user.Property(u => u.Locale).HasMaxLength(8);
            user.Property(u => u.Role).HasMaxLength(16);
            user.Property(u => u.SanctionKind).HasMaxLength(16);
        });

        modelBuilder.Entity<ConsentRecord>(consent =>
        {
            consent.ToTable("consents");
            consent.Property(c => c.Kind).HasConversion<string>().HasMaxLength(32);
            consent.Property(c => c.DocumentVersion).HasMaxLength(32);
            consent.HasIndex(c => new { c.UserId, c.Kind, c.RecordedAt });
            consent.HasOne<User>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<OneTimeToken>(token =>
        {
            token.ToTable("one_time_tokens");
            token.Property(t => t.Purpose).HasConversion<string>().HasMaxLength(32);
            token.Property(t => t.SignUpPasswordHash).HasMaxLength(100);
            token.HasIndex(t => t.TokenHash).IsUnique();
            token.HasIndex(t => new { t.UserId, t.Purpose });
            token.Property(t => t.Version).IsRowVersion().HasColumnName("xmin");
            token.HasOne<User>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<RefreshToken>(token =>
        {
            token.ToTable("refresh_tokens");
            token.HasIndex(t => t.TokenHash).IsUnique();
            token.HasIndex(t => t.FamilyId);
            token.HasIndex(t => t.UserId);
            token.Property(t => t.RevocationReason).HasMaxLength(32);
            token.HasOne<User>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<LoginThrottle>(throttle =>
        {
            throttle.ToTable("login_throttles");
            throttle.HasKey(t => t.EmailHash);
        });

        modelBuilder.Entity<SigningKey>(key =>
        {
            key.ToTable("signing_keys");
            key.Property(k => k.Id).HasMaxLength(64);
            key.HasIndex(k => k.ActivatesAt);
        });

        // No foreign key to users: the request must outlive the account it erases.
        modelBuilder.Entity<ErasureRequest>(request =>
        {
            request.ToTable("erasure_requests");
            request.HasIndex(r => r.UserId).IsUnique();
            request.HasIndex(r => new { r.Status, r.Deadline });
            request.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
            request.Property(r => r.Version).IsRowVersion().HasColumnName("xmin");
            request.OwnsMany(r => r.Participants, participant =>
            {
                participant.ToTable("erasure_participants");
                participant.WithOwner().HasForeignKey(p => p.ErasureRequestId);
                participant.HasKey(p => new { p.ErasureRequestId, p.Service });
                participant.Property(p => p.Service).HasMaxLength(64);
            });
        });

        // No foreign key to users: most requests name an address that has no account.
        modelBuilder.Entity<LinkRequest>(request =>
        {
            request.ToTable("link_requests");
            request.Property(r => r.Purpose).HasConversion<string>().HasMaxLength(32);
            request.Property(r => r.Email).HasMaxLength(EmailAddress.MaxLength);
            request.Property(r => r.ProvenPasswordHash).HasMaxLength(100);
            request.HasIndex(r => r.RequestedAt);
        });

        modelBuilder.Entity<DataProtectionKey>().ToTable("data_protection_keys");
        modelBuilder.AddEventBusTables();
        // Same column style as the event-bus tables, so hand-written SQL and psql sessions read alike.
        modelBuilder.UseSnakeCaseColumns();
    }
}
