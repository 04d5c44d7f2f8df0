using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SkillSwap.AppHost.Startup;

/// <summary>
/// What there is to go on when the application did not start: each resource's state and failing health checks, and
/// the last log lines of each one that is not healthy. One report for the person at the terminal of
/// <c>./skillswap run</c> (<see cref="StartupReporter"/>) and for the suites that start the AppHost (CI keeps nothing
/// but a failure's message).
/// </summary>
public static class ResourceReport
{
    private const int LogLinesPerResource = 10;
    private static readonly TimeSpan LogFetchLimit = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Every resource's state and failing checks, then the last lines of <paramref name="logsOf"/> (resource ids), or of
    /// each resource neither healthy nor waiting for another (whose lines only say what it waits for).
    /// </summary>
    public static async Task<string> DescribeAsync(
        ResourceNotificationService notifications, ResourceLoggerService loggers, IReadOnlyCollection<string>? logsOf = null)
    {
        var latest = await LatestEventsAsync(notifications);
        var report = new StringBuilder();
        foreach (var (name, current) in latest)
        {
            var snapshot = current.Snapshot;
            report.AppendLine($"- {name}: {Describe(snapshot)}");
            foreach (var check in snapshot.HealthReports.Where(check => check.Status != HealthStatus.Healthy))
            {
                report.AppendLine($"    check {check.Name}: {check.Status?.ToString() ?? "not run yet"} {check.Description} {check.ExceptionText?.Split('\n')[0]}");
            }
        }

        var stuck = logsOf ?? [.. latest
            .Where(resource => resource.Value.Snapshot.HealthStatus != HealthStatus.Healthy
                && resource.Value.Snapshot.State?.Text != KnownResourceStates.NotStarted
                && resource.Value.Snapshot.State?.Text != KnownResourceStates.Waiting)
            .Select(resource => resource.Key)];
        foreach (var name in stuck)
        {
            report.Append(await LastLinesAsync(loggers, name));
        }
        return report.ToString();
    }

    /// <summary>The last lines <paramref name="resourceId"/> wrote (a replica goes by its own id, e.g. <c>chat-x2b4c</c>).</summary>
    public static async Task<string> LastLinesAsync(ResourceLoggerService loggers, string resourceId)
    {
        var report = new StringBuilder();
        var lines = new List<LogLine>();
        // The logs come from the orchestrator, which may be what is stuck.
        using var fetching = new CancellationTokenSource(LogFetchLimit);
        try
        {
            await foreach (var batch in loggers.GetAllAsync(resourceId).WithCancellation(fetching.Token))
            {
                lines.AddRange(batch);
            }
        }
        catch (OperationCanceledException)
        {
            report.AppendLine($"{resourceId}: its logs did not come within {LogFetchLimit.TotalSeconds:0} s");
        }
        report.AppendLine($"{resourceId}'s last lines:");
        foreach (var line in lines.TakeLast(LogLinesPerResource))
        {
            report.AppendLine($"    {(line.IsErrorMessage ? "err" : "out")}| {Shorten(line.Content)}");
        }
        return report.ToString();
    }

    /// <summary>"Running, healthy", "Exited (exit code 134)", "Waiting".</summary>
    public static string Describe(CustomResourceSnapshot snapshot)
    {
        var state = snapshot.State?.Text is { Length: > 0 } text ? text : "Unknown";
        if (snapshot.ExitCode is { } exitCode && KnownResourceStates.TerminalStates.Contains(state))
        {
            return $"{state} (exit code {exitCode})";
        }
        return state == KnownResourceStates.Running && snapshot.HealthReports.Length > 0
            ? $"{state}, {(snapshot.HealthStatus == HealthStatus.Healthy ? "healthy" : "not healthy yet")}"
            : state;
    }

    /// <summary>Watching replays every resource's current state (replicas each under their own id) before waiting for more.</summary>
    private static async Task<SortedDictionary<string, ResourceEvent>> LatestEventsAsync(ResourceNotificationService notifications)
    {
        var latest = new SortedDictionary<string, ResourceEvent>(StringComparer.Ordinal);
        using var replayed = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await foreach (var resourceEvent in notifications.WatchAsync(replayed.Token))
            {
                if (resourceEvent.Snapshot.IsHidden)
                {
                    continue;
                }
                latest[resourceEvent.ResourceId] = resourceEvent;
            }
        }
        catch (OperationCanceledException)
        {
            // The replay is over.
        }
        return latest;
    }

    /// <summary>A service's JSON log line can carry a whole stack or DDL script; the start of it is what a reader needs.</summary>
    private static string Shorten(string line) => line.Length > 400 ? $"{line[..400]}…" : line;
}
