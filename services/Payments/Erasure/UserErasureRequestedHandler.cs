using Microsoft.EntityFrameworkCore;
using SkillSwap.EventBus;
using SkillSwap.EventBus.EntityFrameworkCore.Outbox;
using SkillSwap.IntegrationEvents;
using SkillSwap.Payments.Infrastructure;
using SkillSwap.Payments.Ledger;

namespace SkillSwap.Payments.Erasure;

/// <summary>
/// Payments' part of the right to erasure. The ledger stays whole (bookkeeping needs every entry, and entries are
/// append-only), but nothing in it names the user any more: the user id is kept in exactly one place, the
/// <c>user_id</c> column of the wallet account, which is cleared here. Entries, escrows and transaction ids refer to
/// accounts and bookings only, so the wallet becomes an anonymous account that nobody can read. Published events
/// still sitting in the outbox that mention the user are deleted too. Then <see cref="UserDataErased"/> is staged in
/// the same transaction. A user Payments never knew, or already erased, still gets the answer.
/// </summary>
/// <remarks>
/// The same transaction records the tombstone (<see cref="ErasedUser"/>), so an event naming the user that arrives
/// afterwards (Sessions erases independently) never opens a wallet under the erased id again. It first takes the user's
/// lock exclusively (<see cref="LedgerWriter.LockUserForErasureAsync"/>): a wallet being opened concurrently is
/// committed before the anonymisation looks for it.
/// </remarks>
public sealed class UserErasureRequestedHandler(PaymentsDbContext db, LedgerWriter ledger, TimeProvider time, ILogger<UserErasureRequestedHandler> logger)
    : IIntegrationEventHandler<UserErasureRequested>
{
    public async Task HandleAsync(UserErasureRequested integrationEvent, CancellationToken cancellationToken)
    {
        var userId = integrationEvent.UserId;
        var now = time.GetUtcNow();
        await ledger.LockUserForErasureAsync(userId, cancellationToken);
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO erased_users (user_id, erased_at) VALUES ({userId}, {now}) ON CONFLICT (user_id) DO NOTHING", cancellationToken);
        var anonymised = await db.Database.ExecuteSqlAsync(
            $"UPDATE accounts SET user_id = NULL, anonymised_at = {now} WHERE user_id = {userId}", cancellationToken);
        // Events are serialised with the default Guid format, so the id appears verbatim in their JSON.
        var mention = $"%{userId:D}%";
        var forgotten = await db.Database.ExecuteSqlAsync(
            $"DELETE FROM outbox_messages WHERE published_at IS NOT NULL AND payload LIKE {mention}", cancellationToken);
        db.AddIntegrationEvent(new UserDataErased(userId, PaymentsServiceExtensions.ServiceName));
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Payments data of {UserId} erased: {Wallets} wallet anonymised, {Events} published events forgotten",
            userId, anonymised, forgotten);
    }
}
