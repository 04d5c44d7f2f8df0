using SkillSwap.EventBus;
using SkillSwap.IntegrationEvents;
using SkillSwap.Profiles.Model;
using SkillSwap.Profiles.Search;

namespace SkillSwap.Profiles.Sanctions;

/// <summary>
/// A sanctioned person leaves search and matches while the sanction is in force, and comes back when it ends (unless a
/// later sanction replaced it), through <see cref="SearchIndexer.ChangeAsync"/>; events in any order give the same
/// outcome (<see cref="SanctionRecords"/>).
/// </summary>
public sealed class SanctionedProfiles(SearchIndexer indexer, ILogger<SanctionedProfiles> logger)
    : IIntegrationEventHandler<AccountSanctioned>, IIntegrationEventHandler<AccountSanctionLifted>
{
    public Task HandleAsync(AccountSanctioned sanctioned, CancellationToken cancellationToken) =>
        ChangeAsync(sanctioned.UserId, profile => profile.Sanction(sanctioned.SanctionId), cancellationToken);

    public Task HandleAsync(AccountSanctionLifted lifted, CancellationToken cancellationToken) =>
        ChangeAsync(lifted.UserId, profile => profile.LiftSanction(lifted.SanctionId), cancellationToken);

    private async Task ChangeAsync(Guid userId, Func<ProfileDocument, bool> change, CancellationToken cancellationToken)
    {
        if (await indexer.ChangeAsync(userId, change, cancellationToken) is { } profile)
        {
            logger.LogInformation("Profile of {UserId} {Listing} search and matches", userId, profile.IsListed ? "back in" : "out of");
        }
    }
}
