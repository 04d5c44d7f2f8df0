using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SkillSwap.EventBus.EntityFrameworkCore.Inbox;
using SkillSwap.EventBus.EntityFrameworkCore.Outbox;
using SkillSwap.EventBus.Retention;
using SkillSwap.EventBus.Tests.Infrastructure;
using SkillSwap.Testing;
using Xunit;
using Xunit.Abstractions;

namespace SkillSwap.EventBus.Tests;

public sealed class RetentionTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Published_rows_and_handled_records_go_after_their_retention_and_an_unpublished_row_never()
    {
        var broker = await SharedServers.RabbitMqAsync();
        var postgres = await SharedServers.PostgresAsync();
        var clock = new TestClock();
        await using var service = await EventBusTestHost.StartAsync(
            broker.ConnectionString, await postgres.CreateDatabaseAsync("bus_retention"), BusNames.Unique("retention"), output,
            configure: options =>
            {
                options.PublishedEventRetention = TimeSpan.FromDays(7);
                options.HandledEventRetention = TimeSpan.FromDays(14);
                // Only a commit wakes the relay, so the row written below behind its back stays unpublished.
                options.RelayPollInterval = TimeSpan.FromHours(1);
            },
            clock: clock);

        var handled = await service.WriteThroughOutboxAsync(new SampleHappened(1));
        await Eventually.WaitUntilAsync(
            () => service.QueryAsync(db => db.Set<OutboxRecord>().AnyAsync(m => m.EventId == handled.Id && m.PublishedAt != null)),
            TimeSpan.FromSeconds(10), () => "the event was not published");
        await Eventually.WaitUntilAsync(
            () => service.QueryAsync(db => db.Set<InboxRecord>().AnyAsync(m => m.EventId == handled.Id)),
            TimeSpan.FromSeconds(10), () => "the event was not handled");
        // As if the broker had refused it for weeks: an event committed long ago and never published.
        var unpublished = Guid.CreateVersion7();
        await service.QueryAsync(db => db.Database.ExecuteSqlAsync(
            $"INSERT INTO outbox_messages (event_id, event_type, payload, occurred_at) VALUES ({unpublished}, 'SampleHappened', '{{}}', {DateTimeOffset.UtcNow.AddDays(-30)})"));
        var sweep = service.Services.GetServices<IHostedService>().OfType<EventBusRetentionSweep>().Single();

        async Task<(bool Published, bool Unpublished, bool Handled)> RemainingAfterSweepAsync(TimeSpan later)
        {
            clock.Advance(later);
            await sweep.RunOnceAsync(CancellationToken.None);
            return await service.QueryAsync(async db => (
                await db.Set<OutboxRecord>().AnyAsync(m => m.EventId == handled.Id),
                await db.Set<OutboxRecord>().AnyAsync(m => m.EventId == unpublished),
                await db.Set<InboxRecord>().AnyAsync(m => m.EventId == handled.Id)));
        }

        Assert.Equal((true, true, true), await RemainingAfterSweepAsync(TimeSpan.FromDays(6)));
        Assert.Equal((false, true, true), await RemainingAfterSweepAsync(TimeSpan.FromDays(2)));
        Assert.Equal((false, true, false), await RemainingAfterSweepAsync(TimeSpan.FromDays(7)));
    }
}
