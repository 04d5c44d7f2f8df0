using System.Security.Claims;
using Microsoft.Extensions.Options;
using SkillSwap.Chat.Presence;
using SkillSwap.Chat.Relay;
using SkillSwap.DocumentStore;
using SkillSwap.EventBus;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.Chat.SignIns;

/// <summary>The sign-ins a relay must cut: the connections opened with their tokens close.</summary>
[GenerateSerializer, Immutable, Alias("chat.sign-ins-ended")]
public sealed record SignInsEndedView(IReadOnlyList<Guid> SignInIds);

/// <summary>
/// A sign-in that Identity ends loses its realtime connections within seconds, on whatever replica they are (through the
/// person's user grain and the relays), and its access tokens, still valid for minutes, are refused by Chat from then on.
/// An erasure only closes the connections: the erasure itself keeps the account out, and nothing is kept about it.
/// </summary>
public sealed class EndedSignIns(IDocumentSession db, IGrainFactory grains, TimeProvider time, IOptions<ChatOptions> options)
    : IIntegrationEventHandler<SignInsEnded>
{
    public async Task HandleAsync(SignInsEnded integrationEvent, CancellationToken cancellationToken)
    {
        var userId = integrationEvent.UserId;
        if (integrationEvent.Reason != SignInsEnded.Erasure && !await db.IsErasedAsync(userId, cancellationToken))
        {
            var ended = await db.LoadAsync<EndedSignInsDocument>(EndedSignInsDocument.IdFor(userId), cancellationToken);
            if (ended is null)
            {
                ended = EndedSignInsDocument.New(userId);
                db.Insert(ended);
            }
            else
            {
                db.Replace(ended);
            }
            ended.Add(integrationEvent.SignInIds, integrationEvent.EndedAt, time.GetUtcNow() - options.Value.EndedSignInMemory);
        }
        // Committed (with the inbox record) before the connections close: an app reconnecting at once must be refused.
        await db.SaveChangesAsync(cancellationToken);
        await grains.GetGrain<IUserGrain>(userId).Push(ClientEvents.SignInsEnded, new SignInsEndedView(integrationEvent.SignInIds));
    }

}

/// <summary>Refuses the access tokens of a sign-in that has ended (tokens without a <c>sid</c> never have).</summary>
public sealed class EndedSignInRefused(IDocumentSession db) : IAccessTokenCheck
{
    public async Task<string?> RefusalAsync(ClaimsPrincipal user, CancellationToken cancellationToken) =>
        user.UserId() is { } userId
        && user.SignInId() is { } signInId
        && await db.LoadAsync<EndedSignInsDocument>(EndedSignInsDocument.IdFor(userId), cancellationToken) is { } ended
        && ended.Contains(signInId)
            ? "This sign-in has ended."
            : null;
}
