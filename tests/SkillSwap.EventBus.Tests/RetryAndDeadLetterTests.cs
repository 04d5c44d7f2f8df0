using System.Diagnostics;
using System.Text;
using Microsoft.EntityFrameworkCore;
using RabbitMQ.Client;
using SkillSwap.EventBus.Topology;
using SkillSwap.EventBus.Tests.Infrastructure;
using SkillSwap.Testing;
using Xunit;
using Xunit.Abstractions;

namespace SkillSwap.EventBus.Tests;

public sealed class RetryAndDeadLetterTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_failing_handler_is_retried_with_back_off_then_succeeds_once()
    {
        var broker = await SharedServers.RabbitMqAsync();
        var postgres = await SharedServers.PostgresAsync();
        var names = BusNames.Unique("retry");
        await using var service = await EventBusTestHost.StartAsync(broker.ConnectionString, await postgres.CreateDatabaseAsync("bus_retry"), names, output);

        var flaky = await service.WriteThroughOutboxAsync(new SampleHappened(1, FailuresBeforeSuccess: 2));

        await Eventually.WaitUntilAsync(
            () => Task.FromResult(service.Log.Completions.ContainsKey(flaky.Id)),
            TimeSpan.FromSeconds(20),
            () => $"attempts so far: {service.Log.Attempts.GetValueOrDefault(flaky.Id)}");

        Assert.Equal(3, service.Log.Attempts[flaky.Id]);
        Assert.Equal(1, service.Log.Completions[flaky.Id]);
        // Two retries waited 300 ms then 600 ms in the retry queues: each gap at least its delay, and not much more (the
        // production back-off is seconds to minutes; a retry that skipped the queue or waited in the wrong one fails).
        var times = service.Log.AttemptTimes[flaky.Id].ToArray();
        var (first, second) = (Stopwatch.GetElapsedTime(times[0], times[1]), Stopwatch.GetElapsedTime(times[1], times[2]));
        Assert.InRange(first, TimeSpan.FromMilliseconds(290), TimeSpan.FromMilliseconds(300 + 1500));
        Assert.InRange(second, TimeSpan.FromMilliseconds(590), TimeSpan.FromMilliseconds(600 + 1500));
        Assert.Equal(1, await service.QueryAsync(db => db.HandledEvents.CountAsync(h => h.EventId == flaky.Id)));
    }

    [Fact]
    public async Task Poison_messages_end_in_the_dead_letter_queue_while_the_queue_keeps_flowing()
    {
        var broker = await SharedServers.RabbitMqAsync();
        var postgres = await SharedServers.PostgresAsync();
        var names = BusNames.Unique("poison");
        await using var service = await EventBusTestHost.StartAsync(broker.ConnectionString, await postgres.CreateDatabaseAsync("bus_poison"), names, output);

        // An undeserialisable body under a subscribed type, sent straight to the exchange as a buggy publisher would.
        var factory = new ConnectionFactory { Uri = new Uri(broker.ConnectionString) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.BasicPublishAsync(names.Exchange, nameof(SampleHappened), mandatory: true,
            new BasicProperties { Type = nameof(SampleHappened), MessageId = "garbage-1", Persistent = true },
            Encoding.UTF8.GetBytes("{ this is not json"));

        var poison = await service.WriteThroughOutboxAsync(new SampleHappened(-1, AlwaysFail: true, Secret: "link-token-that-must-not-linger"));
        List<SampleHappened> healthy = [];
        for (var number = 0; number < 20; number++)
        {
            healthy.Add(await service.WriteThroughOutboxAsync(new SampleHappened(number)));
        }

        var deadLetters = new List<BasicGetResult>();
        await Eventually.WaitUntilAsync(
            async () =>
            {
                if (await channel.BasicGetAsync(names.DeadLetterQueue, autoAck: true) is { } message)
                {
                    deadLetters.Add(message);
                }
                return deadLetters.Count >= 2 && healthy.All(e => service.Log.Completions.ContainsKey(e.Id));
            },
            TimeSpan.FromSeconds(30),
            () => $"{deadLetters.Count} dead letters, {healthy.Count(e => service.Log.Completions.ContainsKey(e.Id))} of {healthy.Count} healthy events handled");

        var garbage = Assert.Single(deadLetters, m => m.BasicProperties.MessageId == "garbage-1");
        Assert.Contains("Undeserialisable", Header(garbage, EventBusTopology.LastErrorHeader));
        Assert.Null(RawHeader(garbage, EventBusTopology.AttemptsHeader));

        var failed = Assert.Single(deadLetters, m => m.BasicProperties.MessageId == poison.Id.ToString());
        Assert.Equal(3, Convert.ToInt32(failed.BasicProperties.Headers![EventBusTopology.AttemptsHeader], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("planned failure", Header(failed, EventBusTopology.LastErrorHeader));
        Assert.Equal(3, service.Log.Attempts[poison.Id]);
        Assert.False(service.Log.Completions.ContainsKey(poison.Id));
        // The copy kept for operators has everything but the secret (issue 14, finding 10).
        var failedBody = Encoding.UTF8.GetString(failed.Body.Span);
        Assert.Contains("\"number\":-1", failedBody);
        Assert.Contains(poison.Id.ToString(), failedBody);
        Assert.DoesNotContain("link-token-that-must-not-linger", failedBody);
        Assert.DoesNotContain("\"secret\"", failedBody);

        Assert.Equal(healthy.Count, await service.QueryAsync(db => db.HandledEvents.CountAsync()));
        // Nothing else is waiting: the dead-letter queue holds exactly those two.
        Assert.Null(await channel.BasicGetAsync(names.DeadLetterQueue, autoAck: true));
    }

    private static object? RawHeader(BasicGetResult message, string name) =>
        message.BasicProperties.Headers is { } headers && headers.TryGetValue(name, out var value) ? value : null;

    private static string Header(BasicGetResult message, string name) =>
        RawHeader(message, name) is byte[] bytes ? Encoding.UTF8.GetString(bytes) : "";
}
