using Microsoft.EntityFrameworkCore;
using SkillSwap.Administration.Appeals;
using SkillSwap.Administration.Audit;
using SkillSwap.Administration.Erasure;
using SkillSwap.Administration.Kpis;
using SkillSwap.Administration.Moderation;
using SkillSwap.Administration.Sanctions;
using SkillSwap.EventBus.EntityFrameworkCore;

namespace SkillSwap.Administration.Infrastructure;

/// <summary>
/// Moderation cases with their reports, the bookings' parties learned from events, the append-only audit log of staff
/// actions, and the event bus's outbox and inbox, in one PostgreSQL database: a staff action and its audit entry commit
/// together.
/// </summary>
public sealed class AdministrationDbContext(DbContextOptions<AdministrationDbContext> options) : DbContext(options)
{
    public DbSet<ModerationCase> Cases => Set<ModerationCase>();
    public DbSet<CaseReport> Reports => Set<CaseReport>();
    public DbSet<BookingParties> Bookings => Set<BookingParties>();
    public DbSet<BookingTimelineEntry> BookingTimeline => Set<BookingTimelineEntry>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Sanction> Sanctions => Set<Sanction>();
    public DbSet<AppealTicket> AppealTickets => Set<AppealTicket>();
    public DbSet<ErasedUser> ErasedUsers => Set<ErasedUser>();
    public DbSet<KpiFact> KpiFacts => Set<KpiFact>();
    public DbSet<KpiMember> KpiMembers => Set<KpiMember>();
    public DbSet<KpiActiveDay> KpiActiveDays => Set<KpiActiveDay>();
    public DbSet<KpiWeeklySessions> KpiWeeklySessions => Set<KpiWeeklySessions>();
    public DbSet<KpiMonthlyNps> KpiMonthlyNps => Set<KpiMonthlyNps>();
    public DbSet<KpiTotal> KpiTotals => Set<KpiTotal>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ModerationCase>(moderationCase =>
        {
            moderationCase.ToTable("moderation_cases");
            moderationCase.Property(c => c.Id).ValueGeneratedNever();
            moderationCase.Property(c => c.Kind).HasConversion<string>().HasMaxLength(16);
            moderationCase.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
            moderationCase.Property(c => c.Outcome).HasConversion<string>().HasMaxLength(16);
            moderationCase.Property(c => c.AppealedOutcome).HasConversion<string>().HasMaxLength(16);
            moderationCase.Property(c => c.AppealText).HasMaxLength(AppealTicket.TextMaxLength);
            moderationCase.Property(c => c.Subject).HasMaxLength(ModerationCase.SubjectMaxLength);
            moderationCase.Property(c => c.ContextId).HasMaxLength(ModerationCase.SubjectMaxLength);
            // PostgreSQL's xmin: two moderators deciding at once cannot both win.
            moderationCase.Property(c => c.Version).IsRowVersion().HasColumnName("xmin");
            // One case per reported thing, however many report it.
            moderationCase.HasIndex(c => new { c.Kind, c.Subject }).IsUnique();
            // The queue: open cases, highest priority first, oldest first among equals.
            moderationCase.HasIndex(c => new { c.Status, c.Priority, c.OpenedAt });
            moderationCase.HasMany(c => c.Reports).WithOne().HasForeignKey(r => r.CaseId).OnDelete(DeleteBehavior.Cascade);
            moderationCase.Navigation(c => c.Reports).AutoInclude();
            // As it was when first reported: a JSON document of the case's own, never queried.
            moderationCase.OwnsOne(c => c.Context, context =>
            {
                context.ToJson("context");
                context.OwnsMany(c => c.Messages);
            });
        });

        modelBuilder.Entity<CaseReport>(report =>
        {
            report.ToTable("case_reports");
            report.Property(r => r.Id).ValueGeneratedNever();
        });

        modelBuilder.Entity<BookingParties>(booking =>
        {
            booking.ToTable("booking_parties");
            booking.HasKey(b => b.BookingId);
            booking.Property(b => b.BookingId).ValueGeneratedNever();
        });

