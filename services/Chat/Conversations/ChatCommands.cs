using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using SkillSwap.Chat.People;
using SkillSwap.Chat.Relay;
using SkillSwap.DocumentStore;

namespace SkillSwap.Chat.Conversations;

/// <summary>What a grain's <see cref="ChatError"/> means to the caller; the HTTP API answers it as problem+json, the hub as a <c>HubException</c>.</summary>
public static class ChatRules
{
    public static RuleViolationException From(ChatError error) => error switch
    {
        ChatError.ConversationNotFound => RuleViolationException.NotFound("conversation-not-found", "No such conversation among yours."),
        ChatError.MessageNotFound => RuleViolationException.NotFound("message-not-found", "No such message in this conversation."),
        ChatError.NotTheAuthor => new(403, "not-the-author", "Only the author can change or delete a message."),
        ChatError.ConversationClosed => RuleViolationException.Conflict("conversation-closed", "The other member left SkillSwap; this conversation can be read, not written to."),
        ChatError.Concurrent => RuleViolationException.Conflict("concurrent-change", "The conversation changed at the same moment. Retry."),
        _ => new(500, "unexpected", error.ToString()),
    };
}

/// <summary>
/// What the app can do in a conversation, shared by the hub and the HTTP API: input checked here, once, before any
/// grain sees it; the caller's id always comes from the access token, never from the payload.
/// </summary>
public sealed partial class ChatCommands(IGrainFactory grains, IDocumentSession db, IConversationListeners relay, IOptions<ChatOptions> options)
{
    [GeneratedRegex("^(d-[0-9a-f]{32}-[0-9a-f]{32}|s-[0-9a-f]{32})$", RegexOptions.CultureInvariant)]
    private static partial Regex ConversationIdFormat();

    /// <summary>Opens (or finds) the direct conversation with <paramref name="otherUserId"/>; someone unknown or blocked either way is not found.</summary>
    public async Task<ConversationView> OpenDirectAsync(Guid me, Guid otherUserId, CancellationToken cancellationToken)
    {
        if (otherUserId == me || otherUserId == Guid.Empty)
        {
            throw RuleViolationException.Invalid("Name another person to talk with.");
        }
        var other = await db.LoadAsync<PersonDocument>(PersonDocument.IdFor(otherUserId), cancellationToken);
        var blocks = await BlockList.AmongAsync(db, [me, otherUserId], cancellationToken);
        if (other is null || blocks.EitherWay(me, otherUserId))
        {
            throw new RuleViolationException(404, "user-not-found", "No SkillSwap member with this id can be contacted.");
        }
        return await grains.GetGrain<IConversationGrain>(ConversationDocument.DirectIdFor(me, otherUserId))
            .Open(ConversationKind.Direct, [me, otherUserId], sessionId: null, viewer: me);
    }

    public async Task<ConversationView> ViewAsync(Guid me, string conversationId) =>
        Unwrap(await (await ConversationAsync(me, conversationId)).View(me));

    public async Task<MessageView> SendAsync(Guid me, string conversationId, string? clientMessageId, string? text)
    {
        var id = CheckClientMessageId(clientMessageId);
        return Unwrap(await (await ConversationAsync(me, conversationId)).Send(me, id, CheckText(text)));
    }

    public async Task<MessageView> EditAsync(Guid me, string conversationId, long sequence, string? text) =>
        Unwrap(await (await ConversationAsync(me, conversationId)).Edit(me, CheckSequence(sequence), CheckText(text)));

    public async Task<MessageView> DeleteAsync(Guid me, string conversationId, long sequence) =>
        Unwrap(await (await ConversationAsync(me, conversationId)).Delete(me, CheckSequence(sequence)));

    public async Task<ReadReceipt> MarkReadAsync(Guid me, string conversationId, long sequence) =>
        Unwrap(await (await ConversationAsync(me, conversationId)).MarkRead(me, CheckSequence(sequence)));

    public async Task TypingAsync(Guid me, string conversationId)
    {
        if (await (await ConversationAsync(me, conversationId)).Typing(me) is not ChatError.None and var error)
        {
            throw ChatRules.From(error);
        }
    }

    /// <summary>
    /// The grain of one of the caller's conversations. Nothing is activated for an id that is not one: ids are ours
    /// ("d-{a}-{b}", "s-{session}"), a direct id names its two members, and membership is known in memory for a
    /// connected caller (this replica's relay listens to their conversations) or read from the archive otherwise. The
    /// grain still checks membership itself; this only keeps guessed ids from filling the cluster with activations.
    /// </summary>
    private async Task<IConversationGrain> ConversationAsync(Guid me, string conversationId)
    {
        var plausible = !string.IsNullOrEmpty(conversationId)
            && ConversationIdFormat().IsMatch(conversationId)
            && (!ConversationDocument.IsDirect(conversationId) || conversationId.Contains(me.ToString("N"), StringComparison.Ordinal));
        if (!plausible
            || !(relay.Listens(me, conversationId)
                 || (await db.LoadAsync<ConversationDocument>(conversationId))?.IsMember(me) == true))
        {
            throw ChatRules.From(ChatError.ConversationNotFound);
        }
        return grains.GetGrain<IConversationGrain>(conversationId);
    }

    private string CheckText(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw RuleViolationException.Invalid("A message needs some text.");
        }
        if (text.Length > options.Value.MaxMessageLength)
        {
            throw RuleViolationException.Invalid($"A message holds at most {options.Value.MaxMessageLength} characters.");
        }
        if (PlainText.HasControlCharacters(text))
        {
            throw RuleViolationException.Invalid("A message cannot contain control characters.");
        }
        return text;
    }

    private string CheckClientMessageId(string? clientMessageId)
    {
        if (string.IsNullOrWhiteSpace(clientMessageId) || clientMessageId.Length > options.Value.MaxClientMessageIdLength
            || !clientMessageId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'))
        {
            throw RuleViolationException.Invalid(
                $"clientMessageId is required: up to {options.Value.MaxClientMessageIdLength} letters, digits, '-', '_', '.' or ':' (a UUID is fine); a retry sends the same one.");
        }
        return clientMessageId;
    }

    private static long CheckSequence(long sequence) =>
        sequence > 0 ? sequence : throw RuleViolationException.Invalid("sequence must be a message's sequence number (1 or more).");

    private static T Unwrap<T>(Outcome<T> outcome) =>
        outcome.Error == ChatError.None && outcome.Value is { } value ? value : throw ChatRules.From(outcome.Error);
}
