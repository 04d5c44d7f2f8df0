using SkillSwap.DocumentStore;
using SkillSwap.DocumentStore.Inbox;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.Testing;

/// <summary>
/// Waits until a document-store service handled an event (its inbox record is committed with the handler's changes):
/// the ordering witness for an event that must change nothing visible. Compiled into the suites of such services
/// (linked file: SkillSwap.Testing does not depend on the document store).
/// </summary>
internal static class HandledWitness
{
    public static Task WaitUntilHandledAsync(this IDocumentStore store, IntegrationEvent integrationEvent) =>
        Eventually.WaitUntilAsync(async () =>
        {
            await using var session = store.OpenSession();
            return await session.Query<InboxDocument>().Where(handled => handled.EventId == integrationEvent.Id).AnyAsync();
        }, TimeSpan.FromSeconds(20), $"{integrationEvent.GetType().Name} handled");
}
