using System.Diagnostics;
using SkillSwap.EventBus.Telemetry;
using SkillSwap.EventBus.Tests.Infrastructure;
using SkillSwap.Testing;
using Xunit;
using Xunit.Abstractions;

namespace SkillSwap.EventBus.Tests;

public sealed class TraceContextTests(ITestOutputHelper output)
{
    private const string RequestSourceName = "SkillSwap.EventBus.Tests.Request";
    private static readonly ActivitySource RequestSource = new(RequestSourceName);

    [Fact]
    public async Task The_consumer_activity_continues_the_trace_that_wrote_the_event()
    {
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is EventBusTelemetry.Name or RequestSourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);

        var broker = await SharedServers.RabbitMqAsync();
        var postgres = await SharedServers.PostgresAsync();
        var names = BusNames.Unique("trace");
        await using var service = await EventBusTestHost.StartAsync(broker.ConnectionString, await postgres.CreateDatabaseAsync("bus_trace"), names, output);

        SampleHappened written;
        ActivityTraceId requestTrace;
        using (var request = RequestSource.StartActivity("POST /things"))
        {
            Assert.NotNull(request);
            requestTrace = request.TraceId;
            written = await service.WriteThroughOutboxAsync(new SampleHappened(7));
        }

        await Eventually.WaitUntilAsync(
            () => Task.FromResult(service.Log.Completions.ContainsKey(written.Id)),
            TimeSpan.FromSeconds(15),
            () => "event not handled");

        var handling = service.Log.Activities[written.Id];
        Assert.NotNull(handling);
        Assert.Equal(EventBusTelemetry.Name, handling.Source.Name);
        Assert.Equal(ActivityKind.Consumer, handling.Kind);
        Assert.Equal(requestTrace, handling.TraceId);
        // The consumer hangs below the relay's producer span, itself below the request.
        Assert.NotEqual(default, handling.ParentSpanId);
    }
}
