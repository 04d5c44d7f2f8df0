using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SkillSwap.Testing;

/// <summary>
/// Starts an AppHost under test and waits until the given resources are healthy. A start that never finishes fails
/// with what there is to go on (each resource's state and failing checks, the last lines of each one not healthy),
/// since CI keeps nothing but the failure's message. Compiled into the suites that start the AppHost (linked file:
/// SkillSwap.Testing does not carry Aspire.Hosting into every suite).
/// </summary>
internal static class HealthyStart
{
    private const int LogLinesPerResource = 10;

    public static async Task StartHealthyAsync(this DistributedApplication app, IEnumerable<string> resources, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        var awaited = "every resource to start";
        try
        {
            await app.StartAsync(timeout.Token);
            foreach (var resource in resources)
            {
                awaited = resource;
                await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"The application was not healthy within {within.TotalSeconds:0} s (waiting for {awaited}).\n{await DescribeResourcesAsync(app)}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The testing host gives up at once on a resource that failed to start or exited (Redis refusing its port).
            throw new InvalidOperationException(
                $"The application did not start (waiting for {awaited}): {ex.Message}\n{await DescribeResourcesAsync(app)}", ex);
        }
    }

    private static async Task<string> DescribeResourcesAsync(DistributedApplication app)
    {
        // Watching replays every resource's current state (replicas each under their own id) before waiting for more.
        var latest = new SortedDictionary<string, ResourceEvent>(StringComparer.Ordinal);
        using (var replayed = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
        {
            try
            {
                await foreach (var resourceEvent in app.ResourceNotifications.WatchAsync(replayed.Token))
                {
                    latest[resourceEvent.ResourceId] = resourceEvent;
                }
            }
            catch (OperationCanceledException)
            {
                // The replay is over.
            }
        }

        var report = new StringBuilder();
        foreach (var (name, current) in latest)
        {
            var snapshot = current.Snapshot;
            report.AppendLine($"- {name}: {snapshot.State?.Text ?? "unknown"}, health {snapshot.HealthStatus?.ToString() ?? "not checked"}");
            foreach (var check in snapshot.HealthReports.Where(check => check.Status != HealthStatus.Healthy))
            {
                report.AppendLine($"    check {check.Name}: {check.Status?.ToString() ?? "not run yet"} {check.Description} {check.ExceptionText?.Split('\n')[0]}");
            }
        }

        var loggers = app.Services.GetRequiredService<ResourceLoggerService>();
        var stuck = latest.Where(resource => resource.Value.Snapshot.HealthStatus != HealthStatus.Healthy
            && resource.Value.Snapshot.State?.Text != KnownResourceStates.NotStarted);
        foreach (var (name, _) in stuck)
        {
            var lines = new List<LogLine>();
            // The logs come from the orchestrator, which may be what is stuck.
            using var fetching = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await foreach (var batch in loggers.GetAllAsync(name).WithCancellation(fetching.Token))
                {
                    lines.AddRange(batch);
                }
            }
            catch (OperationCanceledException)
            {
                report.AppendLine($"{name}: its logs did not come within 5 s");
            }
            report.AppendLine($"{name}'s last lines:");
            foreach (var line in lines.TakeLast(LogLinesPerResource))
            {
                report.AppendLine($"    {(line.IsErrorMessage ? "err" : "out")}| {line.Content}");
            }
        }
        return report.ToString();
    }
}
