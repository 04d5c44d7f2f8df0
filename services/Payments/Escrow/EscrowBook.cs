using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SkillSwap.EventBus.EntityFrameworkCore.Outbox;
using SkillSwap.IntegrationEvents;
using SkillSwap.Payments.Infrastructure;
using SkillSwap.Payments.Ledger;

namespace SkillSwap.Payments.Escrow;

public enum EscrowOutcome
{
    Held,
    RejectedInsufficientCredits,
    RejectedBookingClosed,
    Released,
    Refunded,
    Settled,
    Frozen,

    /// <summary>A cancellation arrived before any hold: recorded so a later hold is refused.</summary>
    ClosedBeforeHold,

    /// <summary>Nothing to do: the operation already happened for this booking, or the escrow is in a state that ignores it.</summary>
    Unchanged,
}

/// <summary>
/// The escrow of each booking and the credit movements of its life: hold, release, refund (in full or split), freeze
/// and settlement. Every operation is idempotent by booking id, whatever the event id: it first creates or locks the
/// booking's escrow row (<c>SELECT … FOR UPDATE</c>), so operations on one booking run one at a time, and acts only
/// if the escrow's status allows it. Runs inside the caller's transaction and stages the events it answers with in
/// the outbox of that same transaction.
/// </summary>
public sealed class EscrowBook(
    PaymentsDbContext db,
    LedgerWriter ledger,
    IOptions<PaymentsOptions> options,
    TimeProvider time,
    ILogger<EscrowBook> logger)
{
    public const string InsufficientCredits = "insufficient-credits";
    public const string BookingClosed = "booking-closed";

    /// <summary>
    /// <see cref="SessionRequested"/>: moves the learner's credits into the booking's escrow, or refuses. The escrow row
    /// is looked for first: a request for a booking already known is answered from its row, whatever ids it carries.
    /// Only a new row opens wallets, and never one for an erased user (see <c>erased_users</c>): a booking with an
    /// erased party cannot take place, so it is refused as <see cref="BookingClosed"/> and nothing is held.
    /// </summary>
    public async Task<EscrowOutcome> HoldAsync(SessionRequested request, CancellationToken cancellationToken)
    {
        if (request.BookingId == Guid.Empty)
        {
            throw new InvalidOperationException($"SessionRequested {request.Id} has no booking id.");
        }
        if (await LockAsync(request.BookingId, cancellationToken) is { } known)
        {
            return await AnswerRepeatedHoldAsync(request, known, cancellationToken);
        }
        if (request.LearnerId == Guid.Empty || request.TeacherId == Guid.Empty || request.LearnerId == request.TeacherId || request.CreditMinutes < 0)
        {
            throw new InvalidOperationException(
                $"SessionRequested {request.Id} for booking {request.BookingId} is malformed (ids, learner = teacher, or negative amount).");
        }

        var learnerWallet = await ledger.OpenWalletAsync(request.LearnerId, cancellationToken);
        var teacherWallet = learnerWallet is null ? null : await ledger.OpenWalletAsync(request.TeacherId, cancellationToken);
        if (learnerWallet is null || teacherWallet is null)
        {
            logger.LogInformation("Hold of booking {BookingId} refused: its {Party} was erased", request.BookingId, learnerWallet is null ? "learner" : "teacher");
            // The erased learner's id is not written back into the outbox; Sessions matches the answer by booking.
            Reject(request, BookingClosed, learnerWallet is null ? Guid.Empty : request.LearnerId);
            await db.SaveChangesAsync(cancellationToken);
            return EscrowOutcome.RejectedBookingClosed;
        }
        var created = await TryCreateAsync(
            request.BookingId, request.SessionId, learnerWallet.Value, teacherWallet.Value, request.CreditMinutes, EscrowStatus.Held, cancellationToken);
        var escrow = await LockAsync(request.BookingId, cancellationToken)
            ?? throw new InvalidOperationException($"Escrow of booking {request.BookingId} vanished.");
        if (!created)
        {
            return await AnswerRepeatedHoldAsync(request, escrow, cancellationToken);
        }

        if (request.CreditMinutes > 0)
        {
            // The wallet stays locked until commit: no concurrent hold can spend the same credits.
            var balance = await ledger.LockBalanceAsync(learnerWallet.Value, cancellationToken);
            if (balance < request.CreditMinutes)
            {
                escrow.Status = EscrowStatus.Rejected;
                Reject(request, InsufficientCredits, request.LearnerId);
                await db.SaveChangesAsync(cancellationToken);
                return EscrowOutcome.RejectedInsufficientCredits;
            }
            var escrowAccount = await ledger.EnsureEscrowAccountAsync(request.BookingId, cancellationToken);
            var posted = await ledger.PostAsync(
                LedgerTransaction.HoldId(request.BookingId),
                LedgerTransactionKind.Hold,
                request.BookingId,
                request.SessionId,
                [new Posting(learnerWallet.Value, -request.CreditMinutes), new Posting(escrowAccount, request.CreditMinutes)],
                cancellationToken);
            if (posted != PostingOutcome.Posted)
            {
                throw new InvalidOperationException($"The hold of the new escrow {request.BookingId} was not posted: {posted}.");
            }
            escrow.EscrowAccountId = escrowAccount;
        }

        db.AddIntegrationEvent(new CreditsHeld(request.BookingId, request.SessionId, request.LearnerId, request.CreditMinutes));
        await db.SaveChangesAsync(cancellationToken);
        PaymentsMetrics.Holds.Add(1);
        PaymentsMetrics.HeldMinutes.Add(request.CreditMinutes);
        return EscrowOutcome.Held;
    }

    /// <summary>
    /// <see cref="BookingCancelled"/>: refunds the escrow in full, except a late cancellation by the learner, which pays
    /// the teacher <see cref="PaymentsOptions.LateCancellationTeacherSharePercent"/>. Before any hold, records the
    /// booking as closed so the hold is refused when it arrives.
    /// </summary>
    public async Task<EscrowOutcome> CancelAsync(BookingCancelled cancellation, CancellationToken cancellationToken)
    {
        if (cancellation.BookingId == Guid.Empty)
        {
            throw new InvalidOperationException($"BookingCancelled {cancellation.Id} has no booking id.");
        }
        // A known booking settles between the accounts its escrow stored: the ids in the event are not looked at (they
        // may be an erased user's, or Guid.Empty once Sessions has erased them), and no wallet is opened.
        var escrow = await LockAsync(cancellation.BookingId, cancellationToken);
        if (escrow is null)
        {
            if (cancellation.LearnerId == cancellation.TeacherId && cancellation.LearnerId != Guid.Empty)
            {
                throw new InvalidOperationException($"BookingCancelled {cancellation.Id} for booking {cancellation.BookingId} is malformed.");
            }
            var learnerAccount = await PartyAccountAsync(cancellation.LearnerId, cancellationToken);
            var teacherAccount = await PartyAccountAsync(cancellation.TeacherId, cancellationToken);
            var created = await TryCreateAsync(
                cancellation.BookingId, cancellation.SessionId, learnerAccount, teacherAccount, 0, EscrowStatus.ClosedWithoutHold, cancellationToken);
            escrow = await LockAsync(cancellation.BookingId, cancellationToken)
                ?? throw new InvalidOperationException($"Escrow of booking {cancellation.BookingId} vanished.");
            if (created)
            {
                escrow.CancellationReason = cancellation.Reason;
                escrow.LateCancellation = cancellation.Late;
                await db.SaveChangesAsync(cancellationToken);
                logger.LogInformation("Booking {BookingId} cancelled ({Reason}) before any hold; a later hold will be refused",
                    cancellation.BookingId, cancellation.Reason);
                return EscrowOutcome.ClosedBeforeHold;
            }
        }
        if (escrow.Status != EscrowStatus.Held)
        {
            LogIgnored(nameof(BookingCancelled), escrow);
            return EscrowOutcome.Unchanged;
        }

        var teacherShare = cancellation is { Reason: BookingCancellationReason.LearnerCancelled, Late: true }
            ? Credits.Share(escrow.AmountMinutes, options.Value.LateCancellationTeacherSharePercent)
            : 0;
        escrow.CancellationReason = cancellation.Reason;
        escrow.LateCancellation = cancellation.Late;
        await SettleAsync(
            escrow,
            toLearner: escrow.AmountMinutes - teacherShare,
            teacherShare == 0 ? LedgerTransactionKind.Refund : LedgerTransactionKind.LateCancellation,
            LedgerTransaction.RefundId(escrow.BookingId),
            cancellationToken);
        PaymentsMetrics.Refunds.Add(1, PaymentsMetrics.Kind(teacherShare == 0 ? "full" : "split"));
        return EscrowOutcome.Refunded;
    }

    /// <summary><see cref="BookingCompleted"/>: releases the escrow to the teacher.</summary>
    public async Task<EscrowOutcome> CompleteAsync(BookingCompleted completion, CancellationToken cancellationToken)
    {
        if (await LockToApplyAsync(nameof(BookingCompleted), completion.BookingId, candidate => candidate.Status == EscrowStatus.Held, cancellationToken)
            is not { } escrow)
        {
            return EscrowOutcome.Unchanged;
        }
        await SettleAsync(escrow, toLearner: 0, LedgerTransactionKind.Release, LedgerTransaction.ReleaseId(escrow.BookingId), cancellationToken);
        PaymentsMetrics.Releases.Add(1);
        return EscrowOutcome.Released;
    }

    /// <summary><see cref="BookingDisputed"/>: freezes a held escrow until the dispute is resolved.</summary>
    public async Task<EscrowOutcome> FreezeAsync(BookingDisputed dispute, CancellationToken cancellationToken)
    {
        if (await LockToApplyAsync(nameof(BookingDisputed), dispute.BookingId, candidate => candidate.Status == EscrowStatus.Held, cancellationToken)
            is not { } escrow)
        {
            return EscrowOutcome.Unchanged;
        }
        escrow.Status = EscrowStatus.Frozen;
        escrow.DisputedAt = time.GetUtcNow();
        escrow.UpdatedAt = escrow.DisputedAt.Value;
        await db.SaveChangesAsync(cancellationToken);
        PaymentsMetrics.Disputes.Add(1);
        logger.LogInformation("Escrow of booking {BookingId} frozen by a dispute", dispute.BookingId);
        return EscrowOutcome.Frozen;
    }

    /// <summary>
    /// <see cref="BookingDisputeResolved"/>: pays <see cref="BookingDisputeResolved.LearnerRefundPercent"/> of the escrow
    /// (rounded down to the minute) back to the learner and the rest to the teacher. A resolution that overtook its
    /// dispute (events may arrive in either order) settles a held escrow just the same.
    /// </summary>
    public async Task<EscrowOutcome> ResolveAsync(BookingDisputeResolved resolution, CancellationToken cancellationToken)
    {
        if (resolution.LearnerRefundPercent is < 0 or > 100)
        {
            throw new InvalidOperationException(
                $"BookingDisputeResolved {resolution.Id} for booking {resolution.BookingId} has a refund of {resolution.LearnerRefundPercent} %.");
        }
        if (await LockToApplyAsync(nameof(BookingDisputeResolved), resolution.BookingId, candidate => candidate.IsOpen, cancellationToken)
            is not { } escrow)
        {
            return EscrowOutcome.Unchanged;
        }
        await SettleAsync(
            escrow,
            toLearner: Credits.Share(escrow.AmountMinutes, resolution.LearnerRefundPercent),
            LedgerTransactionKind.DisputeSettlement,
            LedgerTransaction.SettlementId(escrow.BookingId),
            cancellationToken);
        PaymentsMetrics.Settlements.Add(1);
        logger.LogInformation("Dispute of booking {BookingId} settled: {Percent} % back to the learner", resolution.BookingId, resolution.LearnerRefundPercent);
        return EscrowOutcome.Settled;
    }

    /// <summary>Empties the escrow account: <paramref name="toLearner"/> back to the learner, the rest to the teacher.</summary>
    private async Task SettleAsync(BookingEscrow escrow, int toLearner, LedgerTransactionKind kind, string transactionId, CancellationToken cancellationToken)
    {
        var toTeacher = escrow.AmountMinutes - toLearner;
        if (escrow.AmountMinutes > 0)
        {
            var escrowAccount = escrow.EscrowAccountId
                ?? throw new InvalidOperationException($"Escrow of booking {escrow.BookingId} holds {escrow.AmountMinutes} minutes but has no account.");
            List<Posting> postings = [new(escrowAccount, -escrow.AmountMinutes)];
            if (toLearner > 0)
            {
                postings.Add(new Posting(escrow.LearnerAccountId, toLearner));
            }
            if (toTeacher > 0)
            {
                postings.Add(new Posting(escrow.TeacherAccountId, toTeacher));
            }
            var posted = await ledger.PostAsync(transactionId, kind, escrow.BookingId, escrow.SessionId, postings, cancellationToken);
            if (posted == PostingOutcome.InsufficientFunds)
            {
                throw new InvalidOperationException($"Escrow account of booking {escrow.BookingId} does not hold {escrow.AmountMinutes} minutes.");
            }
        }
        escrow.RefundedMinutes = toLearner;
        escrow.ReleasedMinutes = toTeacher;
        escrow.Status = (toLearner, toTeacher) switch
        {
            // A free booking moves nothing: its status says what happened.
            (0, 0) => kind == LedgerTransactionKind.Release ? EscrowStatus.Released : EscrowStatus.Refunded,
            (_, 0) => EscrowStatus.Refunded,
            (0, _) => EscrowStatus.Released,
            _ => EscrowStatus.PartiallyRefunded,
        };
        escrow.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Escrow of booking {BookingId} settled ({Kind}): {ToLearner} min to the learner, {ToTeacher} min to the teacher",
            escrow.BookingId, kind, toLearner, toTeacher);
    }

    /// <summary>A request for a booking whose escrow row exists: refused again if the booking closed before the hold, otherwise ignored.</summary>
    private async Task<EscrowOutcome> AnswerRepeatedHoldAsync(SessionRequested request, BookingEscrow escrow, CancellationToken cancellationToken)
    {
        if (escrow.Status == EscrowStatus.ClosedWithoutHold)
        {
            logger.LogInformation("Hold of booking {BookingId} refused: the booking was cancelled before the hold arrived", request.BookingId);
            Reject(request, BookingClosed, escrow.LearnerAccountId == Account.ErasedPartyId ? Guid.Empty : request.LearnerId);
            await db.SaveChangesAsync(cancellationToken);
            return EscrowOutcome.RejectedBookingClosed;
        }
        logger.LogInformation("Hold of booking {BookingId} already handled ({Status}); SessionRequested {EventId} ignored",
            request.BookingId, escrow.Status, request.Id);
        return EscrowOutcome.Unchanged;
    }

    /// <summary>
    /// The account a party of a booking seen first through its cancellation is recorded with: the user's wallet, or
    /// <see cref="Account.ErasedPartyId"/> for a user erased (or an id Sessions replaced by <see cref="Guid.Empty"/>).
    /// Such an escrow holds nothing, so no money ever reaches that account.
    /// </summary>
    private async Task<Guid> PartyAccountAsync(Guid userId, CancellationToken cancellationToken) =>
        userId == Guid.Empty ? Account.ErasedPartyId : await ledger.OpenWalletAsync(userId, cancellationToken) ?? Account.ErasedPartyId;

    private void Reject(SessionRequested request, string reason, Guid learnerId)
    {
        db.AddIntegrationEvent(new CreditsRejected(request.BookingId, request.SessionId, learnerId, reason));
        PaymentsMetrics.Rejections.Add(1, PaymentsMetrics.Reason(reason));
    }

    /// <summary>
    /// Locks the booking's escrow for an event that applies only to an escrow <paramref name="canApply"/> accepts; null
    /// (and logged) when there is none or it is in another state, so the event changes nothing.
    /// </summary>
    private async Task<BookingEscrow?> LockToApplyAsync(
        string eventType, Guid bookingId, Func<BookingEscrow, bool> canApply, CancellationToken cancellationToken)
    {
        var escrow = await LockAsync(bookingId, cancellationToken);
        if (escrow is null)
        {
            logger.LogWarning("{EventType} for booking {BookingId}, which holds nothing here; ignored", eventType, bookingId);
            return null;
        }
        if (!canApply(escrow))
        {
            LogIgnored(eventType, escrow);
            return null;
        }
        return escrow;
    }

    private void LogIgnored(string eventType, BookingEscrow escrow)
    {
        if (escrow.Status == EscrowStatus.Frozen)
        {
            logger.LogWarning("{EventType} for booking {BookingId} ignored: its escrow is frozen by a dispute until a moderator resolves it",
                eventType, escrow.BookingId);
        }
        else
        {
            logger.LogInformation("{EventType} for booking {BookingId} ignored: escrow is {Status}", eventType, escrow.BookingId, escrow.Status);
        }
    }

    /// <summary>Inserts the escrow row of a booking seen for the first time; false when it exists (or a concurrent twin just committed it).</summary>
    private async Task<bool> TryCreateAsync(
        Guid bookingId, Guid sessionId, Guid learnerWallet, Guid teacherWallet, int amountMinutes, EscrowStatus status, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var inserted = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO escrows (booking_id, session_id, learner_account_id, teacher_account_id, amount_minutes, status,
                                 refunded_minutes, released_minutes, late_cancellation, created_at, updated_at)
            VALUES ({bookingId}, {sessionId}, {learnerWallet}, {teacherWallet}, {amountMinutes}, {status.ToString()},
                    0, 0, FALSE, {now}, {now})
            ON CONFLICT (booking_id) DO NOTHING
            """, cancellationToken);
        return inserted == 1;
    }

    /// <summary>The booking's escrow, tracked and locked until the transaction ends; null when the booking is unknown.</summary>
    private async Task<BookingEscrow?> LockAsync(Guid bookingId, CancellationToken cancellationToken) =>
        (await db.Escrows.FromSql($"SELECT * FROM escrows WHERE booking_id = {bookingId} FOR UPDATE").ToListAsync(cancellationToken))
            .SingleOrDefault();
}
