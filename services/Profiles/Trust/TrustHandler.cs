using SkillSwap.EventBus;
using SkillSwap.IntegrationEvents;
using SkillSwap.Profiles.Model;
using SkillSwap.Profiles.Search;

namespace SkillSwap.Profiles.Trust;

/// <summary>
/// Keeps a profile's trust in step with the services that know it: Reviews publish a user's rating aggregate,
/// Sessions their reliability (completed sessions, late cancellations, upheld no-shows). The profile shows both to
/// others, and matching and search weigh them. The search entry is written first, from the changed profile, and the
/// profile is staged for the inbox's commit: if that commit fails the event is retried and both are written again,
/// never only the profile. Both events carry whole values, so a redelivered one writes the same thing, and an older one
/// delivered after a newer one (a retry) is ignored.
/// </summary>
public sealed class TrustHandler(SearchIndexer indexer, ILogger<TrustHandler> logger)
    : IIntegrationEventHandler<UserRatingChanged>, IIntegrationEventHandler<UserReliabilityChanged>
{
    public Task HandleAsync(UserRatingChanged integrationEvent, CancellationToken cancellationToken) =>
        UpdateAsync(integrationEvent.UserId, profile =>
        {
            if (integrationEvent.RatingVersion > 0 && profile.Trust is { Version: > 0 } known && integrationEvent.RatingVersion <= known.Version)
            {
                // An older announcement that arrived late (after a retry).
                return false;
            }
            var trust = new ProfileTrust(
                integrationEvent.Average, integrationEvent.BayesianAverage, integrationEvent.ReviewCount, integrationEvent.CompletedSessions)
            {
                Version = integrationEvent.RatingVersion,
            };
            var changed = profile.Trust != trust;
            profile.Trust = trust;
            return changed;
        }, cancellationToken);

    public Task HandleAsync(UserReliabilityChanged integrationEvent, CancellationToken cancellationToken) =>
        UpdateAsync(integrationEvent.UserId, profile =>
        {
            var reliability = new ProfileReliability(integrationEvent.CompletedSessions, integrationEvent.LateCancellations, integrationEvent.NoShows);
            if (profile.Reliability is { } known && (reliability.CompletedSessions < known.CompletedSessions
                || reliability.LateCancellations < known.LateCancellations || reliability.NoShows < known.NoShows))
            {
                // The counts only grow: a smaller one is an older announcement that arrived late (after a retry).
                return false;
            }
            var changed = profile.Reliability != reliability;
            profile.Reliability = reliability;
            return changed;
        }, cancellationToken);

    private async Task UpdateAsync(Guid userId, Func<ProfileDocument, bool> change, CancellationToken cancellationToken)
    {
        if (await indexer.ChangeAsync(userId, change, cancellationToken) is null)
        {
            logger.LogDebug("Trust of {UserId} not applied: no profile (erased or not yet created), or nothing new", userId);
        }
    }
}
