using System.Security.Claims;
using Microsoft.Extensions.Options;
using SkillSwap.DocumentStore;

namespace SkillSwap.Chat.Conversations;

public sealed record OpenConversationRequest(Guid UserId);

public sealed record ConversationPage(IReadOnlyList<ConversationView> Items, string? NextCursor);

public sealed record UnreadSummary(long Total, IReadOnlyList<ConversationUnread> Conversations);

public sealed record ConversationUnread(string ConversationId, long Unread);

public sealed record MarkReadRequest(long Sequence);

public static class ConversationsApi
{
    public static RouteGroupBuilder MapConversationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/conversations").RequireAuthorization().WithTags("Conversations");
        api.AnswersRuleViolations("chat");

        api.MapPost("/", async (OpenConversationRequest request, ClaimsPrincipal user, ChatCommands commands, CancellationToken cancellationToken) =>
                TypedResults.Ok(await commands.OpenDirectAsync(user.RequireUserId(), request.UserId, cancellationToken)))
            .WithSummary("Open (or find) the direct conversation with another member");

        api.MapGet("/", async (string? cursor, int? limit, ClaimsPrincipal user, IDocumentSession db, IGrainFactory grains, IOptions<ChatOptions> options, CancellationToken cancellationToken) =>
                TypedResults.Ok(await ListAsync(db, grains, user.RequireUserId(), cursor, limit, options.Value.MaxHistoryPage, cancellationToken)))
            .WithSummary("Your conversations, most recently active first, with unread counts");

        api.MapGet("/unread", async (ClaimsPrincipal user, IDocumentSession db, IGrainFactory grains, CancellationToken cancellationToken) =>
            {
                var me = user.RequireUserId();
                var conversations = await ConversationDirectory.OfMemberAsync(db, me, cancellationToken);
                var views = await ConversationDirectory.ViewsAsync(grains, conversations, me);
                return TypedResults.Ok(new UnreadSummary(views.Sum(view => view.Unread), [.. views.Where(view => view.Unread > 0).Select(view => new ConversationUnread(view.Id, view.Unread))]));
            })
            .WithSummary("Unread messages, in total and per conversation");

        api.MapGet("/{conversationId}", async (string conversationId, ClaimsPrincipal user, ChatCommands commands) =>
                TypedResults.Ok(await commands.ViewAsync(user.RequireUserId(), conversationId)))
            .WithSummary("One of your conversations");

        api.MapPut("/{conversationId}/read", async (string conversationId, MarkReadRequest request, ClaimsPrincipal user, ChatCommands commands) =>
                TypedResults.Ok(await commands.MarkReadAsync(user.RequireUserId(), conversationId, request.Sequence)))
            .WithSummary("Read receipt: you have read up to this sequence number");
        return api;
    }

    private static async Task<ConversationPage> ListAsync(IDocumentSession db, IGrainFactory grains, Guid me, string? cursor, int? limit, int maxPage, CancellationToken cancellationToken)
    {
        var size = limit ?? 20;
        if (size < 1 || size > maxPage)
        {
            throw RuleViolationException.Invalid($"limit must be between 1 and {maxPage}.");
        }
        var query = db.Query<ConversationDocument>().Where(conversation => conversation.MemberIds.Contains(me));
        if (cursor is not null)
        {
            if (!PageCursor.TryDecodeInstant(cursor, out var activeAt, out var id))
            {
                throw RuleViolationException.Invalid("cursor is not one this API returned.");
            }
            query = query.Where(conversation => conversation.ActiveAt < activeAt || (conversation.ActiveAt == activeAt && string.Compare(conversation.Id, id) < 0));
        }
        var page = await query.OrderByDescending(conversation => conversation.ActiveAt).ThenByDescending(conversation => conversation.Id).Take(size + 1).ToListAsync(cancellationToken);
        var more = page.Count > size;
        page = [.. page.Take(size)];
        var next = more ? PageCursor.EncodeInstant(page[^1].ActiveAt, page[^1].Id) : null;
        return new ConversationPage(await ConversationDirectory.ViewsAsync(grains, page, me), next);
    }
}
