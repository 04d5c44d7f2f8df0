using SkillSwap.EventBus;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.Payments.Escrow;

// The booking saga's events. Each runs inside the inbox's transaction (see EfInboxStore): the escrow change, the
// ledger postings and the answer staged in the outbox commit together with the record of the event, or not at all.

public sealed class SessionRequestedHandler(EscrowBook escrows) : IIntegrationEventHandler<SessionRequested>
{
    public Task HandleAsync(SessionRequested integrationEvent, CancellationToken cancellationToken) =>
        escrows.HoldAsync(integrationEvent, cancellationToken);
}

public sealed class BookingCancelledHandler(EscrowBook escrows) : IIntegrationEventHandler<BookingCancelled>
{
    public Task HandleAsync(BookingCancelled integrationEvent, CancellationToken cancellationToken) =>
        escrows.CancelAsync(integrationEvent, cancellationToken);
}

public sealed class BookingCompletedHandler(EscrowBook escrows) : IIntegrationEventHandler<BookingCompleted>
{
    public Task HandleAsync(BookingCompleted integrationEvent, CancellationToken cancellationToken) =>
        escrows.CompleteAsync(integrationEvent, cancellationToken);
}
