using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SkillSwap.IntegrationEvents;
using SkillSwap.Payments.Escrow;
using SkillSwap.Payments.Infrastructure;
using SkillSwap.Payments.Tests.Infrastructure;
using SkillSwap.Payments.Wallets;

namespace SkillSwap.Payments.Tests;

/// <summary>
/// One learner with 600 minutes asks for 100 sessions of 60 minutes at once: exactly 10 are held, whatever the
/// interleaving, and the wallet never goes below zero.
/// </summary>
[Collection(PaymentsCollection.Name)]
public sealed class ConcurrencyTests(PaymentsApp app)
{
    private const int Requests = 100;
    private const int MinutesEach = 60;
    private const int Funds = 600;

    [Fact]
    public async Task Concurrent_hold_requests_over_the_bus_never_overspend_the_wallet()
    {
        var learner = await app.RegisterUserAsync();
        var teacher = await app.RegisterUserAsync();
        await app.FundAsync(learner, Funds);
        var requests = Enumerable.Range(0, Requests).Select(_ => PaymentsApp.Booking(learner, teacher, MinutesEach)).ToList();
        var retriedBefore = app.RetriedCount<SessionRequested>();

        // Published concurrently; the service handles up to PaymentsApp.ConsumerConcurrency of them at the same time.
        await app.PublishAndWaitAsync([.. requests]);

        var pending = requests.Select(r => r.BookingId).ToHashSet();
        var held = new List<CreditsHeld>();
        var rejected = new List<CreditsRejected>();
        for (var i = 0; i < Funds / MinutesEach; i++)
        {
            var answer = await app.Probe.WaitForAsync<CreditsHeld>(e => pending.Contains(e.BookingId));
            Assert.True(pending.Remove(answer.BookingId));
            held.Add(answer);
        }
        for (var i = 0; i < Requests - (Funds / MinutesEach); i++)
        {
            var answer = await app.Probe.WaitForAsync<CreditsRejected>(e => pending.Contains(e.BookingId));
            Assert.True(pending.Remove(answer.BookingId));
            rejected.Add(answer);
        }
        Assert.Empty(pending);
        Assert.All(rejected, answer => Assert.Equal("insufficient-credits", answer.Reason));
        // Nobody got a second answer.
        var bookingIds = requests.Select(r => r.BookingId).ToHashSet();
        await Assert.ThrowsAsync<TimeoutException>(() => app.Probe.WaitForAsync<CreditsHeld>(e => bookingIds.Contains(e.BookingId), TimeSpan.FromSeconds(2)));
        await Assert.ThrowsAsync<TimeoutException>(() => app.Probe.WaitForAsync<CreditsRejected>(e => bookingIds.Contains(e.BookingId), TimeSpan.FromSeconds(1)));

        // No handling failed: the wallet lock, not the database's CHECK backstop, decided every race.
        Assert.Equal(retriedBefore, app.RetriedCount<SessionRequested>());

        var statuses = await app.QueryAsync(db => db.Escrows.Where(e => bookingIds.Contains(e.BookingId))
            .GroupBy(e => e.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count));
        Assert.Equal(new Dictionary<EscrowStatus, int> { [EscrowStatus.Held] = 10, [EscrowStatus.Rejected] = 90 }, statuses);
        var wallet = await app.WalletAsync(learner);
        Assert.Equal((0, Funds), (wallet.BalanceMinutes, wallet.HeldMinutes));
        Assert.Equal(Funds, (await app.WalletAsync(teacher)).IncomingMinutes);
        await LedgerInvariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task Concurrent_holds_straight_against_the_ledger_never_overspend_the_wallet()
    {
        var learner = await app.RegisterUserAsync();
        var teacher = await app.RegisterUserAsync();
        await app.FundAsync(learner, Funds);

        // 100 tasks, each with its own scope, DbContext, connection and transaction.
        var holds = Enumerable.Range(0, Requests)
            .Select(_ => Task.Run(() => HoldInOwnTransactionAsync(PaymentsApp.Booking(learner, teacher, MinutesEach))))
            .ToList();
        var outcomes = await Task.WhenAll(holds);

        Assert.Equal(10, outcomes.Count(o => o == EscrowOutcome.Held));
        Assert.Equal(90, outcomes.Count(o => o == EscrowOutcome.RejectedInsufficientCredits));
        Assert.Equal(0, await app.BalanceAsync(learner));
        Assert.Equal(Funds, (await app.WalletAsync(learner)).HeldMinutes);
        await LedgerInvariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task The_same_booking_requested_under_different_event_ids_at_once_is_held_once()
    {
        var learner = await app.RegisterUserAsync();
        var teacher = await app.RegisterUserAsync();
        var request = PaymentsApp.Booking(learner, teacher, 60);

        await app.PublishAndWaitAsync([.. Enumerable.Range(0, 20).Select(_ => request with { Id = Guid.CreateVersion7() })]);

        Assert.Equal(120, await app.BalanceAsync(learner));
        Assert.Equal(1, await app.OutboxCountAsync(nameof(CreditsHeld), request.BookingId));
        Assert.Equal(0, await app.OutboxCountAsync(nameof(CreditsRejected), request.BookingId));
        Assert.Equal(new WalletResponse(120, 2m, 60, 1m, 0, 0, (await app.WalletAsync(learner)).CreatedAt), await app.WalletAsync(learner));
        await LedgerInvariants.AssertHoldAsync(app);
    }

    /// <summary>What the inbox does for a delivery, without the bus: a transaction under the retrying execution strategy.</summary>
    private async Task<EscrowOutcome> HoldInOwnTransactionAsync(SessionRequested request)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PaymentsDbContext>();
        var escrows = scope.ServiceProvider.GetRequiredService<EscrowBook>();
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var outcome = await escrows.HoldAsync(request, CancellationToken.None);
            await transaction.CommitAsync();
            return outcome;
        });
    }
}
