using SkillSwap.Testing;

namespace SkillSwap.Chat.Tests;

/// <summary>
/// Exactly what a reader is pushed, as the strict record of pushes shows it. On the cluster whose rate limits are lifted
/// (one person sends far faster than a person types here), shared with <see cref="ReplicaFailureTests"/>.
/// </summary>
[Collection(ReplicaFailureCollection.Name)]
public sealed class PushOrderTests(ReplicaFailureCluster app)
{
    /// <summary>
    /// Issue 18: the relay's ordering, read from the strict record of pushes (not the sorted, gap-filled view). Four of
    /// Alice's devices send at once through replica 0, where the conversation lives; Bob on replica 1 must be pushed
    /// every message once, in sequence order, with nothing to fetch. Fails when the grain hands a relay several batches
    /// at once.
    /// </summary>
    [Fact]
    public async Task A_busy_conversation_is_pushed_to_a_reader_on_the_other_replica_in_order_once_each_and_without_gaps()
    {
        const int perSender = 50;
        var (alice, bob, conversation) = await app.PairAsync();
        await using var bobApp = await app.ConnectAsync(bob, replica: 1, catchUpOnGaps: false);
        var senders = new List<ChatAppClient>();
        for (var i = 0; i < 4; i++)
        {
            senders.Add(await app.ConnectAsync(alice, replica: 0));
        }

        await Task.WhenAll(senders.Select((sender, index) => Task.Run(async () =>
        {
            for (var i = 0; i < perSender; i++)
            {
                await sender.SendAsync(conversation, $"busy-{index}-{i:D2}", $"message {i} from device {index}");
            }
        })));
        var total = senders.Count * perSender;
        await Eventually.WaitUntilAsync(() => Task.FromResult(bobApp.PushedSequences(conversation).Count >= total), TimeSpan.FromSeconds(30),
            () => $"Bob was pushed {bobApp.PushedSequences(conversation).Count} of {total}");

        Assert.Equal(Enumerable.Range(1, total).Select(sequence => (long)sequence), bobApp.PushedSequences(conversation));
        Assert.Equal(0, bobApp.DuplicatesIgnored);
        foreach (var sender in senders)
        {
            await sender.DisposeAsync();
        }
    }

}
