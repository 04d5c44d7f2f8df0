using System.Diagnostics;
using SkillSwap.EventBus.Tests.Infrastructure;
using SkillSwap.Testing;
using Xunit;
using Xunit.Abstractions;

namespace SkillSwap.EventBus.Tests;

public sealed class OutboxSignalTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_commit_wakes_the_relay_without_waiting_for_the_poll()
    {
        var broker = await SharedServers.RabbitMqAsync();
        var postgres = await SharedServers.PostgresAsync();
        var names = BusNames.Unique("signal");
        await using var service = await EventBusTestHost.StartAsync(
            broker.ConnectionString, await postgres.CreateDatabaseAsync("bus_signal"), names, output,
            configure: options => options.RelayPollInterval = TimeSpan.FromMinutes(5));

        var clock = Stopwatch.StartNew();
        var written = await service.WriteThroughOutboxAsync(new SampleHappened(1));
        await Eventually.WaitUntilAsync(
            () => Task.FromResult(service.Log.Completions.ContainsKey(written.Id)),
            TimeSpan.FromSeconds(10),
            () => "the relay was not woken by the commit");
        output.WriteLine($"committed to handled in {clock.Elapsed}");
    }
}
