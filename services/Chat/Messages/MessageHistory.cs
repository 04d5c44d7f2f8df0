using System.Globalization;
using SkillSwap.Chat.Conversations;
using SkillSwap.Chat.People;
using SkillSwap.DocumentStore;

namespace SkillSwap.Chat.Messages;

/// <summary>A page of messages; pass <see cref="NextCursor"/> back for the next one (null: nothing more).</summary>
public sealed record HistoryPage(IReadOnlyList<MessageView> Items, string? NextCursor);

/// <summary>
/// Reads the archive for a member: scrolling back (newest first, <c>cursor</c> pages), or catching up after
/// <c>afterSequence</c> (oldest first): what a client that saw a sequence gap, reconnected, or lost its replica asks
/// for. Messages of people the reader blocked are left out.
/// </summary>
public static class MessageHistory
{
    public static async Task<HistoryPage> ReadAsync(
        IDocumentSession db, Guid reader, string conversationId, long? afterSequence, string? cursor, int? limit, int maxPage, CancellationToken cancellationToken)
    {
        var size = limit ?? Math.Min(50, maxPage);
        if (size < 1 || size > maxPage)
        {
            throw RuleViolationException.Invalid($"limit must be between 1 and {maxPage}.");
        }
        if (afterSequence < 0)
        {
            throw RuleViolationException.Invalid("afterSequence must be 0 or more.");
        }
        var (catchingUp, from) = Position(afterSequence, cursor);

        var conversation = await db.LoadAsync<ConversationDocument>(conversationId, cancellationToken);
        if (conversation is null || !conversation.IsMember(reader))
        {
            throw ChatRules.From(ChatError.ConversationNotFound);
        }
        var blocked = (await db.LoadAsync<PersonDocument>(PersonDocument.IdFor(reader), cancellationToken))?.BlockedUserIds ?? [];

        // A member who joined a group's conversation late reads from their arrival on.
        var floor = conversation.HistoryFloorOf(reader);
        var messages = db.Query<MessageDocument>().Where(message => message.ConversationId == conversationId && message.Sequence > floor);
        if (blocked.Count > 0)
        {
            // In the query, not after it: a page of nothing but hidden messages would otherwise come back empty with
            // a cursor, and a client catching up by the last sequence it received would ask for it again forever.
            messages = messages.Where(message => !blocked.Contains(message.SenderId));
        }
        var page = catchingUp
            ? await messages.Where(message => message.Sequence > from).OrderBy(message => message.Sequence).Take(size + 1).ToListAsync(cancellationToken)
            : await messages.Where(message => message.Sequence < from).OrderByDescending(message => message.Sequence).Take(size + 1).ToListAsync(cancellationToken);
        var more = page.Count > size;
        page = [.. page.Take(size)];
        var next = more ? PageCursor.Encode(catchingUp ? "after" : "before", page[^1].Sequence.ToString(CultureInfo.InvariantCulture)) : null;
        return new HistoryPage([.. page.Select(message => message.ToView())], next);
    }

    private static (bool CatchingUp, long From) Position(long? afterSequence, string? cursor)
    {
        if (cursor is null)
        {
            return afterSequence is { } after ? (true, after) : (false, long.MaxValue);
        }
        if (afterSequence is not null)
        {
            throw RuleViolationException.Invalid("Give either afterSequence or cursor, not both.");
        }
        if (!PageCursor.TryDecode(cursor, 2, out var fields) || fields[0] is not ("after" or "before")
            || !long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var from))
        {
            throw RuleViolationException.Invalid("cursor is not one this API returned.");
        }
        return (fields[0] == "after", from);
    }
}
