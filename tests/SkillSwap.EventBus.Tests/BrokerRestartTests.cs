using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using SkillSwap.EventBus.EntityFrameworkCore.Outbox;
using SkillSwap.EventBus.Tests.Infrastructure;
using SkillSwap.Testing;
using Xunit;
using Xunit.Abstractions;

namespace SkillSwap.EventBus.Tests;

/// <summary>Owns its broker, because it restarts it in the middle of a burst.</summary>
public sealed class BrokerRestartTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int EventCount = 300;
    private RabbitMqServer _broker = null!;

    public async Task InitializeAsync() => _broker = await SharedServers.StartAsync(new RabbitMqServer());

    public async Task DisposeAsync() => await _broker.DisposeAsync();

    [Fact]
    public async Task Every_event_of_a_burst_is_handled_exactly_once_across_a_broker_restart()
    {
        var postgres = await SharedServers.PostgresAsync();
        var names = BusNames.Unique("restart");
        // Two services, two databases: the publisher's outbox and the consumer's inbox are not shared.
        await using var consumer = await EventBusTestHost.StartAsync(
            _broker.ConnectionString, await postgres.CreateDatabaseAsync("bus_consumer"), names, output);
        await using var publisher = await EventBusTestHost.StartAsync(
            _broker.ConnectionString, await postgres.CreateDatabaseAsync("bus_publisher"),
            names with { ServiceName = names.ServiceName + "-publisher" }, output, subscribe: false);

        var clock = Stopwatch.StartNew();
        List<SampleHappened> written = [];
        Task? restart = null;
        for (var number = 0; number < EventCount; number++)
        {
            written.Add(await publisher.WriteThroughOutboxAsync(new SampleHappened(number)));
            if (number == EventCount / 3)
            {
                output.WriteLine($"{clock.Elapsed}: restarting the broker after {number + 1} events");
                restart = Task.Run(_broker.RestartAsync);
            }
            // Spread the burst so that a good part of it is written while the broker is down and coming back.
            await Task.Delay(15);
        }
        await restart!;
        output.WriteLine($"{clock.Elapsed}: burst written, broker back up");

        await Eventually.WaitUntilAsync(
            async () => await consumer.QueryAsync(db => db.HandledEvents.CountAsync()) == EventCount,
            TimeSpan.FromSeconds(45),
            () => $"{consumer.Log.Completions.Count} of {EventCount} events handled");
        output.WriteLine($"{clock.Elapsed}: all handled; duplicates skipped by the inbox so far: {consumer.Log.Duplicates}");

        // The relay crashing between the broker's confirm and marking the rows would publish these again:
        // simulate it, so the inbox's de-duplication is exercised on every run and not only when the restart
        // happens to catch a delivery in flight.
        var republished = written.Take(25).Ids();
        var duplicatesBefore = consumer.Log.Duplicates;
        await publisher.QueryAsync(db => db.Set<OutboxRecord>()
            .Where(m => republished.Contains(m.EventId))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.PublishedAt, (DateTimeOffset?)null)));
        publisher.WakeRelay();
        await Eventually.WaitUntilAsync(
            () => Task.FromResult(consumer.Log.Duplicates >= duplicatesBefore + republished.Length),
            TimeSpan.FromSeconds(15),
            () => $"{consumer.Log.Duplicates - duplicatesBefore} of {republished.Length} republished events seen");

        var handled = await consumer.QueryAsync(db => db.HandledEvents.Select(h => h.EventId).ToListAsync());
        Assert.Equal(EventCount, handled.Count);
        Assert.Equal(written.Ids().Order(), handled.Order());
        Assert.All(written, e => Assert.Equal(1, consumer.Log.Completions.GetValueOrDefault(e.Id)));
        Assert.Equal(EventCount, await consumer.QueryAsync(db => db.Set<SkillSwap.EventBus.EntityFrameworkCore.Inbox.InboxRecord>().CountAsync()));
        Assert.Equal(0, await publisher.QueryAsync(db => db.Set<OutboxRecord>().CountAsync(m => m.PublishedAt == null)));
        output.WriteLine($"{clock.Elapsed}: {EventCount} handled once each; {consumer.Log.Duplicates} redeliveries skipped by the inbox");
    }
}
