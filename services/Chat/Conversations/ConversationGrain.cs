using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Placement;
using SkillSwap.Chat.Messages;
using SkillSwap.Chat.People;
using SkillSwap.Chat.Presence;
using SkillSwap.Chat.Relay;
using SkillSwap.DocumentStore;

namespace SkillSwap.Chat.Conversations;

/// <summary>
/// The single writer of one conversation. Reentrant so that sends pipeline into the archive's group commits instead of
/// waiting one round trip each; every change of state happens between awaits, and messages are handed to the relays
/// strictly in sequence order once stored (<see cref="Settle"/>). Activated where it is first used (the sender's silo).
/// </summary>
[Reentrant]
[PreferLocalPlacement]
public sealed class ConversationGrain(
    IDocumentStore store,
    MessageArchiveWriter archive,
    IOptions<ChatOptions> options,
    TimeProvider time,
    ILogger<ConversationGrain> logger) : Grain, IConversationGrain
{
    private RecentSends _recentSends = null!;
    private RelayFanOut _relays = null!;
    private readonly SortedDictionary<long, MessageView?> _settled = [];
    private readonly SemaphoreSlim _documentWrite = new(1, 1);
    private AwayReports? _away;
    private ConversationDocument? _conversation;
    private BlockList _blocks = new([]);
    private long _lastAssigned;
    private long _lastDelivered;
    private bool _dirty;

    private string Id => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        ChatMetrics.ConversationActivated();
        _recentSends = new RecentSends(options.Value.RetriedSendWindow);
        _relays = new RelayFanOut(Id, time, options.Value.RelaySubscriptionLifetime, logger);
        await using var db = store.OpenSession();
        _conversation = await db.LoadAsync<ConversationDocument>(Id, cancellationToken);
        var recent = await _recentSends.LoadAsync(db, Id, cancellationToken);
        _lastAssigned = Math.Max(_conversation?.LastSequence ?? 0, recent.Count > 0 ? recent[0].Sequence : 0);
        _lastDelivered = _lastAssigned;
        if (_conversation is not null)
        {
            _blocks = await BlockList.AmongAsync(db, _conversation.MemberIds, cancellationToken);
            // Conversations stored before writers were recorded learn them from their recent messages.
            foreach (var writer in recent.Select(message => message.SenderId).Distinct().Where(_conversation.IsMember))
            {
                _dirty |= _conversation.RecordWriter(writer);
            }
        }
        _away = new AwayReports(Id, GrainFactory, store, time, options.Value.PresenceRecheckInterval, logger);
        this.RegisterGrainTimer(SaveBookkeepingAsync, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        this.RegisterGrainTimer(ReportAwayAsync, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await SaveBookkeepingAsync();
        await ReportAwayAsync();
    }

    private async Task ReportAwayAsync()
    {
        try
        {
            await _away!.FlushAsync();
        }
        catch (Exception ex)
        {
            // The messages are stored and delivered; only the away members' digest waits for the next flush.
            logger.LogWarning(ex, "Could not report the messages members of {ConversationId} missed while away; retrying", Id);
        }
    }

    public Task<ConversationView> Open(ConversationKind kind, IReadOnlyList<Guid> memberIds, Guid? sessionId, Guid viewer) =>
        ChangeMembershipAsync(kind, conversation => conversation.AddMembers(memberIds) | conversation.AddSession(sessionId), viewer);

    public Task SetSessionMembers(IReadOnlyList<Guid> memberIds, Guid sessionId, DateTimeOffset asOf) =>
        ChangeMembershipAsync(ConversationKind.Session, conversation => conversation.SetSessionMembers(memberIds, sessionId, asOf, _lastAssigned), viewer: Guid.Empty);

    /// <summary>
    /// Creates the conversation if needed and applies <paramref name="change"/> (true when it changed something) to a
    /// copy, stores the copy, and only then makes it the conversation: a failed write changes nothing, so a retried
    /// event finds the change still to do. The members' relays are subscribed before this returns (a first message
    /// right after reaches everyone), and every member is told: new members learn of the conversation, others of the change.
    /// </summary>
    private async Task<ConversationView> ChangeMembershipAsync(ConversationKind kind, Func<ConversationDocument, bool> change, Guid viewer)
    {
        await _documentWrite.WaitAsync();
        try
        {
            var isNew = _conversation is null;
            var now = time.GetUtcNow();
            var changed = _conversation?.Copy()
                ?? new ConversationDocument { Id = Id, Kind = kind, CreatedAt = now, ActiveAt = now, LastSequence = _lastAssigned };
            if (!change(changed) && !isNew)
            {
                return ViewFor(viewer);
            }
            await using var db = store.OpenSession();
            if (isNew)
            {
                db.Insert(changed);
            }
            else
            {
                db.Replace(changed);
            }
            await db.SaveChangesAsync();
            if (_conversation is not null)
            {
                changed.CatchUpBookkeeping(_conversation);
            }
            _conversation = changed;
            _blocks = await BlockList.AmongAsync(db, changed.MemberIds);
        }
        catch (Exception ex) when (ex is DocumentConcurrencyException or DuplicateDocumentException)
        {
            // Another activation wrote first (a silo was being declared dead): make way for a single fresh one.
            DeactivateOnIdle();
            throw;
        }
        finally
        {
            _documentWrite.Release();
        }
        foreach (var member in _conversation.MemberIds)
        {
            foreach (var relay in await GrainFactory.GetGrain<IUserGrain>(member).GetRelays())
            {
                await Subscribe(relay);
            }
            GrainFactory.GetGrain<IUserGrain>(member).Push(ClientEvents.ConversationOpened, ViewFor(member)).Ignore();
        }
        return ViewFor(viewer);
    }

    public Task<Outcome<ConversationView>> View(Guid viewer) =>
        Task.FromResult(IsMember(viewer) ? Outcome.Ok(ViewFor(viewer)) : Outcome.Fail<ConversationView>(ChatError.ConversationNotFound));

    public async Task<Outcome<MessageView>> Send(Guid senderId, string clientMessageId, string text)
    {
        if (!IsMember(senderId))
        {
            return Outcome.Fail<MessageView>(ChatError.ConversationNotFound);
        }
        if (_conversation!.Kind == ConversationKind.Direct && _conversation.MemberIds.Count < 2)
        {
            return Outcome.Fail<MessageView>(ChatError.ConversationClosed);
        }
        var key = (senderId, clientMessageId);
        if (!_recentSends.TryGet(key, out var send))
        {
            var message = MessageDocument.New(Id, ++_lastAssigned, senderId, clientMessageId, text, time.GetUtcNow());
            send = StoreAsync(message);
            _recentSends.Remember(key, send);
        }
        try
        {
            return Outcome.Ok(await send);
        }
        catch (DuplicateDocumentException)
        {
            _recentSends.Forget(key, send);
            return await StoredEarlierAsync(senderId, clientMessageId);
        }
        catch
        {
            // Not stored: the client retries with the same client message id and gets a new sequence number.
            _recentSends.Forget(key, send);
            throw;
        }
    }

    public Task<Outcome<MessageView>> Edit(Guid userId, long sequence, string text) =>
        ChangeOwnMessageAsync(userId, sequence, message =>
        {
            message.Text = text;
            message.EditedAt = time.GetUtcNow();
        });

    public Task<Outcome<MessageView>> Delete(Guid userId, long sequence) =>
        ChangeOwnMessageAsync(userId, sequence, message => message.Delete(time.GetUtcNow()));

    public async Task RemoveByModeration(long sequence)
    {
        await using var db = store.OpenSession();
        var message = await db.LoadAsync<MessageDocument>(MessageDocument.IdFor(Id, sequence));
        if (message is null || message.RemovedAt is not null)
        {
            return;
        }
        message.RemoveByModeration(time.GetUtcNow());
        db.Replace(message);
        await db.SaveChangesAsync();
        FanOut(ClientEvents.MessageChanged, message.SenderId, message.ToView());
    }

    public Task<Outcome<ReadReceipt>> MarkRead(Guid userId, long sequence)
    {
        if (!IsMember(userId))
        {
            return Task.FromResult(Outcome.Fail<ReadReceipt>(ChatError.ConversationNotFound));
        }
        var receipt = new ReadReceipt(Id, userId, AdvanceReadMarker(userId, sequence));
        FanOut(ClientEvents.Read, userId, receipt);
        return Task.FromResult(Outcome.Ok(receipt));
    }

    public Task<ChatError> Typing(Guid userId)
    {
        if (!IsMember(userId))
        {
            return Task.FromResult(ChatError.ConversationNotFound);
        }
        FanOut(ClientEvents.Typing, userId, new TypingSignal(Id, userId), includeSender: false);
        return Task.FromResult(ChatError.None);
    }

    public Task Subscribe(IChatRelay relay)
    {
        _relays.Subscribe(relay);
        return Task.CompletedTask;
    }

    public Task Unsubscribe(IChatRelay relay)
    {
        _relays.Unsubscribe(relay);
        return Task.CompletedTask;
    }

    public Task BlocksChanged(Guid blockerId, Guid blockedId, bool isBlocked)
    {
        _blocks.Set(blockerId, blockedId, isBlocked);
        return Task.CompletedTask;
    }

    public async Task RemoveErasedMember(Guid userId)
    {
        if (!IsMember(userId))
        {
            return;
        }
        await ChangeMembershipAsync(_conversation!.Kind, conversation =>
        {
            conversation.MemberIds.Remove(userId);
            conversation.ReadMarkers.RemoveAll(marker => marker.UserId == userId);
            return true;
        }, viewer: Guid.Empty);
        // No new send is accepted now; those already on their way to the archive must land before the caller empties
        // this person's messages, or they would escape the erasure.
        await _recentSends.SettleAndForgetAsync(userId);
    }

    private async Task<MessageView> StoreAsync(MessageDocument message)
    {
        MessageView? stored = null;
        try
        {
            await archive.AppendAsync(message);
            stored = message.ToView();
            return stored;
        }
        finally
        {
            Settle(message.Sequence, stored);
        }
    }

    /// <summary>
    /// Hands stored messages to the relays in sequence order, whatever order their commits completed in. A sequence
    /// whose write failed is skipped (a hole the clients' backfill simply does not find).
    /// </summary>
    private void Settle(long sequence, MessageView? stored)
    {
        _settled[sequence] = stored;
        while (_settled.Remove(_lastDelivered + 1, out var next))
        {
            _lastDelivered++;
            if (next is null)
            {
                continue;
            }
            _conversation!.LastSequence = next.Sequence;
            _conversation.LastMessageAt = next.SentAt;
            _conversation.ActiveAt = next.SentAt;
            _conversation.RecordWriter(next.SenderId);
            AdvanceReadMarker(next.SenderId, next.Sequence);
            FanOut(ClientEvents.Message, next.SenderId, next);
            _away!.CountAsync(next, Recipients(next.SenderId, includeSender: false)).Ignore();
        }
    }

    private async Task<Outcome<MessageView>> StoredEarlierAsync(Guid senderId, string clientMessageId)
    {
        await using var db = store.OpenSession();
        var earlier = await db.Query<MessageDocument>()
            .Where(message => message.ConversationId == Id && message.SenderId == senderId && message.ClientMessageId == clientMessageId)
            .FirstOrDefaultAsync();
        if (earlier is not null)
        {
            return Outcome.Ok(earlier.ToView());
        }
        // The sequence number itself was taken: another activation of this conversation is writing. Make way.
        logger.LogWarning("Conversation {ConversationId} found its next sequence number taken; deactivating", Id);
        DeactivateOnIdle();
        return Outcome.Fail<MessageView>(ChatError.Concurrent);
    }

    private async Task<Outcome<MessageView>> ChangeOwnMessageAsync(Guid userId, long sequence, Action<MessageDocument> change)
    {
        if (!IsMember(userId))
        {
            return Outcome.Fail<MessageView>(ChatError.ConversationNotFound);
        }
        await using var db = store.OpenSession();
        var message = await db.LoadAsync<MessageDocument>(MessageDocument.IdFor(Id, sequence));
        if (message is null || message.Deleted)
        {
            return Outcome.Fail<MessageView>(ChatError.MessageNotFound);
        }
        if (message.SenderId != userId)
        {
            return Outcome.Fail<MessageView>(ChatError.NotTheAuthor);
        }
        change(message);
        db.Replace(message);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DocumentConcurrencyException)
        {
            return Outcome.Fail<MessageView>(ChatError.Concurrent);
        }
        var view = message.ToView();
        FanOut(ClientEvents.MessageChanged, userId, view);
        return Outcome.Ok(view);
    }

    private long AdvanceReadMarker(Guid userId, long sequence)
    {
        var (readUpTo, moved) = _conversation!.AdvanceReadMarker(userId, sequence, _lastDelivered);
        _dirty |= moved;
        return readUpTo;
    }

    /// <summary>
    /// To the relays of the silos listening to this conversation, for the members who have not blocked
    /// <paramref name="from"/> (the sender's own other devices included, unless <paramref name="includeSender"/> is false).
    /// </summary>
    private void FanOut(string clientEvent, Guid from, object payload, bool includeSender = true)
    {
        _dirty |= clientEvent == ClientEvents.Message;
        var recipients = Recipients(from, includeSender);
        if (payload is MessageView message)
        {
            // An edit of a message from before someone joined is not theirs to see either.
            recipients.RemoveAll(member => _conversation!.HistoryFloorOf(member) >= message.Sequence);
        }
        if (recipients.Count == 0)
        {
            return;
        }
        _relays.Deliver(new ChatDelivery(clientEvent, recipients, payload));
    }

    private List<Guid> Recipients(Guid from, bool includeSender) =>
        [.. _conversation!.MemberIds.Where(member => (includeSender || member != from) && !_blocks.Blocks(member, from))];

    private async Task SaveBookkeepingAsync()
    {
        if (!_dirty || _conversation is null)
        {
            return;
        }
        await _documentWrite.WaitAsync();
        try
        {
            _dirty = false;
            // A copy: sends and receipts keep changing the live document while it is being written.
            var saved = _conversation.Copy();
            await using var db = store.OpenSession();
            db.Replace(saved);
            await db.SaveChangesAsync();
            _conversation.Version = saved.Version;
        }
        catch (DocumentConcurrencyException)
        {
            logger.LogWarning("Conversation {ConversationId} was written by another activation; deactivating", Id);
            DeactivateOnIdle();
        }
        catch (Exception ex)
        {
            _dirty = true;
            logger.LogWarning(ex, "Could not save the bookkeeping of conversation {ConversationId}; retrying", Id);
        }
        finally
        {
            _documentWrite.Release();
        }
    }

    private bool IsMember(Guid userId) => _conversation?.IsMember(userId) == true;

    private ConversationView ViewFor(Guid viewer) => _conversation!.ViewFor(viewer, _lastDelivered);
}
