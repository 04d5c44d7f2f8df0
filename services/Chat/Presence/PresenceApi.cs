using SkillSwap.Chat.Conversations;
using SkillSwap.DocumentStore;

namespace SkillSwap.Chat.Presence;

/// <summary>The presence of the caller's contacts, and nobody else's.</summary>
public static class PresenceApi
{
    public static async Task<IReadOnlyList<PresenceView>> OfContactsAsync(IDocumentSession db, IGrainFactory grains, Guid me, CancellationToken cancellationToken)
    {
        var contacts = await ConversationDirectory.ContactsOfAsync(db, me, cancellationToken);
        return await Task.WhenAll(contacts.Select(contact => grains.GetGrain<IUserGrain>(contact).GetPresence()));
    }

    public static RouteGroupBuilder MapPresenceApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/chat").RequireAuthorization().WithTags("Presence");
        api.MapGet("/presence", async (System.Security.Claims.ClaimsPrincipal user, IDocumentSession db, IGrainFactory grains, CancellationToken cancellationToken) =>
                TypedResults.Ok(await OfContactsAsync(db, grains, user.RequireUserId(), cancellationToken)))
            .WithSummary("Online / away / offline (with last seen, rounded) of the people you share a conversation with");
        api.AnswersRuleViolations("chat");
        return api;
    }
}
