using SkillSwap.DocumentStore;
using SkillSwap.Profiles.Model;

namespace SkillSwap.Profiles.Search;

/// <summary>
/// Recreates the search index from the profiles: after switching adapters, restoring a backup, or changing what is
/// indexed. Run the service's own image or build with the argument, and the service's configuration:
/// "dotnet SkillSwap.Profiles.dll rebuild-search-index" (it rebuilds, then exits). Safe while the service runs, since
/// the indexer writes the same current state.
/// </summary>
public sealed class RebuildSearchIndex(IDocumentStore store, ProfileIndexProjection projection, IProfileSearch search, ILogger<RebuildSearchIndex> logger)
{
    public const string CommandName = "rebuild-search-index";
    private const int BatchSize = 500;

    public async Task<(int Indexed, int Removed)> RunAsync(CancellationToken cancellationToken)
    {
        await search.EnsureIndexAsync(cancellationToken);
        var indexed = 0;
        var existing = new HashSet<Guid>();
        while (true)
        {
            await using var session = store.OpenSession();
            // Skip/Take is what both document providers translate; a rebuild is rare enough for its cost.
            var batch = await session.Query<ProfileDocument>(DocumentReadMode.SecondaryPreferred)
                .OrderBy(profile => profile.Id).Skip(indexed).Take(BatchSize).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }
            var documents = new List<ProfileSearchDocument>(batch.Count);
            // A profile that is not listed (a sanction) has no entry: the orphan sweep below removes a stale one.
            foreach (var profile in batch.Where(profile => profile.IsListed))
            {
                documents.Add(await projection.ProjectAsync(profile, cancellationToken));
                existing.Add(profile.UserId);
            }
            await search.UpsertAsync(documents, cancellationToken);
            indexed += batch.Count;
            logger.LogInformation("Search index rebuild: {Indexed} profiles indexed", indexed);
        }

        var orphans = new List<Guid>();
        await foreach (var userId in search.ListIdsAsync(cancellationToken))
        {
            if (!existing.Contains(userId))
            {
                orphans.Add(userId);
            }
        }
        foreach (var orphan in orphans)
        {
            await search.RemoveAsync(orphan, cancellationToken);
        }
        logger.LogInformation("Search index rebuilt on {Provider}: {Indexed} indexed, {Removed} stale entries removed",
            search.ProviderName, indexed, orphans.Count);
        return (indexed, orphans.Count);
    }
}
