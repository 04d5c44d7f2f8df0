using Microsoft.EntityFrameworkCore;
using SkillSwap.EventBus.EntityFrameworkCore.Inbox;
using SkillSwap.EventBus.EntityFrameworkCore.Outbox;

namespace SkillSwap.EventBus.EntityFrameworkCore;

public static class EventBusModel
{
    /// <summary>
    /// Maps <c>outbox_messages</c> (events waiting for the relay, with a partial index on the unpublished ones) and
    /// <c>inbox_messages</c> (events already handled, keyed by (event_id, consumer)). Call from OnModelCreating and
    /// add a migration.
    /// </summary>
    public static ModelBuilder AddEventBusTables(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxRecord>(outbox =>
        {
            outbox.ToTable("outbox_messages");
            outbox.HasKey(m => m.EventId);
            outbox.Property(m => m.EventId).HasColumnName("event_id").ValueGeneratedNever();
            outbox.Property(m => m.EventType).HasColumnName("event_type").HasMaxLength(200).IsRequired();
            outbox.Property(m => m.Payload).HasColumnName("payload").IsRequired();
            outbox.Property(m => m.OccurredAt).HasColumnName("occurred_at");
            outbox.Property(m => m.TraceParent).HasColumnName("trace_parent").HasMaxLength(55);
            outbox.Property(m => m.TraceState).HasColumnName("trace_state").HasMaxLength(512);
            outbox.Property(m => m.PublishedAt).HasColumnName("published_at");
            // The relay's only query: the oldest unpublished rows. Published rows stay out of the index.
            outbox.HasIndex(m => new { m.OccurredAt, m.EventId })
                .HasDatabaseName("ix_outbox_messages_unpublished")
                .HasFilter("published_at IS NULL");
        });

        modelBuilder.Entity<InboxRecord>(inbox =>
        {
            inbox.ToTable("inbox_messages");
            inbox.HasKey(m => new { m.EventId, m.Consumer });
            inbox.Property(m => m.EventId).HasColumnName("event_id").ValueGeneratedNever();
            inbox.Property(m => m.Consumer).HasColumnName("consumer").HasMaxLength(200);
            inbox.Property(m => m.HandledAt).HasColumnName("handled_at");
        });
        return modelBuilder;
    }
}
