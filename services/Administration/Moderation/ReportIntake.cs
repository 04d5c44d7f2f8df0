using Microsoft.EntityFrameworkCore;
using SkillSwap.Administration.Infrastructure;
using SkillSwap.EventBus;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.Administration.Moderation;

/// <summary>
/// Every report becomes part of the one case of the thing it reports: a chat message, a review, a profile, a disputed
/// booking.
/// Two first reports of one thing racing each other collide on the (kind, subject) index; the loser's event is retried
/// by the bus and joins the case the winner opened.
/// </summary>
public sealed class ReportIntake(AdministrationDbContext db, TimeProvider time, ILogger<ReportIntake> logger) :
    IIntegrationEventHandler<ChatMessageReported>,
    IIntegrationEventHandler<ReviewReported>,
    IIntegrationEventHandler<BookingDisputed>,
    IIntegrationEventHandler<ProfileReported>,
    IIntegrationEventHandler<DisputedSessionChatQuoted>
{
    public Task HandleAsync(ProfileReported reported, CancellationToken cancellationToken) =>
        AddAsync(CaseKind.Profile, reported.UserId.ToString(), null,
            reported.UserId, $"{reported.DisplayName}\n{reported.Bio}".TrimEnd(), null, reported.ReportId, reported.ReporterId, reported.Reason, reported.OccurredAt, cancellationToken);

    public Task HandleAsync(ChatMessageReported reported, CancellationToken cancellationToken) =>
        AddAsync(CaseKind.ChatMessage, $"{reported.ConversationId}/{reported.Sequence}", reported.ConversationId,
            reported.SenderId, reported.Text,
            new CaseContext
            {
                Messages = [.. reported.Context.Select(ContextMessage.From)],
            },
            reported.ReportId, reported.ReporterId, reported.Reason, reported.OccurredAt, cancellationToken);

    public Task HandleAsync(ReviewReported reported, CancellationToken cancellationToken) =>
        AddAsync(CaseKind.Review, reported.ReviewId.ToString(), null,
            reported.AuthorId, reported.Text,
            new CaseContext { Rating = reported.Rating, SkillLabel = reported.SkillLabel, RevieweeId = reported.RevieweeId, Reply = reported.Reply },
            reported.ReportId, reported.ReporterId, reported.Reason, reported.OccurredAt, cancellationToken);

    /// <summary>
    /// A dispute opens its case even when someone in it erased their account: the escrow stays frozen until a
    /// moderator settles it. The erased person is left out of it — no id, no words — as an erasure would have done.
    /// </summary>
    public async Task HandleAsync(BookingDisputed disputed, CancellationToken cancellationToken)
    {
        var parties = await db.Bookings.FindAsync([disputed.BookingId], cancellationToken);
        Guid? otherParty = parties switch
        {
            null => null,
            _ when parties.LearnerId == disputed.DisputedBy => parties.TeacherId,
            _ when parties.TeacherId == disputed.DisputedBy => parties.LearnerId,
            // Whoever raised it was erased from the booking already: the other party is the one left.
            _ => parties.LearnerId == Guid.Empty ? parties.TeacherId : parties.LearnerId,
        };
        var erased = await db.ErasedUsers.Where(e => e.UserId == disputed.DisputedBy || e.UserId == otherParty).Select(e => e.UserId).ToListAsync(cancellationToken);
        var (raisedBy, reason) = erased.Contains(disputed.DisputedBy) ? (Guid.Empty, "") : (disputed.DisputedBy, disputed.Reason);
        otherParty = otherParty is { } other && (other == Guid.Empty || erased.Contains(other)) ? null : otherParty;
        // A dispute is reported once; its event id stands for the report id.
        await AddAsync(CaseKind.Dispute, disputed.BookingId.ToString(), disputed.SessionId.ToString(),
            otherParty, null, parties is null ? null : CaseContext.Of(parties), disputed.Id, raisedBy, reason, disputed.OccurredAt, cancellationToken);
    }

    private async Task AddAsync(
        CaseKind kind, string subject, string? contextId, Guid? reportedUserId, string? reportedText, CaseContext? context,
        Guid reportId, Guid reporterId, string reason, DateTimeOffset reportedAt, CancellationToken cancellationToken)
    {
        if (kind != CaseKind.Dispute && await db.ErasedUsers.AnyAsync(e => e.UserId == reporterId || e.UserId == reportedUserId, cancellationToken))
        {
            // Reported before an erasure, arriving after it: the reporter's words or the reported content are gone.
            logger.LogInformation("Report {ReportId} dropped: its reporter or reported person erased their account", reportId);
            return;
        }
        var moderationCase = await db.Cases.SingleOrDefaultAsync(c => c.Kind == kind && c.Subject == subject, cancellationToken);
        if (moderationCase is null)
        {
            moderationCase = ModerationCase.Open(kind, subject, contextId, reportedUserId, reportedText, context, time.GetUtcNow());
            db.Cases.Add(moderationCase);
        }
        moderationCase.AddReport(reportId, reporterId, reason, reportedAt);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Report {ReportId} added to moderation case {CaseId} ({Kind}, {Reports} reports, priority {Priority})",
            reportId, moderationCase.Id, kind, moderationCase.Reports.Count, moderationCase.Priority);
    }

    /// <summary>
    /// Chat's quote of a disputed session's conversation joins the dispute's context. Chat answers the same
    /// <see cref="BookingDisputed"/> this service opens the case from, so the quote may come first: the bus tries again.
    /// </summary>
    public async Task HandleAsync(DisputedSessionChatQuoted quoted, CancellationToken cancellationToken)
    {
        var subject = quoted.BookingId.ToString();
        var dispute = await db.Cases.SingleOrDefaultAsync(c => c.Kind == CaseKind.Dispute && c.Subject == subject, cancellationToken);
        if (dispute is null)
        {
            // Every dispute opens its case (above), so waiting for it ends.
            throw new InvalidOperationException($"The dispute of booking {quoted.BookingId} has no case yet; its chat waits for it.");
        }
        var senders = quoted.Messages.Select(m => m.SenderId).Distinct().ToList();
        var erased = await db.ErasedUsers.Where(e => senders.Contains(e.UserId)).Select(e => e.UserId).ToListAsync(cancellationToken);
        dispute.QuoteChat(quoted.Messages.Select(ContextMessage.From), erased);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Case {CaseId}: {Count} messages of the disputed session's conversation quoted", dispute.Id, quoted.Messages.Count);
    }
}
