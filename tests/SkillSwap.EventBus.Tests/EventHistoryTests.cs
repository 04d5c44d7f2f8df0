using Microsoft.EntityFrameworkCore;
using SkillSwap.EventBus.EntityFrameworkCore.Outbox;
using SkillSwap.EventBus.Tests.Infrastructure;
using SkillSwap.IntegrationEvents;
using SkillSwap.Testing;
using Xunit;
using Xunit.Abstractions;

namespace SkillSwap.EventBus.Tests;

/// <summary>The history queue: measured events wait there from the first one published, for a reader that did not exist yet.</summary>
public sealed class EventHistoryTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_measured_event_published_before_its_reader_first_ran_reaches_it_once_and_only_from_the_history()
    {
        var broker = await SharedServers.RabbitMqAsync();
        var postgres = await SharedServers.PostgresAsync();
        var publisherNames = BusNames.Unique("history-publisher");
        var readerNames = publisherNames with { ServiceName = $"history-reader-{Guid.NewGuid():N}"[..23] };
        var historyQueue = $"history-{Guid.NewGuid():N}";
        void SameHistory(EventBusOptions options) => options.HistoryQueueName = historyQueue;

        await using var publisher = await EventBusTestHost.StartAsync(
            broker.ConnectionString, await postgres.CreateDatabaseAsync("bus_history_publisher"), publisherNames, output, subscribe: false, configure: SameHistory);
        var early = await publisher.WriteThroughOutboxAsync(new NpsAnswered(Guid.CreateVersion7(), 9));
        await Eventually.WaitUntilAsync(
            () => publisher.QueryAsync(db => db.Set<OutboxRecord>().AnyAsync(m => m.EventId == early.Id && m.PublishedAt != null)),
            TimeSpan.FromSeconds(20),
            () => "the relay never published the early event");

        // The reader starts only now, with the event already confirmed by the broker: pub/sub alone would have lost it.
        await using var reader = await EventBusTestHost.StartAsync(
            broker.ConnectionString, await postgres.CreateDatabaseAsync("bus_history_reader"), readerNames, output, configure: SameHistory,
            subscriptions: bus => bus.ReadEventHistory().AddSubscription<NpsAnswered, RecordingMeasuredHandler>());
        var late = await publisher.WriteThroughOutboxAsync(new NpsAnswered(Guid.CreateVersion7(), 3));

        await Eventually.WaitUntilAsync(
            () => Task.FromResult(reader.Log.Completions.ContainsKey(early.Id) && reader.Log.Completions.ContainsKey(late.Id)),
            TimeSpan.FromSeconds(20),
            () => $"handled: {string.Join(", ", reader.Log.Completions.Keys)}");
        // Its own queue is not bound to measured events: each arrives once, not once per queue.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal((1, 1, 0), (reader.Log.Completions[early.Id], reader.Log.Completions[late.Id], reader.Log.Duplicates));
    }
}
