using SkillSwap.EventBus;
using SkillSwap.IntegrationEvents;
using SkillSwap.Payments.Escrow;

namespace SkillSwap.Payments.Disputes;

/// <summary>A dispute freezes the escrow: completions and cancellations are then ignored (and logged) until resolution.</summary>
public sealed class BookingDisputedHandler(EscrowBook escrows) : IIntegrationEventHandler<BookingDisputed>
{
    public Task HandleAsync(BookingDisputed integrationEvent, CancellationToken cancellationToken) =>
        escrows.FreezeAsync(integrationEvent, cancellationToken);
}

/// <summary>A moderator's resolution splits the escrow between learner and teacher.</summary>
public sealed class BookingDisputeResolvedHandler(EscrowBook escrows) : IIntegrationEventHandler<BookingDisputeResolved>
{
    public Task HandleAsync(BookingDisputeResolved integrationEvent, CancellationToken cancellationToken) =>
        escrows.ResolveAsync(integrationEvent, cancellationToken);
}
