using SkillSwap.EventBus;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.Administration.Kpis;

/// <summary>
/// Every measured event, from the event history queue (all of them since the first one), becomes facts projected into
/// the figures, in the transaction of the event's inbox record.
/// </summary>
public sealed class KpiRecorder(KpiProjection projection) :
    IIntegrationEventHandler<UserRegistered>,
    IIntegrationEventHandler<EmailVerified>,
    IIntegrationEventHandler<SkillsChanged>,
    IIntegrationEventHandler<FirstMatchesShown>,
    IIntegrationEventHandler<ChatMemberWrote>,
    IIntegrationEventHandler<SessionRequested>,
    IIntegrationEventHandler<SessionConfirmed>,
    IIntegrationEventHandler<SessionCompleted>,
    IIntegrationEventHandler<ReviewRevealed>,
    IIntegrationEventHandler<NpsAnswered>,
    IIntegrationEventHandler<WelcomeCreditsGranted>
{
    public Task HandleAsync(UserRegistered integrationEvent, CancellationToken cancellationToken) => RecordAsync(integrationEvent, cancellationToken);
    public Task HandleAsync(EmailVerified integrationEvent, CancellationToken cancellationToken) => RecordAsync(integrationEvent, cancellationToken);
    public Task HandleAsync(SkillsChanged integrationEvent, CancellationToken cancellationToken) => RecordAsync(integrationEvent, cancellationToken);
    public Task HandleAsync(FirstMatchesShown integrationEvent, CancellationToken cancellationToken) => RecordAsync(integrationEvent, cancellationToken);
    public Task HandleAsync(ChatMemberWrote integrationEvent, CancellationToken cancellationToken) => RecordAsync(integrationEvent, cancellationToken);
    public Task HandleAsync(SessionRequested integrationEvent, CancellationToken cancellationToken) => RecordAsync(integrationEvent, cancellationToken);
    public Task HandleAsync(SessionConfirmed integrationEvent, CancellationToken cancellationToken) => RecordAsync(integrationEvent, cancellationToken);
    public Task HandleAsync(SessionCompleted integrationEvent, CancellationToken cancellationToken) => RecordAsync(integrationEvent, cancellationToken);
    public Task HandleAsync(ReviewRevealed integrationEvent, CancellationToken cancellationToken) => RecordAsync(integrationEvent, cancellationToken);
    public Task HandleAsync(NpsAnswered integrationEvent, CancellationToken cancellationToken) => RecordAsync(integrationEvent, cancellationToken);
    public Task HandleAsync(WelcomeCreditsGranted integrationEvent, CancellationToken cancellationToken) => RecordAsync(integrationEvent, cancellationToken);

    private Task RecordAsync(IntegrationEvent measured, CancellationToken cancellationToken) =>
        projection.RecordAsync(KpiFact.Of(measured), cancellationToken);
}
