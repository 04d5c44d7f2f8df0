using System.Threading.Channels;

namespace SkillSwap.EventBus.Outbox;

/// <summary>
/// Wakes the outbox relay right after a commit that wrote events, so they leave within milliseconds instead of
/// waiting for the next poll. Signals are coalesced; a lost one only costs one poll interval.
/// </summary>
public interface IOutboxSignal
{
    void Notify();
}

internal sealed class OutboxSignal : IOutboxSignal
{
    private readonly Channel<bool> _pending = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
    });

    public void Notify() => _pending.Writer.TryWrite(true);

    /// <summary>Returns when signalled or after <paramref name="timeout"/>, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await _pending.Reader.ReadAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The poll interval elapsed: look at the outbox anyway.
        }
    }
}
