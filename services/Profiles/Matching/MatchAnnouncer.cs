using SkillSwap.DocumentStore;
using SkillSwap.EventBus;
using SkillSwap.IntegrationEvents;
using SkillSwap.Profiles.Model;
using SkillSwap.Profiles.Skills.Catalogue;

namespace SkillSwap.Profiles.Matching;

/// <summary>
/// When someone's skills change, the few people they now suit best both ways hear of it (<see cref="MatchFound"/>):
/// the person who changed sees their matches in the app; the others would not know a new match exists.
/// </summary>
public sealed class MatchAnnouncer(IDocumentSession db, MatchFinder finder, SkillCatalogue catalogue) : IIntegrationEventHandler<SkillsChanged>
{
    /// <summary>At most this many people are told of one change: the best matches, not everyone who wants Spanish.</summary>
    public const int Announced = 5;

    public async Task HandleAsync(SkillsChanged integrationEvent, CancellationToken cancellationToken)
    {
        var me = await db.LoadAsync<ProfileDocument>(ProfileDocument.IdFor(integrationEvent.UserId), cancellationToken);
        if (me is null || me.Offered.Count == 0 || me.Wanted.Count == 0)
        {
            return;
        }
        foreach (var match in await finder.FindAsync(me, MatchMode.Reciprocal, Announced, cancellationToken))
        {
            if (match.TwoSided && match.SkillForCandidate is { } skill)
            {
                // Notifications writes the label into the candidate's notification and email: in their language.
                var candidate = await db.LoadAsync<ProfileDocument>(ProfileDocument.IdFor(match.Candidate.UserId), cancellationToken);
                var label = catalogue.LabelOf(skill.SkillId, skill.Label, candidate?.Locale ?? ProfileValues.DefaultLocale);
                db.PublishOnCommit(new MatchFound(match.Candidate.UserId, me.UserId, label, match.Score));
            }
        }
    }
}
