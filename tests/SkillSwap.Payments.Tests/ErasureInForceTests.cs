using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SkillSwap.IntegrationEvents;
using SkillSwap.Payments.Escrow;
using SkillSwap.Payments.Ledger;
using SkillSwap.Payments.Tests.Infrastructure;

namespace SkillSwap.Payments.Tests;

/// <summary>
/// Sessions and Payments handle an erasure independently, so events naming the erased user (a cancellation of their
/// bookings, a late booking request) may reach Payments after it answered <see cref="UserDataErased"/>. They must
/// never open a wallet under the erased id again, and open escrows still settle between their stored accounts, also
/// when Sessions has already replaced the ids by <see cref="Guid.Empty"/>.
/// </summary>
[Collection(PaymentsCollection.Name)]
public sealed class ErasureInForceTests(PaymentsApp app)
{
    [Fact]
    public async Task A_cancellation_after_the_learners_erasure_refunds_the_anonymised_wallet_and_opens_no_wallet()
    {
        var learner = await app.RegisterUserAsync();
        var teacher = await app.RegisterUserAsync();
        var booking = await app.HoldAsync(learner, teacher, 60);
        var walletId = await WalletIdAsync(learner);
        await EraseAsync(learner);
        var before = await AuditAsync();

        await app.PublishAndWaitAsync(new BookingCancelled(
            booking.BookingId, booking.SessionId, learner, teacher, BookingCancellationReason.TeacherCancelled, Late: false));

        Assert.False(await app.QueryAsync(db => db.Accounts.AnyAsync(a => a.UserId == learner)));
        var wallet = await app.QueryAsync(db => db.Accounts.AsNoTracking().SingleAsync(a => a.Id == walletId));
        Assert.Null(wallet.UserId);
        Assert.Equal(PaymentsApp.WelcomeGrantMinutes, wallet.BalanceMinutes);
        var escrow = (await app.EscrowAsync(booking.BookingId))!;
        Assert.Equal(EscrowStatus.Refunded, escrow.Status);
        Assert.Equal(walletId, escrow.LearnerAccountId);
        Assert.Equal(PaymentsApp.WelcomeGrantMinutes, await app.BalanceAsync(teacher));
        var after = await AuditAsync();
        Assert.Equal(before.Accounts, after.Accounts);
        Assert.Equal(before.AnonymisedWallets, after.AnonymisedWallets);
        Assert.Equal(before.MintedMinutes, after.MintedMinutes);
        Assert.Equal(before.EscrowMinutes - 60, after.EscrowMinutes);
        await LedgerInvariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task A_late_cancellation_after_the_teachers_erasure_pays_the_teachers_share_into_the_anonymised_wallet()
    {
        var learner = await app.RegisterUserAsync();
        var teacher = await app.RegisterUserAsync();
        var booking = await app.HoldAsync(learner, teacher, 60);
        var teacherWallet = await WalletIdAsync(teacher);
        await EraseAsync(teacher);
        var before = await AuditAsync();

        await app.PublishAndWaitAsync(new BookingCancelled(
            booking.BookingId, booking.SessionId, learner, teacher, BookingCancellationReason.LearnerCancelled, Late: true));

        Assert.False(await app.QueryAsync(db => db.Accounts.AnyAsync(a => a.UserId == teacher)));
        Assert.Equal(PaymentsApp.WelcomeGrantMinutes + 30,
            await app.QueryAsync(db => db.Accounts.Where(a => a.Id == teacherWallet).Select(a => a.BalanceMinutes).SingleAsync()));
        Assert.Equal(PaymentsApp.WelcomeGrantMinutes - 30, await app.BalanceAsync(learner));
        Assert.Equal(EscrowStatus.PartiallyRefunded, (await app.EscrowAsync(booking.BookingId))!.Status);
        var after = await AuditAsync();
        Assert.Equal(before.Accounts, after.Accounts);
        Assert.Equal(before.AnonymisedWallets, after.AnonymisedWallets);
        await LedgerInvariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task A_booking_request_for_an_erased_learner_is_refused_and_opens_no_wallet()
    {
        var learner = await app.RegisterUserAsync();
        var teacher = await app.RegisterUserAsync();
        var walletId = await WalletIdAsync(learner);
        var neverKnown = Guid.CreateVersion7();
        await EraseAsync(learner);
        await EraseAsync(neverKnown);
        var before = await AuditAsync();

        foreach (var erased in new[] { learner, neverKnown })
        {
            var request = PaymentsApp.Booking(erased, teacher, 60);
            await app.PublishAsync(request);

            var rejected = await app.Probe.WaitForAsync<CreditsRejected>(e => e.BookingId == request.BookingId);
            Assert.Equal(EscrowBook.BookingClosed, rejected.Reason);
            // The erased id is not written back into the outbox.
            Assert.Equal(Guid.Empty, rejected.LearnerId);
            Assert.Null(await app.EscrowAsync(request.BookingId));
            Assert.False(await app.QueryAsync(db => db.LedgerTransactions.AnyAsync(t => t.BookingId == request.BookingId)));
            Assert.False(await app.QueryAsync(db => db.Accounts.AnyAsync(a => a.UserId == erased)));
            Assert.Equal(0, await app.OutboxCountAsync(nameof(CreditsRejected), erased));
        }

        Assert.Equal(PaymentsApp.WelcomeGrantMinutes,
            await app.QueryAsync(db => db.Accounts.Where(a => a.Id == walletId).Select(a => a.BalanceMinutes).SingleAsync()));
        Assert.Equal(PaymentsApp.WelcomeGrantMinutes, await app.BalanceAsync(teacher));
        var after = await AuditAsync();
        Assert.Equal(before.Accounts, after.Accounts);
        Assert.Equal(before.EscrowMinutes, after.EscrowMinutes);
        await LedgerInvariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task A_booking_request_naming_an_erased_teacher_holds_nothing()
    {
        var learner = await app.RegisterUserAsync();
        var teacher = await app.RegisterUserAsync();
        await EraseAsync(teacher);

        var request = PaymentsApp.Booking(learner, teacher, 60);
        await app.PublishAsync(request);

        var rejected = await app.Probe.WaitForAsync<CreditsRejected>(e => e.BookingId == request.BookingId);
        Assert.Equal(EscrowBook.BookingClosed, rejected.Reason);
        Assert.Equal(learner, rejected.LearnerId);
        Assert.Equal(PaymentsApp.WelcomeGrantMinutes, await app.BalanceAsync(learner));
        Assert.False(await app.QueryAsync(db => db.Accounts.AnyAsync(a => a.UserId == teacher)));
        await LedgerInvariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task Registration_after_erasure_grants_nothing()
    {
        var known = await app.RegisterUserAsync();
        var neverKnown = Guid.CreateVersion7();
        await EraseAsync(known);
        await EraseAsync(neverKnown);
        var before = await AuditAsync();

        await app.PublishAndWaitAsync(
            new UserRegistered(known, $"{known:N}@skillswap.test", "Ana", "fr"),
            new UserRegistered(neverKnown, $"{neverKnown:N}@skillswap.test", "Ana", "fr"));

        Assert.False(await app.QueryAsync(db => db.Accounts.AnyAsync(a => a.UserId == known || a.UserId == neverKnown)));
        var after = await AuditAsync();
        Assert.Equal(before.Accounts, after.Accounts);
        Assert.Equal(before.MintedMinutes, after.MintedMinutes);
        Assert.Equal(before.Transactions, after.Transactions);
        await LedgerInvariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task Erasure_is_recorded_once_whatever_the_redeliveries()
    {
        var user = await app.RegisterUserAsync();
        var erasure = new UserErasureRequested(user, DateTimeOffset.UtcNow.AddDays(30));

        await app.PublishAndWaitAsync(erasure, erasure, new UserErasureRequested(user, DateTimeOffset.UtcNow.AddDays(30)));

        Assert.Equal(1, await app.QueryAsync(db => db.ErasedUsers.CountAsync(e => e.UserId == user)));
        Assert.False(await app.QueryAsync(db => db.Accounts.AnyAsync(a => a.UserId == user)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_completion_with_emptied_ids_releases_a_held_escrow(bool bothEmpty)
    {
        var learner = await app.RegisterUserAsync();
        var teacher = await app.RegisterUserAsync();
        var booking = await app.HoldAsync(learner, teacher, 60);
        var retried = app.RetriedCount<BookingCompleted>();

        await app.PublishAndWaitAsync(new BookingCompleted(booking.BookingId, booking.SessionId, bothEmpty ? Guid.Empty : learner, Guid.Empty));

        Assert.Equal(EscrowStatus.Released, (await app.EscrowAsync(booking.BookingId))!.Status);
        Assert.Equal(PaymentsApp.WelcomeGrantMinutes + 60, await app.BalanceAsync(teacher));
        Assert.Equal(PaymentsApp.WelcomeGrantMinutes - 60, await app.BalanceAsync(learner));
        Assert.Equal(retried, app.RetriedCount<BookingCompleted>());
        await LedgerInvariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task A_cancellation_with_emptied_ids_refunds_a_held_escrow()
    {
        var learner = await app.RegisterUserAsync();
        var teacher = await app.RegisterUserAsync();
        var booking = await app.HoldAsync(learner, teacher, 60);
        var retried = app.RetriedCount<BookingCancelled>();

        await app.PublishAndWaitAsync(new BookingCancelled(
            booking.BookingId, booking.SessionId, Guid.Empty, Guid.Empty, BookingCancellationReason.LearnerCancelled, Late: true));

        Assert.Equal(retried, app.RetriedCount<BookingCancelled>());
        Assert.Equal(EscrowStatus.PartiallyRefunded, (await app.EscrowAsync(booking.BookingId))!.Status);
        Assert.Equal(PaymentsApp.WelcomeGrantMinutes - 30, await app.BalanceAsync(learner));
        Assert.Equal(PaymentsApp.WelcomeGrantMinutes + 30, await app.BalanceAsync(teacher));
        await LedgerInvariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task A_cancellation_with_emptied_ids_before_the_hold_closes_the_booking()
    {
        var learner = await app.RegisterUserAsync();
        var teacher = await app.RegisterUserAsync();
        var request = PaymentsApp.Booking(learner, teacher, 60);

        await app.PublishAndWaitAsync(new BookingCancelled(
            request.BookingId, request.SessionId, Guid.Empty, teacher, BookingCancellationReason.TeacherCancelled, Late: false));
        await app.PublishAsync(request);

        Assert.Equal(EscrowBook.BookingClosed, (await app.Probe.WaitForAsync<CreditsRejected>(e => e.BookingId == request.BookingId)).Reason);
        var escrow = (await app.EscrowAsync(request.BookingId))!;
        Assert.Equal(EscrowStatus.ClosedWithoutHold, escrow.Status);
        Assert.Equal(Account.ErasedPartyId, escrow.LearnerAccountId);
        Assert.Equal(PaymentsApp.WelcomeGrantMinutes, await app.BalanceAsync(learner));
        await LedgerInvariants.AssertHoldAsync(app);
    }

    private async Task EraseAsync(Guid userId)
    {
        await app.PublishAndWaitAsync(new UserErasureRequested(userId, DateTimeOffset.UtcNow.AddDays(30)));
        await app.Probe.WaitForAsync<UserDataErased>(e => e.UserId == userId);
    }

    private Task<Guid> WalletIdAsync(Guid userId) =>
        app.QueryAsync(db => db.Accounts.Where(a => a.UserId == userId).Select(a => a.Id).SingleAsync());

    private async Task<LedgerAuditReport> AuditAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<LedgerAudit>().RunAsync(CancellationToken.None);
    }
}
