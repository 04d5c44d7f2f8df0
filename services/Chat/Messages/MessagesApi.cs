using System.Security.Claims;
using Microsoft.Extensions.Options;
using SkillSwap.Chat.Conversations;
using SkillSwap.DocumentStore;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.Chat.Messages;

public sealed record SendMessageRequest(string ConversationId, string? ClientMessageId, string? Text);

public sealed record PostMessageRequest(string? ClientMessageId, string? Text);

public sealed record EditMessageRequest(string? Text);

public sealed record ReportMessageRequest(string? Reason);

public sealed record MessageReported(Guid ReportId);

public static class MessagesApi
{
    public const int MaxReasonLength = 1000;

    /// <summary>How many messages before and after a reported one go with the report, for the moderator to see the exchange.</summary>
    public const int ReportContextSpan = 5;

    public static RouteGroupBuilder MapMessagesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/conversations/{conversationId}/messages").RequireAuthorization().WithTags("Messages");
        api.AnswersRuleViolations("chat");

        api.MapGet("/", async (string conversationId, long? afterSequence, string? cursor, int? limit, ClaimsPrincipal user, IDocumentSession db, IOptions<ChatOptions> options, CancellationToken cancellationToken) =>
                TypedResults.Ok(await MessageHistory.ReadAsync(db, user.RequireUserId(), conversationId, afterSequence, cursor, limit, options.Value.MaxHistoryPage, cancellationToken)))
            .WithSummary("History: newest first (pass nextCursor to scroll back), or oldest first after afterSequence (to catch up)");

        api.MapPost("/", async (string conversationId, PostMessageRequest request, ClaimsPrincipal user, ChatCommands commands) =>
            {
                var message = await commands.SendAsync(user.RequireUserId(), conversationId, request.ClientMessageId, request.Text);
                return TypedResults.Created($"/api/v1/conversations/{conversationId}/messages/{message.Sequence}", message);
            })
            .WithSummary("Send a message (the hub's Send does the same); a retry with the same clientMessageId returns the stored one");

        api.MapPatch("/{sequence:long}", async (string conversationId, long sequence, EditMessageRequest request, ClaimsPrincipal user, ChatCommands commands) =>
                TypedResults.Ok(await commands.EditAsync(user.RequireUserId(), conversationId, sequence, request.Text)))
            .WithSummary("Edit one of your messages");

        api.MapDelete("/{sequence:long}", async (string conversationId, long sequence, ClaimsPrincipal user, ChatCommands commands) =>
                TypedResults.Ok(await commands.DeleteAsync(user.RequireUserId(), conversationId, sequence)))
            .WithSummary("Delete one of your messages (its place in the history stays, empty)");

        api.MapPost("/{sequence:long}/report", ReportAsync)
            .WithSummary("Report a message to moderation");
        return api;
    }

    private static async Task<Microsoft.AspNetCore.Http.HttpResults.Accepted<MessageReported>> ReportAsync(
        string conversationId, long sequence, ReportMessageRequest request, ClaimsPrincipal user, IDocumentSession db, TimeProvider time, CancellationToken cancellationToken)
    {
        var me = user.RequireUserId();
        var reason = request.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > MaxReasonLength)
        {
            throw RuleViolationException.Invalid($"Say why in 1 to {MaxReasonLength} characters.");
        }
        var conversation = await db.LoadAsync<ConversationDocument>(conversationId, cancellationToken);
        if (conversation is null || !conversation.IsMember(me))
        {
            throw ChatRules.From(ChatError.ConversationNotFound);
        }
        var messageId = MessageDocument.IdFor(conversationId, sequence);
        var message = await db.LoadAsync<MessageDocument>(messageId, cancellationToken);
        if (message is null || message.Deleted || message.SenderId == me)
        {
            throw ChatRules.From(ChatError.MessageNotFound);
        }
        var reportId = MessageReportDocument.IdFor(messageId, me);
        if (await db.LoadAsync<MessageReportDocument>(reportId, cancellationToken) is { } earlier)
        {
            return TypedResults.Accepted((string?)null, new MessageReported(earlier.ReportId));
        }
        var report = new MessageReportDocument { Id = reportId, ReportId = Guid.CreateVersion7(), MessageId = messageId, ReporterId = me, ReportedAt = time.GetUtcNow() };
        db.Insert(report);
        // The exchange around it, as the reporter could read it (not before they joined, nothing deleted).
        var (from, to) = (Math.Max(conversation.HistoryFloorOf(me) + 1, sequence - ReportContextSpan), sequence + ReportContextSpan);
        var neighbours = await db.Query<MessageDocument>()
            .Where(m => m.ConversationId == conversationId && m.Sequence >= from && m.Sequence <= to && m.Sequence != sequence)
            .OrderBy(m => m.Sequence)
            .ToListAsync(cancellationToken);
        db.PublishOnCommit(new ChatMessageReported(report.ReportId, conversationId, sequence, me, message.SenderId, message.Text, reason)
        {
            Context = [.. neighbours.Where(m => !m.Deleted).Select(m => m.ToQuote())],
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DuplicateDocumentException)
        {
            // The same person reported it twice at the same moment: the first report stands.
            var first = await db.LoadAsync<MessageReportDocument>(reportId, cancellationToken);
            return TypedResults.Accepted((string?)null, new MessageReported(first!.ReportId));
        }
        return TypedResults.Accepted((string?)null, new MessageReported(report.ReportId));
    }
}
