using SkillSwap.DocumentStore;
using SkillSwap.EventBus;
using SkillSwap.IntegrationEvents;
using SkillSwap.Profiles.Profiles;
using SkillSwap.Profiles.Search;

namespace SkillSwap.Profiles.Trust;

/// <summary>
/// Reviews publish a user's aggregate; the profile keeps it (shown to others, weighed by matching and search) and
/// its search entry is refreshed. The entry is written first, from the changed profile, and the profile is staged
/// for the inbox's commit: if that commit fails the event is retried and both are written again, never only the
/// profile. Aggregates are whole values, so a redelivered event writes the same thing.
/// </summary>
public sealed class UserRatingChangedHandler(
    IDocumentSession db, ProfileIndexProjection projection, IProfileSearch search, ILogger<UserRatingChangedHandler> logger)
    : IIntegrationEventHandler<UserRatingChanged>
{
    public async Task HandleAsync(UserRatingChanged integrationEvent, CancellationToken cancellationToken)
    {
        var profile = await db.LoadAsync<ProfileDocument>(ProfileDocument.IdFor(integrationEvent.UserId), cancellationToken);
        if (profile is null)
        {
            logger.LogInformation("Rating of {UserId} ignored: no profile (erased or not yet created)", integrationEvent.UserId);
            return;
        }
        var trust = new ProfileTrust(
            integrationEvent.Average, integrationEvent.BayesianAverage, integrationEvent.ReviewCount, integrationEvent.CompletedSessions);
        if (profile.Trust == trust)
        {
            return;
        }
        profile.Trust = trust;
        await search.UpsertAsync([await projection.ProjectAsync(profile, cancellationToken)], cancellationToken);
        db.Replace(profile);
    }
}
