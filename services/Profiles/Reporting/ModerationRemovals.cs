using SkillSwap.EventBus;
using SkillSwap.IntegrationEvents;
using SkillSwap.Profiles.Search;

namespace SkillSwap.Profiles.Reporting;

/// <summary>
/// A moderator's removal of a reported profile's bio: blanked for good, in search too (through
/// <see cref="SearchIndexer.ChangeAsync"/>), and the profile tells its readers moderation removed it.
/// </summary>
public sealed class ModerationRemovals(SearchIndexer indexer, TimeProvider time, ILogger<ModerationRemovals> logger) : IIntegrationEventHandler<ContentRemoved>
{
    public async Task HandleAsync(ContentRemoved removed, CancellationToken cancellationToken)
    {
        if (removed.ContentKind != ContentRemoved.ProfileBio || !Guid.TryParse(removed.ContentId, out var userId))
        {
            return;
        }
        if (await indexer.ChangeAsync(userId, profile => profile.RemoveBioByModeration(time.GetUtcNow()), cancellationToken) is not null)
        {
            logger.LogInformation("Bio of {UserId} removed by moderation (case {CaseId})", userId, removed.CaseId);
        }
    }
}
