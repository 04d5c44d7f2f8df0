using SkillSwap.DocumentStore;
using SkillSwap.EventBus;
using SkillSwap.IntegrationEvents;
using SkillSwap.Profiles.Model;
using SkillSwap.Profiles.Reporting;
using SkillSwap.Profiles.Search;

namespace SkillSwap.Profiles.Erasure;

/// <summary>
/// Profiles' part of the right to erasure: the search entry (with the embeddings of free-text skills) is removed,
/// then the profile is deleted and <see cref="UserDataErased"/> is published in the same commit (the inbox's), so
/// Identity hears "done" only once it is true. A profile that is already gone (never created, or erased by an
/// earlier delivery) still gets its answer, or the erasure saga would wait for ever. The user's id stays in other
/// people's block and dismissal lists: an opaque id that names nobody any more, and keeps a block in force should
/// the same account ever reappear.
/// </summary>
public sealed class UserErasureRequestedHandler(IDocumentSession db, IProfileSearch search, ILogger<UserErasureRequestedHandler> logger)
    : IIntegrationEventHandler<UserErasureRequested>
{
    public async Task HandleAsync(UserErasureRequested integrationEvent, CancellationToken cancellationToken)
    {
        await search.RemoveAsync(integrationEvent.UserId, cancellationToken);
        db.Delete<ProfileDocument>(ProfileDocument.IdFor(integrationEvent.UserId));
        // Who reported whom: moderation keeps its own copy of a report (Administration); this one only deduplicates.
        db.DeleteWhere<ProfileReportDocument>(report => report.UserId == integrationEvent.UserId || report.ReporterId == integrationEvent.UserId);
        db.PublishOnCommit(new UserDataErased(integrationEvent.UserId, ProfilesServiceExtensions.ServiceName));
        logger.LogInformation("Profile data of {UserId} erased", integrationEvent.UserId);
    }
}
