using Microsoft.EntityFrameworkCore;
using SkillSwap.IntegrationEvents;
using SkillSwap.Payments.Escrow;
using SkillSwap.Payments.Tests.Infrastructure;

namespace SkillSwap.Payments.Tests;

/// <summary>
/// Every operation delivered three times (a broker redelivery, the inbox's case) plus once more under a new event id
/// (a re-sent event, which only the booking-id idempotency catches) ends exactly as one delivery would.
/// </summary>
[Collection(PaymentsCollection.Name)]
public sealed class RedeliveryTests(PaymentsApp app)
{
    [Fact]
    public async Task Every_operation_redelivered_leaves_the_same_balances()
    {
        var learner = await app.RegisterUserAsync();
        var teacher = await app.RegisterUserAsync();

        // Hold then release.
        var completed = PaymentsApp.Booking(learner, teacher, 30);
        await DeliverRepeatedlyAsync(completed);
        Assert.Equal((150, 180), await BalancesAsync());
        await DeliverRepeatedlyAsync(new BookingCompleted(completed.BookingId, completed.SessionId, learner, teacher));
        Assert.Equal((150, 210), await BalancesAsync());

        // Hold then a late learner cancellation (split 50/50).
        var cancelled = PaymentsApp.Booking(learner, teacher, 40);
        await DeliverRepeatedlyAsync(cancelled);
        Assert.Equal((110, 210), await BalancesAsync());
        await DeliverRepeatedlyAsync(new BookingCancelled(
            cancelled.BookingId, cancelled.SessionId, learner, teacher, BookingCancellationReason.LearnerCancelled, Late: true));
        Assert.Equal((130, 230), await BalancesAsync());

        // Hold, dispute, resolution.
        var disputed = PaymentsApp.Booking(learner, teacher, 50);
        await DeliverRepeatedlyAsync(disputed);
        Assert.Equal((80, 230), await BalancesAsync());
        await DeliverRepeatedlyAsync(new BookingDisputed(disputed.BookingId, disputed.SessionId, learner, "No-show"));
        Assert.Equal(EscrowStatus.Frozen, (await app.EscrowAsync(disputed.BookingId))!.Status);
        await DeliverRepeatedlyAsync(new BookingDisputeResolved(disputed.BookingId, disputed.SessionId, Guid.CreateVersion7(), 60));
        Assert.Equal((110, 250), await BalancesAsync());

        // A refused hold stays refused: the re-sent request holds nothing and is not answered again.
        var refused = PaymentsApp.Booking(learner, teacher, 111);
        await DeliverRepeatedlyAsync(refused);
        Assert.Equal(EscrowStatus.Rejected, (await app.EscrowAsync(refused.BookingId))!.Status);
        Assert.Equal((110, 250), await BalancesAsync());

        // One answer per booking, one ledger transaction per operation.
        foreach (var booking in new[] { completed, cancelled, disputed })
        {
            Assert.Equal(1, await app.OutboxCountAsync(nameof(CreditsHeld), booking.BookingId));
            Assert.Equal(0, await app.OutboxCountAsync(nameof(CreditsRejected), booking.BookingId));
            Assert.Equal(2, await app.QueryAsync(db => db.LedgerTransactions.CountAsync(t => t.BookingId == booking.BookingId)));
        }
        Assert.Equal(1, await app.OutboxCountAsync(nameof(CreditsRejected), refused.BookingId));
        await LedgerInvariants.AssertHoldAsync(app);

        async Task<(long Learner, long Teacher)> BalancesAsync() => (await app.BalanceAsync(learner), await app.BalanceAsync(teacher));
    }

    /// <summary>The event, the same event twice more, then a twin under a new event id; waits until all four are handled.</summary>
    private async Task DeliverRepeatedlyAsync(IntegrationEvent integrationEvent)
    {
        await app.PublishAndWaitAsync(integrationEvent);
        await app.PublishAndWaitAsync(integrationEvent, integrationEvent, integrationEvent with { Id = Guid.CreateVersion7() });
    }
}
