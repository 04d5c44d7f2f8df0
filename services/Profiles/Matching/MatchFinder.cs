using SkillSwap.Profiles.Model;
using SkillSwap.Profiles.Search;
using SkillSwap.Profiles.Skills.Catalogue;

namespace SkillSwap.Profiles.Matching;

/// <summary>
/// Top-N matches for one person: the search index narrows 100,000 profiles to the few hundred who offer (and want)
/// skills related by meaning to the person's, then <see cref="MatchScorer"/> ranks them. Blocked people (either
/// way) and dismissed suggestions never come back.
/// </summary>
public sealed class MatchFinder(
    IProfileSearch search, ProfileIndexProjection projection, SkillVectors vectors, SkillCatalogue catalogue, TimeProvider time)
{
    /// <summary>Candidates scored per request: enough for a good top 50, few enough for the latency budget.</summary>
    public const int CandidateLimit = 1000;
    private const int OneSidedCandidateLimit = 200;

    public async Task<IReadOnlyList<ScoredMatch>> FindAsync(ProfileDocument me, MatchMode mode, int limit, CancellationToken cancellationToken)
    {
        var mine = await projection.ProjectAsync(me, cancellationToken);
        var wantConcepts = await ConceptsAsync(mine.Wanted, cancellationToken);
        var offerConcepts = mode == MatchMode.Reciprocal ? await ConceptsAsync(mine.Offered, cancellationToken) : [];
        var excluded = me.BlockedUserIds.Concat(me.DismissedUserIds).Distinct().ToList();

        var candidates = new Dictionary<Guid, ProfileSearchDocument>();
        async Task AddAsync(IReadOnlyCollection<string> offers, IReadOnlyCollection<string> wants, string? role, int count)
        {
            foreach (var candidate in await search.FindCandidatesAsync(
                new MatchCandidateQuery(me.UserId, excluded, offers, wants, role, count), cancellationToken))
            {
                candidates.TryAdd(candidate.UserId, candidate);
            }
        }

        if (mode == MatchMode.Mentor)
        {
            if (wantConcepts.Count > 0)
            {
                await AddAsync(wantConcepts, [], ProfileValues.Name(ProfileRole.Mentor), CandidateLimit);
            }
        }
        else
        {
            if (wantConcepts.Count > 0 && offerConcepts.Count > 0)
            {
                await AddAsync(wantConcepts, offerConcepts, null, CandidateLimit);
            }
            if (candidates.Count < limit * 2)
            {
                if (wantConcepts.Count > 0)
                {
                    await AddAsync(wantConcepts, [], null, OneSidedCandidateLimit);
                }
                if (offerConcepts.Count > 0)
                {
                    await AddAsync([], offerConcepts, null, OneSidedCandidateLimit);
                }
            }
        }

        var scorer = new MatchScorer(await vectors.CatalogueVectorsAsync(cancellationToken), catalogue, mine, me.Locale, time.GetUtcNow());
        return [.. candidates.Values
            .Select(candidate => scorer.Score(candidate, mode))
            .Where(match => match.Score > 0)
            .OrderByDescending(match => match.TwoSided)
            .ThenByDescending(match => match.Score)
            .ThenBy(match => match.Candidate.UserId)
            .Take(limit)];
    }

    /// <summary>
    /// Whether <paramref name="other"/> and <paramref name="me"/> match both ways (each teaches something the other
    /// wants), or <paramref name="other"/> mentors what <paramref name="me"/> wants to learn: what lets someone see a
    /// "matches only" profile. Wanting what they teach is not enough, or anyone could open such a profile by adding
    /// its skills to their wishes. Blocks (either way) are not matches.
    /// </summary>
    public async Task<bool> AreMatchedAsync(ProfileDocument me, ProfileDocument other, CancellationToken cancellationToken)
    {
        if (me.BlockedUserIds.Contains(other.UserId) || other.BlockedUserIds.Contains(me.UserId))
        {
            return false;
        }
        var scorer = new MatchScorer(
            await vectors.CatalogueVectorsAsync(cancellationToken), catalogue, await projection.ProjectAsync(me, cancellationToken), me.Locale, time.GetUtcNow());
        var theirs = await projection.ProjectAsync(other, cancellationToken);
        return scorer.Score(theirs, MatchMode.Reciprocal) is { Score: > 0, TwoSided: true }
            || (other.Roles.Contains(ProfileRole.Mentor) && scorer.Score(theirs, MatchMode.Mentor).Score > 0);
    }

    /// <summary>The concepts worth retrieving for a list of skills: each catalogue skill and its neighbours by meaning.</summary>
    private async Task<IReadOnlyCollection<string>> ConceptsAsync(IReadOnlyList<IndexedSkill> skills, CancellationToken cancellationToken)
    {
        var concepts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var skill in skills)
        {
            concepts.UnionWith(skill.SkillId is { } id ? await vectors.RelatedToCatalogueSkillAsync(id, cancellationToken) : skill.Concepts);
        }
        return concepts;
    }
}
