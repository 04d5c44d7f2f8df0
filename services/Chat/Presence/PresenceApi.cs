using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SkillSwap.Chat.Conversations;
using SkillSwap.Chat.People;
using SkillSwap.Chat.Relay;
using SkillSwap.DocumentStore;

namespace SkillSwap.Chat.Presence;

/// <summary>Whether the caller shows their presence, and what they want.</summary>
public sealed record PresenceSharing(bool? Shares);

/// <summary>The presence of the caller's contacts, and nobody else's; each person's choice to show their own.</summary>
public static class PresenceApi
{
    public static RouteGroupBuilder MapPresenceApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/chat").RequireAuthorization().WithTags("Presence");
        api.MapGet("/presence", async (ClaimsPrincipal user, IDocumentSession db, IGrainFactory grains, CancellationToken cancellationToken) =>
                TypedResults.Ok(await ContactPresence.OfContactsAsync(db, grains, user.RequireUserId(), cancellationToken)))
            .WithSummary("Online / away / offline (with last seen, rounded) of your contacts: people who replied to you or share a confirmed session with you");
        api.MapGet("/presence/sharing", async (ClaimsPrincipal user, IDocumentSession db, CancellationToken cancellationToken) =>
                TypedResults.Ok(new PresenceSharing(!(await PersonAsync(db, user.RequireUserId(), cancellationToken)).HidesPresence)))
            .WithSummary("Whether your contacts see when you are online and your last seen");
        api.MapPut("/presence/sharing", ChangeSharingAsync)
            .WithSummary("Show or hide your presence (hidden, you see nobody's either)");
        api.AnswersRuleViolations("chat");
        return api;
    }

    private static async Task<Ok<PresenceSharing>> ChangeSharingAsync(
        PresenceSharing request, ClaimsPrincipal user, IDocumentSession db, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (request.Shares is not { } shares)
        {
            throw RuleViolationException.Invalid("shares must be true or false.");
        }
        var me = user.RequireUserId();
        var person = await PersonAsync(db, me, cancellationToken);
        if (person.HidesPresence == !shares)
        {
            return TypedResults.Ok(new PresenceSharing(shares));
        }
        // Hiding: the contacts of a moment ago see the person go offline, without a last seen. Showing: the contacts
        // they have now see where they are.
        var toldNow = shares ? [] : await ConversationDirectory.ContactsOfAsync(db, me, cancellationToken);
        person.HidesPresence = !shares;
        db.Replace(person);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DocumentConcurrencyException)
        {
            throw RuleViolationException.Conflict("concurrent-change", "Your settings changed at the same moment; try again.");
        }
        var presence = shares ? await grains.GetGrain<IUserGrain>(me).GetPresence() : new PresenceView(me, PresenceStatus.Offline, null);
        foreach (var contact in shares ? await ConversationDirectory.ContactsOfAsync(db, me, cancellationToken) : toldNow)
        {
            await grains.GetGrain<IUserGrain>(contact).Push(ClientEvents.Presence, presence);
        }
        return TypedResults.Ok(new PresenceSharing(shares));
    }

    /// <summary>Chat's record of the caller (created from Identity's event; an unknown caller is not found).</summary>
    private static async Task<PersonDocument> PersonAsync(IDocumentSession db, Guid me, CancellationToken cancellationToken) =>
        await db.LoadAsync<PersonDocument>(PersonDocument.IdFor(me), cancellationToken)
        ?? throw RuleViolationException.NotFound("person-not-found", "Chat does not know your account yet; try again in a moment.");
}
