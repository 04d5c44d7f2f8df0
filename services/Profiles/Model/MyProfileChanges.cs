using SkillSwap.DocumentStore;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.Profiles.Model;

/// <summary>
/// Small set-like changes to one's own profile (block, unblock, dismiss) that need no version from the client: they
/// are re-applied on a fresh read when another edit won the race, instead of failing the request.
/// </summary>
public static class MyProfileChanges
{
    private const int Attempts = 5;

    /// <summary>
    /// Applies <paramref name="change"/> to the caller's profile; it returns false when it changed nothing (then
    /// nothing is written). <paramref name="announce"/>, if given, names the event published with the change.
    /// Returns false when the caller has no profile.
    /// </summary>
    public static async Task<bool> ApplyAsync(
        this IDocumentSession db,
        Guid callerId,
        Func<ProfileDocument, bool> change,
        Func<ProfileDocument, IntegrationEvent>? announce,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var profile = await db.LoadAsync<ProfileDocument>(ProfileDocument.IdFor(callerId), cancellationToken);
            if (profile is null)
            {
                return false;
            }
            if (!change(profile))
            {
                return true;
            }
            db.Replace(profile);
            if (announce is not null)
            {
                db.PublishOnCommit(announce(profile));
            }
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return true;
            }
            catch (DocumentConcurrencyException) when (attempt < Attempts)
            {
                // Someone else's edit committed first; read it and apply ours on top.
            }
        }
    }
}
