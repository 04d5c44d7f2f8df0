using Microsoft.Extensions.Options;
using SkillSwap.EventBus;
using SkillSwap.EventBus.EntityFrameworkCore.Outbox;
using SkillSwap.IntegrationEvents;
using SkillSwap.Payments.Infrastructure;
using SkillSwap.Payments.Ledger;

namespace SkillSwap.Payments.Wallets;

/// <summary>
/// Opens the wallet of every new account and credits it <see cref="PaymentsOptions.WelcomeGrantMinutes"/> once, minted
/// from the grants account, if no grant went to its mailbox before (<see cref="GrantClaims"/>). The transaction id
/// <c>grant:{walletId}</c> makes a second <see cref="UserRegistered"/> for the same user (a re-sent event with a new
/// id) a no-op. An erased user's id gets nothing (see <c>erased_users</c>).
/// </summary>
public sealed class UserRegisteredHandler(
    PaymentsDbContext db,
    LedgerWriter ledger,
    GrantClaims claims,
    IOptions<PaymentsOptions> options,
    ILogger<UserRegisteredHandler> logger)
    : IIntegrationEventHandler<UserRegistered>
{
    public async Task HandleAsync(UserRegistered integrationEvent, CancellationToken cancellationToken)
    {
        if (await ledger.OpenWalletAsync(integrationEvent.UserId, cancellationToken) is not { } wallet)
        {
            logger.LogInformation("UserRegistered {EventId} names an erased user: no wallet, no grant", integrationEvent.Id);
            return;
        }
        var minutes = options.Value.WelcomeGrantMinutes;
        if (minutes == 0)
        {
            return;
        }
        if (await ledger.HasPostedAsync(LedgerTransaction.GrantId(wallet), cancellationToken))
        {
            logger.LogInformation("Welcome grant of {UserId} already credited; UserRegistered {EventId} ignored", integrationEvent.UserId, integrationEvent.Id);
            return;
        }
        if (!await claims.TryClaimAsync(integrationEvent.Email, cancellationToken))
        {
            logger.LogInformation("No welcome grant for {UserId}: its mailbox had one already", integrationEvent.UserId);
            PaymentsMetrics.GrantsRefused.Add(1);
            return;
        }
        var outcome = await ledger.PostAsync(
            LedgerTransaction.GrantId(wallet),
            LedgerTransactionKind.Grant,
            bookingId: null,
            sessionId: null,
            [new Posting(Account.GrantsId, -minutes), new Posting(wallet, minutes)],
            cancellationToken);
        if (outcome == PostingOutcome.Posted)
        {
            db.AddIntegrationEvent(new WelcomeCreditsGranted(integrationEvent.UserId, minutes));
            await db.SaveChangesAsync(cancellationToken);
            PaymentsMetrics.Grants.Add(1);
        }
        else
        {
            logger.LogInformation("Welcome grant of {UserId} already credited; UserRegistered {EventId} ignored", integrationEvent.UserId, integrationEvent.Id);
        }
    }
}
