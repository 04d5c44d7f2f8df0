using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using SkillSwap.Chat.Conversations;
using SkillSwap.Chat.Messages;
using SkillSwap.Chat.Presence;
using SkillSwap.Chat.Relay;
using SkillSwap.DocumentStore;

namespace SkillSwap.Chat.Realtime;

public sealed record EditRequest(string ConversationId, long Sequence, string? Text);

/// <summary>
/// The app's one realtime connection (<c>/hubs/chat</c>, WebSockets, access token as <c>access_token</c>). Methods answer
/// with what was stored (a send's answer is its acknowledgement: sequence number and server time); broken rules come
/// back as a HubException "slug: explanation" and change nothing. Events pushed: see <see cref="ClientEvents"/>.
/// </summary>
[Authorize]
public sealed class ChatHub(SiloRelay relay, ChatCommands commands, IDocumentSession db, IGrainFactory grains, HubRateLimits limits, IOptions<ChatOptions> options) : Hub
{
    public const string Path = "/hubs/chat";

    public override async Task OnConnectedAsync()
    {
        if (Context.User?.UserId() is not { } me)
        {
            Context.Abort();
            return;
        }
        if (!await relay.ConnectedAsync(me, Context))
        {
            ChatMetrics.ConnectionRefused();
            throw new HubException($"too-many-connections: at most {options.Value.MaxConnectionsPerUser} at once; close the app on another device or tab first.");
        }
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        if (Context.User?.UserId() is { } me)
        {
            await relay.DisconnectedAsync(me, Context.ConnectionId);
        }
    }

    /// <summary>
    /// The caller's conversations with their last sequence numbers: what the app calls right after connecting, to catch
    /// up on whatever it missed while away (answered once this connection is listening, so nothing falls in between).
    /// </summary>
    public Task<ConversationView[]> Conversations() =>
        Guard(async me => await ConversationDirectory.ViewsAsync(grains, await ConversationDirectory.OfMemberAsync(db, me, Context.ConnectionAborted), me));

    public Task<MessageView> Send(SendMessageRequest request) =>
        Guard(me =>
        {
            if (!limits.TrySend(me))
            {
                ChatMetrics.HubCallRateLimited("send");
                throw new RuleViolationException(429, "rate-limited", $"At most {options.Value.SendsPerSecondPerUser} messages a second; slow down and resend.");
            }
            return commands.SendAsync(me, request.ConversationId, request.ClientMessageId, request.Text);
        });

    public Task<MessageView> Edit(EditRequest request) =>
        Guard(me => commands.EditAsync(me, request.ConversationId, request.Sequence, request.Text));

    public Task<MessageView> Delete(string conversationId, long sequence) =>
        Guard(me => commands.DeleteAsync(me, conversationId, sequence));

    public Task<ReadReceipt> MarkRead(string conversationId, long sequence) =>
        Guard(me => commands.MarkReadAsync(me, conversationId, sequence));

    public Task<bool> Typing(string conversationId) =>
        Guard(async me =>
        {
            await commands.TypingAsync(me, conversationId);
            return true;
        });

    /// <summary>The app went to the background (true) or came back (false).</summary>
    public Task<PresenceView> SetAway(bool away) =>
        Guard(async me =>
        {
            var user = grains.GetGrain<IUserGrain>(me);
            await user.SetAway(Context.ConnectionId, away);
            return await user.GetPresence();
        });

    /// <summary>What was stored after <paramref name="afterSequence"/>, oldest first: after a gap or a reconnect.</summary>
    public Task<HistoryPage> Backfill(string conversationId, long afterSequence, int limit) =>
        Guard(me => MessageHistory.ReadAsync(db, me, conversationId, afterSequence, cursor: null, limit, options.Value.MaxHistoryPage, Context.ConnectionAborted));

    public Task<IReadOnlyList<PresenceView>> ContactsPresence() =>
        Guard(me => ContactPresence.OfContactsAsync(db, grains, me, Context.ConnectionAborted));

    private async Task<T> Guard<T>(Func<Guid, Task<T>> action)
    {
        var me = Context.User?.UserId() ?? throw new HubException("unauthenticated: the access token names no SkillSwap user.");
        if (!limits.TryCall(me))
        {
            ChatMetrics.HubCallRateLimited("call");
            throw new HubException($"rate-limited: at most {options.Value.HubCallsPerSecondPerUser} calls a second; slow down and retry.");
        }
        try
        {
            return await action(me);
        }
        catch (RuleViolationException rule)
        {
            throw new HubException($"{rule.Slug}: {rule.Message}");
        }
    }
}

/// <summary>SignalR addresses users by the access token's <c>sub</c>, the SkillSwap user id.</summary>
public sealed class SubjectUserIdProvider : IUserIdProvider
{
    public string? GetUserId(HubConnectionContext connection) => connection.User.UserId()?.ToString();
}