        modelBuilder.Entity<BookingTimelineEntry>(entry =>
        {
            entry.ToTable("booking_timeline");
            entry.HasKey(e => e.EventId);
            entry.Property(e => e.Step).HasConversion<string>().HasMaxLength(24);
            entry.Property(e => e.CancellationReason).HasConversion<string>().HasMaxLength(32);
            entry.HasIndex(e => e.BookingId);
            entry.HasIndex(e => e.SessionId);
        });

        modelBuilder.Entity<Sanction>(sanction =>
        {
            sanction.ToTable("sanctions");
            sanction.Property(s => s.Id).ValueGeneratedNever();
            sanction.Property(s => s.Kind).HasConversion<string>().HasMaxLength(16);
            sanction.Property(s => s.EndReason).HasMaxLength(16);
            sanction.Property(s => s.Version).IsRowVersion().HasColumnName("xmin");
            // At most one sanction per person is unended: a new one replaces it.
            sanction.HasIndex(s => s.UserId).IsUnique().HasFilter("ended_at IS NULL").HasDatabaseName("ix_sanctions_user_id_unended");
            // The clock's sweep of suspensions that ran out.
            sanction.HasIndex(s => s.Until).HasFilter("ended_at IS NULL");
        });

        modelBuilder.Entity<AppealTicket>(ticket =>
        {
            ticket.ToTable("appeal_tickets");
            ticket.HasKey(t => t.TokenHash);
            ticket.Property(t => t.TokenHash).HasMaxLength(64);
            ticket.Property(t => t.Version).IsRowVersion().HasColumnName("xmin");
            ticket.HasIndex(t => t.CaseId);
        });

        modelBuilder.Entity<ErasedUser>(erased =>
        {
            erased.ToTable("erased_users");
            erased.HasKey(e => e.UserId);
        });

        modelBuilder.Entity<AuditEntry>(entry =>
        {
            entry.ToTable("audit_entries");
            entry.HasKey(e => e.Sequence);
            entry.Property(e => e.Sequence).ValueGeneratedNever();
            entry.Property(e => e.Action).HasMaxLength(64);
            entry.Property(e => e.Target).HasMaxLength(ModerationCase.SubjectMaxLength);
            entry.Property(e => e.Before).HasColumnType("text");
            entry.Property(e => e.After).HasColumnType("text");
            entry.Property(e => e.PreviousHash).HasMaxLength(64);
            entry.Property(e => e.Hash).HasMaxLength(64);
            entry.HasIndex(e => e.Target);
        });

        // The KPIs: the facts kept for good (the history a rebuild replays) and the projection the report reads.
        modelBuilder.Entity<KpiFact>(fact =>
        {
            fact.ToTable("kpi_facts");
            fact.HasKey(f => new { f.EventId, f.Kind, f.UserId });
            fact.Property(f => f.Kind).HasMaxLength(32);
        });
        modelBuilder.Entity<KpiMember>(member =>
        {
            member.ToTable("kpi_members");
            member.HasKey(m => m.UserId);
            member.HasIndex(m => m.RegisteredAt);
        });
        modelBuilder.Entity<KpiActiveDay>(day =>
        {
            day.ToTable("kpi_active_days");
            day.HasKey(d => new { d.UserId, d.Day });
            day.HasIndex(d => d.Day);
        });
        modelBuilder.Entity<KpiWeeklySessions>(week => week.ToTable("kpi_weekly_sessions").HasKey(w => w.Week));
        modelBuilder.Entity<KpiMonthlyNps>(month => month.ToTable("kpi_monthly_nps").HasKey(m => m.Month));
        modelBuilder.Entity<KpiTotal>(total =>
        {
            total.ToTable("kpi_totals");
            total.HasKey(t => t.Name);
            total.Property(t => t.Name).HasMaxLength(64);
        });

        modelBuilder.AddEventBusTables();
        modelBuilder.UseSnakeCaseColumns();
    }
}
