using System.Net;
using Microsoft.EntityFrameworkCore;
using SkillSwap.IntegrationEvents;
using SkillSwap.Payments.Escrow;
using SkillSwap.Payments.Tests.Infrastructure;
using SkillSwap.Payments.Wallets;
using SkillSwap.Testing;

namespace SkillSwap.Payments.Tests;

/// <summary>The booking saga's money: hold, release, refunds and the cancellation policy. Every user starts with 180 minutes.</summary>
[Collection(PaymentsCollection.Name)]
public sealed class EscrowTests(PaymentsApp app)
{
    [Fact]
    public async Task A_hold_moves_the_learners_credits_into_escrow()
    {
        var learner = await app.RegisterUserAsync();
        var teacher = await app.RegisterUserAsync();

        var booking = await app.HoldAsync(learner, teacher, 90);

        Assert.Equal(90, await app.BalanceAsync(learner));
        Assert.Equal(180, await app.BalanceAsync(teacher));
        var learnerWallet = await app.WalletAsync(learner);
        Assert.Equal(new WalletResponse(90, 1.5m, 90, 1.5m, 0, 0, learnerWallet.CreatedAt), learnerWallet);
        var teacherWallet = await app.WalletAsync(teacher);
        Assert.Equal((180, 0, 90), (teacherWallet.BalanceMinutes, teacherWallet.HeldMinutes, teacherWallet.IncomingMinutes));

        var escrow = await app.EscrowViewAsync(learner, booking.BookingId);
        Assert.Equal(("learner", "held", 90, 90, 1.5m), (escrow.Role, escrow.Status, escrow.AmountMinutes, escrow.HeldMinutes, escrow.AmountCredits));
        Assert.Equal(booking.SessionId, escrow.SessionId);
        await LedgerInvariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task A_hold_the_learner_cannot_cover_is_rejected_and_changes_nothing()
    {
        var learner = await app.RegisterUserAsync();
        var teacher = await app.RegisterUserAsync();
        var request = PaymentsApp.Booking(learner, teacher, 181);

        await app.PublishAsync(request);

        var rejected = await app.Probe.WaitForAsync<CreditsRejected>(e => e.BookingId == request.BookingId);
        Assert.Equal(("insufficient-credits", learner, request.SessionId), (rejected.Reason, rejected.LearnerId, rejected.SessionId));
        Assert.Equal(180, await app.BalanceAsync(learner));
        Assert.False(await app.QueryAsync(db => db.LedgerTransactions.AnyAsync(t => t.BookingId == request.BookingId)));
        Assert.Equal(0, await app.OutboxCountAsync(nameof(CreditsHeld), request.BookingId));
        var escrow = await app.EscrowViewAsync(learner, request.BookingId);
        Assert.Equal(("rejected", 0), (escrow.Status, escrow.HeldMinutes));
        await LedgerInvariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task Completion_releases_the_escrow_to_the_teacher()
    {
        var learner = await app.RegisterUserAsync();
        var teacher = await app.RegisterUserAsync();
        var booking = await app.HoldAsync(learner, teacher, 60);

        await app.PublishAndWaitAsync(new BookingCompleted(booking.BookingId, booking.SessionId, learner, teacher));

        Assert.Equal(120, await app.BalanceAsync(learner));
        Assert.Equal(240, await app.BalanceAsync(teacher));
        var escrow = await app.EscrowAsync(booking.BookingId);
        Assert.Equal((EscrowStatus.Released, 60, 0), (escrow!.Status, escrow.ReleasedMinutes, escrow.RefundedMinutes));
        var teacherWallet = await app.WalletAsync(teacher);
        Assert.Equal((240, 0), (teacherWallet.BalanceMinutes, teacherWallet.IncomingMinutes));
        await LedgerInvariants.AssertHoldAsync(app);
    }

    [Theory]
    [InlineData(BookingCancellationReason.LearnerCancelled, false)]
    [InlineData(BookingCancellationReason.TeacherCancelled, false)]
    [InlineData(BookingCancellationReason.TeacherCancelled, true)]
    [InlineData(BookingCancellationReason.TeacherDeclined, false)]
    [InlineData(BookingCancellationReason.Expired, false)]
    [InlineData(BookingCancellationReason.PaymentTimedOut, false)]
    public async Task Cancellation_refunds_the_learner_in_full_unless_the_learner_cancelled_late(BookingCancellationReason reason, bool late)
    {
        var learner = await app.RegisterUserAsync();
        var teacher = await app.RegisterUserAsync();
        var booking = await app.HoldAsync(learner, teacher, 120);

        await app.PublishAndWaitAsync(new BookingCancelled(booking.BookingId, booking.SessionId, learner, teacher, reason, late));

        Assert.Equal(180, await app.BalanceAsync(learner));
        Assert.Equal(180, await app.BalanceAsync(teacher));
        var escrow = await app.EscrowViewAsync(teacher, booking.BookingId);
        Assert.Equal(("teacher", "refunded", 120, 0, 0), (escrow.Role, escrow.Status, escrow.RefundedMinutes, escrow.ReleasedMinutes, escrow.HeldMinutes));
        Assert.Equal(late, escrow.LateCancellation);
        await LedgerInvariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task A_late_cancellation_by_the_learner_pays_the_teacher_half_rounded_down_to_the_minute()
    {
        var learner = await app.RegisterUserAsync();
        var teacher = await app.RegisterUserAsync();
        var booking = await app.HoldAsync(learner, teacher, 75);

        await app.PublishAndWaitAsync(new BookingCancelled(
            booking.BookingId, booking.SessionId, learner, teacher, BookingCancellationReason.LearnerCancelled, Late: true));

        Assert.Equal(180 - 75 + 38, await app.BalanceAsync(learner));
        Assert.Equal(180 + 37, await app.BalanceAsync(teacher));
        var escrow = await app.EscrowViewAsync(learner, booking.BookingId);
        Assert.Equal(("partially-refunded", 38, 37, "learner-cancelled"), (escrow.Status, escrow.RefundedMinutes, escrow.ReleasedMinutes, escrow.CancellationReason));
        await LedgerInvariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task A_cancellation_that_overtakes_the_hold_closes_the_booking_and_the_hold_is_refused()
    {
        var learner = await app.RegisterUserAsync();
        var teacher = await app.RegisterUserAsync();
        var request = PaymentsApp.Booking(learner, teacher, 60);

        // The saga gave up waiting (or the learner cancelled) before Payments saw the request.
        await app.PublishAndWaitAsync(new BookingCancelled(
            request.BookingId, request.SessionId, learner, teacher, BookingCancellationReason.PaymentTimedOut, Late: false));
        Assert.Equal(EscrowStatus.ClosedWithoutHold, (await app.EscrowAsync(request.BookingId))!.Status);
        await app.PublishAsync(request);

        var rejected = await app.Probe.WaitForAsync<CreditsRejected>(e => e.BookingId == request.BookingId);
        Assert.Equal("booking-closed", rejected.Reason);
        Assert.Equal(180, await app.BalanceAsync(learner));
        Assert.Equal(EscrowStatus.ClosedWithoutHold, (await app.EscrowAsync(request.BookingId))!.Status);
        Assert.Equal(0, await app.OutboxCountAsync(nameof(CreditsHeld), request.BookingId));
        Assert.False(await app.QueryAsync(db => db.LedgerTransactions.AnyAsync(t => t.BookingId == request.BookingId)));
        await LedgerInvariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task A_free_booking_is_held_without_moving_credits()
    {
        var learner = await app.RegisterUserAsync();
        var teacher = await app.RegisterUserAsync();

        var booking = await app.HoldAsync(learner, teacher, 0);
        await app.PublishAndWaitAsync(new BookingCompleted(booking.BookingId, booking.SessionId, learner, teacher));

        Assert.Equal((180, 180), (await app.BalanceAsync(learner), await app.BalanceAsync(teacher)));
        Assert.Equal(EscrowStatus.Released, (await app.EscrowAsync(booking.BookingId))!.Status);
        Assert.False(await app.QueryAsync(db => db.LedgerTransactions.AnyAsync(t => t.BookingId == booking.BookingId)));
        await LedgerInvariants.AssertHoldAsync(app);
    }
}
