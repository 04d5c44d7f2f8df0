using SkillSwap.IntegrationEvents;
using SkillSwap.Payments.Escrow;
using SkillSwap.Payments.Tests.Infrastructure;

namespace SkillSwap.Payments.Tests;

[Collection(PaymentsCollection.Name)]
public sealed class DisputeTests(PaymentsApp app)
{
    [Fact]
    public async Task A_dispute_freezes_the_escrow_and_the_resolution_splits_it()
    {
        var learner = await app.RegisterUserAsync();
        var teacher = await app.RegisterUserAsync();
        var booking = await app.HoldAsync(learner, teacher, 120);

        await app.PublishAndWaitAsync(new BookingDisputed(booking.BookingId, booking.SessionId, learner, "The teacher did not show up"));
        Assert.Equal(EscrowStatus.Frozen, (await app.EscrowAsync(booking.BookingId))!.Status);

        // While frozen, neither the session's completion nor a cancellation moves the credits.
        await app.PublishAndWaitAsync(
            new BookingCompleted(booking.BookingId, booking.SessionId, learner, teacher),
            new BookingCancelled(booking.BookingId, booking.SessionId, learner, teacher, BookingCancellationReason.TeacherCancelled, Late: true));
        Assert.Equal((60, 180), (await app.BalanceAsync(learner), await app.BalanceAsync(teacher)));
        var frozen = await app.EscrowViewAsync(learner, booking.BookingId);
        Assert.Equal(("frozen", 120), (frozen.Status, frozen.HeldMinutes));
        Assert.Equal(120, (await app.WalletAsync(learner)).HeldMinutes);
        Assert.Equal(120, (await app.WalletAsync(teacher)).IncomingMinutes);

        await app.PublishAndWaitAsync(new BookingDisputeResolved(booking.BookingId, booking.SessionId, Guid.CreateVersion7(), LearnerRefundPercent: 25));

        Assert.Equal(60 + 30, await app.BalanceAsync(learner));
        Assert.Equal(180 + 90, await app.BalanceAsync(teacher));
        var settled = await app.EscrowViewAsync(teacher, booking.BookingId);
        Assert.Equal(("partially-refunded", 30, 90, 0), (settled.Status, settled.RefundedMinutes, settled.ReleasedMinutes, settled.HeldMinutes));

        // A later resolution or completion finds nothing left to move.
        await app.PublishAndWaitAsync(
            new BookingDisputeResolved(booking.BookingId, booking.SessionId, Guid.CreateVersion7(), LearnerRefundPercent: 100),
            new BookingCompleted(booking.BookingId, booking.SessionId, learner, teacher));
        Assert.Equal((90, 270), (await app.BalanceAsync(learner), await app.BalanceAsync(teacher)));
        await LedgerInvariants.AssertHoldAsync(app);
    }

    [Theory]
    [InlineData(100, 180, 180)]
    [InlineData(0, 120, 240)]
    public async Task A_resolution_all_one_way_refunds_or_releases_the_whole_escrow(int learnerPercent, long learnerBalance, long teacherBalance)
    {
        var learner = await app.RegisterUserAsync();
        var teacher = await app.RegisterUserAsync();
        var booking = await app.HoldAsync(learner, teacher, 60);
        await app.PublishAndWaitAsync(new BookingDisputed(booking.BookingId, booking.SessionId, teacher, "No-show"));

        await app.PublishAndWaitAsync(new BookingDisputeResolved(booking.BookingId, booking.SessionId, Guid.CreateVersion7(), learnerPercent));

        Assert.Equal((learnerBalance, teacherBalance), (await app.BalanceAsync(learner), await app.BalanceAsync(teacher)));
        Assert.Equal(learnerPercent == 100 ? EscrowStatus.Refunded : EscrowStatus.Released, (await app.EscrowAsync(booking.BookingId))!.Status);
        await LedgerInvariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task A_dispute_after_the_release_changes_nothing()
    {
        var learner = await app.RegisterUserAsync();
        var teacher = await app.RegisterUserAsync();
        var booking = await app.HoldAsync(learner, teacher, 60);
        await app.PublishAndWaitAsync(new BookingCompleted(booking.BookingId, booking.SessionId, learner, teacher));

        await app.PublishAndWaitAsync(new BookingDisputed(booking.BookingId, booking.SessionId, learner, "Too late"));

        Assert.Equal(EscrowStatus.Released, (await app.EscrowAsync(booking.BookingId))!.Status);
        Assert.Equal((120, 240), (await app.BalanceAsync(learner), await app.BalanceAsync(teacher)));
        await LedgerInvariants.AssertHoldAsync(app);
    }
}
