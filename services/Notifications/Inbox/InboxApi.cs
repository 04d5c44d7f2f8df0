using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SkillSwap.DocumentStore;

namespace SkillSwap.Notifications.Inbox;

public sealed record InboxView(string Id, string Type, string Category, string Title, string Body, IReadOnlyDictionary<string, string> Data, DateTimeOffset CreatedAt, bool Read)
{
    public static InboxView Of(NotificationDocument notification) => new(
        notification.Id, notification.Type, notification.Category, notification.Title, notification.Body, notification.Data, notification.CreatedAt, notification.ReadAt is not null);
}

public sealed record InboxPage(IReadOnlyList<InboxView> Items, string? NextCursor);

public sealed record UnreadCount(int Unread);

/// <summary>The in-app inbox: one's own notifications only (anyone else's id is simply not found).</summary>
public static class InboxApi
{
    private const int MaxPage = 100;

    public static RouteGroupBuilder MapInboxApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/notifications").RequireAuthorization().WithTags("Inbox");
        api.AnswersRuleViolations("notifications");
        api.MapGet("/", ListAsync).WithSummary("Your notifications, newest first");
        api.MapGet("/unread-count", async (ClaimsPrincipal user, IDocumentSession db, CancellationToken cancellationToken) =>
        {
            var me = user.RequireUserId();
            return TypedResults.Ok(new UnreadCount(await db.Query<NotificationDocument>().Where(n => n.UserId == me && n.ReadAt == null).CountAsync(cancellationToken)));
        }).WithSummary("How many are unread");
        api.MapPost("/{id}/read", MarkReadAsync).WithSummary("Mark one as read");
        api.MapPost("/read-all", MarkAllReadAsync).WithSummary("Mark all as read");
        return api;
    }

    private static async Task<Ok<InboxPage>> ListAsync(string? cursor, int? limit, ClaimsPrincipal user, IDocumentSession db, CancellationToken cancellationToken)
    {
        var me = user.RequireUserId();
        var size = limit ?? 20;
        if (size is < 1 or > MaxPage)
        {
            throw RuleViolationException.Invalid($"limit must be between 1 and {MaxPage}.");
        }
        var query = db.Query<NotificationDocument>().Where(notification => notification.UserId == me);
        if (cursor is not null)
        {
            if (!PageCursor.TryDecodeInstant(cursor, out var createdAt, out var id))
            {
                throw RuleViolationException.Invalid("cursor is not one this API returned.");
            }
            query = query.Where(notification => notification.CreatedAt < createdAt || (notification.CreatedAt == createdAt && string.Compare(notification.Id, id) < 0));
        }
        var page = await query.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Take(size + 1).ToListAsync(cancellationToken);
        var next = page.Count > size ? PageCursor.EncodeInstant(page[size - 1].CreatedAt, page[size - 1].Id) : null;
        return TypedResults.Ok(new InboxPage([.. page.Take(size).Select(InboxView.Of)], next));
    }

    private static async Task<Ok<InboxView>> MarkReadAsync(string id, ClaimsPrincipal user, IDocumentSession db, TimeProvider time, CancellationToken cancellationToken)
    {
        var me = user.RequireUserId();
        var notification = id.Length <= 100 ? await db.LoadAsync<NotificationDocument>(id, cancellationToken) : null;
        if (notification is null || notification.UserId != me)
        {
            throw new RuleViolationException(404, "notification-not-found", "No such notification in your inbox.");
        }
        if (notification.ReadAt is null)
        {
            notification.ReadAt = time.GetUtcNow();
            db.Replace(notification);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DocumentConcurrencyException)
            {
                // Marked read at the same moment (another device): it is read either way.
            }
        }
        return TypedResults.Ok(InboxView.Of(notification));
    }

    private static async Task<Ok<UnreadCount>> MarkAllReadAsync(ClaimsPrincipal user, IDocumentSession db, TimeProvider time, CancellationToken cancellationToken)
    {
        var me = user.RequireUserId();
        var unread = await db.Query<NotificationDocument>().Where(n => n.UserId == me && n.ReadAt == null).Take(500).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        foreach (var notification in unread)
        {
            notification.ReadAt = now;
            db.Replace(notification);
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DocumentConcurrencyException)
        {
            throw new RuleViolationException(409, "concurrent-change", "Your inbox changed at the same moment; try again.");
        }
        return TypedResults.Ok(new UnreadCount(await db.Query<NotificationDocument>().Where(n => n.UserId == me && n.ReadAt == null).CountAsync(cancellationToken)));
    }
}
