using System.Diagnostics;

namespace SkillSwap.Benchmarks.Load;

public static class LoadGenerator
{
    /// <summary>
    /// Open loop: requests leave at a fixed rate whatever the server's speed (as real users do), so a slow
    /// server shows up as latency instead of silently lowering the load.
    /// </summary>
    public static async Task FixedRateAsync(
        Func<Task<bool>> send, int ratePerSecond, TimeSpan duration, LatencyRecorder recorder, LatencyRecorder? alsoInto = null)
    {
        var inFlight = new List<Task>(ratePerSecond * (int)Math.Ceiling(duration.TotalSeconds));
        var interval = TimeSpan.FromSeconds(1.0 / ratePerSecond);
        var clock = Stopwatch.StartNew();
        var sent = 0L;
        while (clock.Elapsed < duration)
        {
            var due = (long)(clock.Elapsed / interval);
            for (; sent < due; sent++)
            {
                inFlight.Add(SendOneAsync(send, recorder, alsoInto));
            }
            await Task.Delay(1);
        }
        await Task.WhenAll(inFlight);
        recorder.AddElapsed(duration);
        alsoInto?.AddElapsed(duration);
    }

    /// <summary>Closed loop: <paramref name="concurrency"/> clients each send as soon as their last answer came; measures capacity.</summary>
    public static async Task SaturateAsync(Func<Task<bool>> send, int concurrency, TimeSpan duration, LatencyRecorder recorder)
    {
        var clock = Stopwatch.StartNew();
        var clients = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (clock.Elapsed < duration)
            {
                await SendOneAsync(send, recorder);
            }
        });
        await Task.WhenAll(clients);
        recorder.AddElapsed(clock.Elapsed);
    }

    private static async Task SendOneAsync(Func<Task<bool>> send, LatencyRecorder recorder, LatencyRecorder? alsoInto = null)
    {
        await Task.Yield();
        var start = Stopwatch.GetTimestamp();
        bool success;
        try
        {
            success = await send();
        }
        catch (HttpRequestException)
        {
            success = false;
        }
        recorder.Record(start, success);
        alsoInto?.Record(start, success);
    }
}
