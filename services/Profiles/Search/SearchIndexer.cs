using SkillSwap.DocumentStore;
using SkillSwap.EventBus;
using SkillSwap.IntegrationEvents;
using SkillSwap.Profiles.Model;

namespace SkillSwap.Profiles.Search;

/// <summary>
/// Keeps the search index in step with the profiles through Profiles' own events: whatever the event says, the
/// profile is re-read and its current state indexed, so events arriving late, twice or out of order all end in the
/// same index entry. A failure (index down) throws and the event bus retries with back-off.
/// </summary>
public sealed class SearchIndexer(IDocumentSession db, ProfileIndexProjection projection, IProfileSearch search, ILogger<SearchIndexer> logger)
    : IIntegrationEventHandler<ProfileUpdated>, IIntegrationEventHandler<SkillsChanged>, IIntegrationEventHandler<UserBlocked>,
      IIntegrationEventHandler<UserUnblocked>
{
    public Task HandleAsync(ProfileUpdated integrationEvent, CancellationToken cancellationToken) =>
        ReindexAsync(integrationEvent.UserId, cancellationToken);

    public Task HandleAsync(SkillsChanged integrationEvent, CancellationToken cancellationToken) =>
        ReindexAsync(integrationEvent.UserId, cancellationToken);

    public Task HandleAsync(UserBlocked integrationEvent, CancellationToken cancellationToken) =>
        ReindexAsync(integrationEvent.BlockerId, cancellationToken);

    public Task HandleAsync(UserUnblocked integrationEvent, CancellationToken cancellationToken) =>
        ReindexAsync(integrationEvent.BlockerId, cancellationToken);

    public async Task ReindexAsync(Guid userId, CancellationToken cancellationToken)
    {
        var profile = await db.LoadAsync<ProfileDocument>(ProfileDocument.IdFor(userId), cancellationToken);
        if (profile is null)
        {
            // Erased since: the erasure handler removed the entry; make sure a late event does not bring it back.
            await search.RemoveAsync(userId, cancellationToken);
            return;
        }
        await IndexAsync(profile, cancellationToken);
        logger.LogDebug("Search entry of {UserId} refreshed (profile version {Version})", userId, profile.Version);
    }

    /// <summary>
    /// Changes a profile on another service's word (its trust, a sanction) and keeps its search entry in step: the entry
    /// is written first and the profile staged for the inbox's commit, so a failed commit retries both. Returns the
    /// changed profile, or null when there is none (erased, or not created yet) or <paramref name="change"/> changed
    /// nothing.
    /// </summary>
    public async Task<ProfileDocument?> ChangeAsync(Guid userId, Func<ProfileDocument, bool> change, CancellationToken cancellationToken)
    {
        var profile = await db.LoadAsync<ProfileDocument>(ProfileDocument.IdFor(userId), cancellationToken);
        if (profile is null || !change(profile))
        {
            return null;
        }
        await IndexAsync(profile, cancellationToken);
        db.Replace(profile);
        return profile;
    }

    /// <summary>Writes the profile's search entry as it stands, or removes it while the profile is not listed (a sanction).</summary>
    public async Task IndexAsync(ProfileDocument profile, CancellationToken cancellationToken)
    {
        if (!profile.IsListed)
        {
            await search.RemoveAsync(profile.UserId, cancellationToken);
            return;
        }
        await search.UpsertAsync([await projection.ProjectAsync(profile, cancellationToken)], cancellationToken);
    }
}
