using System.Diagnostics;
using System.Threading.Channels;
using SkillSwap.DocumentStore;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.Chat.Messages;

/// <summary>
/// Appends messages to the archive for every conversation grain of this silo, in group commits: whatever arrived while
/// the previous commit ran goes in the next one. One commit per message would cap a conversation at one round trip per
/// message (about 1,000/s); a batch costs little more than a single insert. A send is acknowledged only once its
/// batch committed, so an acknowledged message survives the silo. The first message a member sends on a day (as far as
/// this silo knows) announces <see cref="ChatMemberWrote"/> in its batch's commit.
/// </summary>
public sealed class MessageArchiveWriter(IDocumentStore store, ILogger<MessageArchiveWriter> logger) : BackgroundService
{
    private const int MaxBatch = 500;
    /// <summary>The last day each sender's writing was announced from this silo; read and written by the single reader only.</summary>
    private readonly Dictionary<Guid, DateOnly> _announcedDays = [];
    private DateOnly _prunedOn;
    private readonly Channel<PendingMessage> _queue = Channel.CreateUnbounded<PendingMessage>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Completes when the message is stored; fails with <see cref="DuplicateDocumentException"/> when its id or client id is taken.</summary>
    public Task AppendAsync(MessageDocument message)
    {
        var pending = new PendingMessage(message, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            pending.Stored.SetException(new InvalidOperationException("The message archive is shutting down."));
        }
        return pending.Stored.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<PendingMessage>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending))
                {
                    batch.Add(pending);
                }
                await CommitAsync(batch);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            _queue.Writer.TryComplete();
            while (_queue.Reader.TryRead(out var pending))
            {
                pending.Stored.TrySetCanceled(stoppingToken);
            }
        }
    }

    private async Task CommitAsync(List<PendingMessage> batch)
    {
        try
        {
            await InsertAsync(batch);
            batch.ForEach(pending => pending.Stored.TrySetResult());
        }
        catch (DuplicateDocumentException) when (batch.Count > 1)
        {
            // One retried send sank the whole batch: store the others one by one, so only the duplicate fails.
            foreach (var pending in batch)
            {
                await CommitAsync([pending]);
            }
        }
        catch (Exception ex)
        {
            if (ex is not DuplicateDocumentException)
            {
                logger.LogWarning(ex, "Could not store {Count} messages", batch.Count);
            }
            batch.ForEach(pending => pending.Stored.TrySetException(ex));
        }
    }

    private async Task InsertAsync(List<PendingMessage> batch)
    {
        var started = Stopwatch.GetTimestamp();
        await using var db = store.OpenSession();
        foreach (var pending in batch)
        {
            db.Insert(pending.Message);
        }
        var firstOfTheirDay = batch
            .Select(pending => (pending.Message.SenderId, Day: DateOnly.FromDateTime(pending.Message.SentAt.UtcDateTime)))
            .Distinct()
            .Where(writing => _announcedDays.GetValueOrDefault(writing.SenderId) < writing.Day)
            .ToList();
        foreach (var (senderId, day) in firstOfTheirDay)
        {
            db.PublishOnCommit(new ChatMemberWrote(senderId, day));
        }
        await db.SaveChangesAsync();
        foreach (var (senderId, day) in firstOfTheirDay)
        {
            _announcedDays[senderId] = day;
        }
        ForgetEarlierDays(batch.Max(pending => DateOnly.FromDateTime(pending.Message.SentAt.UtcDateTime)));
        ChatMetrics.ArchiveCommitted(batch.Count, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>Once a day, drops the entries that can no longer spare an announcement (before yesterday).</summary>
    private void ForgetEarlierDays(DateOnly today)
    {
        if (today <= _prunedOn)
        {
            return;
        }
        _prunedOn = today;
        foreach (var (senderId, _) in _announcedDays.Where(entry => entry.Value < today.AddDays(-1)).ToList())
        {
            _announcedDays.Remove(senderId);
        }
    }

    private sealed record PendingMessage(MessageDocument Message, TaskCompletionSource Stored);
}
