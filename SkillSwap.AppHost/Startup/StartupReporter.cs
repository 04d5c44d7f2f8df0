using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace SkillSwap.AppHost.Startup;

public sealed class StartupReportOptions
{
    public const string SectionName = "StartupReport";

    /// <summary>On for <c>./skillswap run</c> (which sets <c>StartupReport__Enabled</c>); the test hosts report their own way.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// How long every resource may take to become healthy before the run gives up and says which did not. A first start
    /// on this project's 2-core machines takes about a minute and a half (native servers initialised, schemas created, demo
    /// profiles embedded); the deadline leaves room for a slower machine.
    /// </summary>
    public TimeSpan Deadline { get; set; } = TimeSpan.FromMinutes(6);
}

public static class StartupReportExtensions
{
    /// <summary>
    /// Under <c>run</c> with <c>StartupReport:Enabled</c>, the terminal shows each resource's state as it changes, then one line
    /// with the addresses once everything is healthy; a resource that fails, exits or is still not healthy at the deadline
    /// is named with its last log lines, and the AppHost stops everything and exits with code 1.
    /// </summary>
    public static IDistributedApplicationBuilder AddStartupReport(this IDistributedApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(StartupReportOptions.SectionName).Get<StartupReportOptions>() ?? new();
        if (builder.ExecutionContext.IsRunMode && options.Enabled)
        {
            builder.Services.AddSingleton(Options.Create(options));
            builder.Services.AddSingleton<StartupReporter>();
            // From before the first resource starts: a hosted service would begin only once the orchestrator is under way,
            // and see the early states (and an early failure) already replayed as they are now.
            builder.Eventing.Subscribe<BeforeStartEvent>((@event, _) =>
            {
                @event.Services.GetRequiredService<StartupReporter>().Start();
                return Task.CompletedTask;
            });
        }
        return builder;
    }
}

/// <summary>Watches every resource of the model from the first moment of the run; see <see cref="StartupReportExtensions.AddStartupReport"/>.</summary>
internal sealed class StartupReporter(
    DistributedApplicationModel model,
    ResourceNotificationService notifications,
    ResourceLoggerService loggers,
    IHostApplicationLifetime lifetime,
    IConfiguration configuration,
    IOptions<StartupReportOptions> options)
{
    public const int FailureExitCode = 1;
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();

    public void Start() => _ = Task.Run(async () =>
    {
        try
        {
            await WatchAsync(lifetime.ApplicationStopping);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The report is a help, not part of the application: losing it must not take the run down.
            Say($"the start-up report stopped: {ex.Message}");
        }
    });

    private async Task WatchAsync(CancellationToken stoppingToken)
    {
        var expected = model.Resources
            .Where(resource => resource is not (ParameterResource or ConnectionStringResource))
            .ToDictionary(resource => resource.Name, resource => resource.Annotations.OfType<ReplicaAnnotation>().FirstOrDefault()?.Replicas ?? 1);
        Say("each line below is a resource changing state; the dashboard shows every resource's logs");

        using var deadline = new CancellationTokenSource(options.Value.Deadline);
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, deadline.Token);
        var instances = new Dictionary<string, ResourceEvent>(StringComparer.Ordinal);
        var shown = new Dictionary<string, string>(StringComparer.Ordinal);
        var ready = false;
        try
        {
            await foreach (var resourceEvent in notifications.WatchAsync(watching.Token))
            {
                var snapshot = resourceEvent.Snapshot;
                if (snapshot.IsHidden)
                {
                    // Aspire's own helpers (a project's rebuilder) are in the model but never run unless asked.
                    expected.Remove(resourceEvent.Resource.Name);
                    continue;
                }
                if (!expected.ContainsKey(resourceEvent.Resource.Name))
                {
                    continue;
                }
                instances[resourceEvent.ResourceId] = resourceEvent;
                var described = ResourceReport.Describe(snapshot);
                // Between two states the orchestrator briefly reports none.
                if (snapshot.State?.Text is { Length: > 0 } && (!shown.TryGetValue(resourceEvent.ResourceId, out var before) || before != described))
                {
                    shown[resourceEvent.ResourceId] = described;
                    // A replica goes by its own id (chat-x2b4c); a single process by its resource's name.
                    var label = expected[resourceEvent.Resource.Name] > 1 ? resourceEvent.ResourceId : resourceEvent.Resource.Name;
                    Say($"{_elapsed.Elapsed.TotalSeconds,4:0} s  {label,-16} {described}");
                }
                if (Failed(snapshot))
                {
                    if (!ready || snapshot.State?.Text == KnownResourceStates.FailedToStart)
                    {
                        await GiveUpAsync($"{resourceEvent.ResourceId} {described}", [resourceEvent.ResourceId]);
                        return;
                    }
                    // Once running, a resource that stops is reported, and the application stays up for the person
                    // to look at it in the dashboard.
                    Say(await ResourceReport.LastLinesAsync(loggers, resourceEvent.ResourceId));
                }
                if (!ready && AllHealthy(expected, instances))
                {
                    ready = true;
                    deadline.CancelAfter(Timeout.InfiniteTimeSpan);
                    Say($"SkillSwap is ready after {_elapsed.Elapsed.TotalSeconds:0} s: {Addresses(instances)}");
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            var notHealthy = instances.Where(instance => !Healthy(instance.Value.Snapshot)).ToList();
            // Those waiting for another only say so; the one they wait for is the story.
            var late = notHealthy.Where(instance => instance.Value.Snapshot.State?.Text != KnownResourceStates.Waiting).Select(instance => instance.Key).ToList();
            if (late.Count == 0)
            {
                late = [.. notHealthy.Select(instance => instance.Key)];
            }
            await GiveUpAsync($"not healthy within {options.Value.Deadline.TotalSeconds:0} s: {string.Join(", ", late)}", late);
        }
    }

    private async Task GiveUpAsync(string what, IReadOnlyCollection<string> culprits)
    {
        Say($"FAILED: {what}");
        Say(await ResourceReport.DescribeAsync(notifications, loggers, culprits));
        Say($"What to do: read the last lines of {string.Join(", ", culprits)} above (every resource's whole log is on the dashboard while it runs). "
            + "A native server that cannot start often has a broken state folder from an interrupted run: start from a new one "
            + "(SKILLSWAP_STATE_DIR=$(mktemp -d) ./skillswap run) or move the old one aside. A port conflict names the port: stop "
            + "whatever holds it. A resource that is only slow (a first start on a busy machine) needs a later deadline: "
            + "StartupReport__Deadline=00:10:00 ./skillswap run. Stopping everything now.");
        Environment.ExitCode = FailureExitCode;
        lifetime.StopApplication();
    }

    /// <summary>A resource that has ended, or never began, during a run where every resource is meant to keep running.</summary>
    private static bool Failed(CustomResourceSnapshot snapshot) =>
        snapshot.State?.Text is { } state && KnownResourceStates.TerminalStates.Contains(state);

    private static bool Healthy(CustomResourceSnapshot snapshot) =>
        snapshot.State?.Text == KnownResourceStates.Running
        && (snapshot.HealthReports.Length == 0 || snapshot.HealthStatus == HealthStatus.Healthy);

    private static bool AllHealthy(Dictionary<string, int> expected, Dictionary<string, ResourceEvent> instances) =>
        expected.All(resource => instances.Values.Count(instance => instance.Resource.Name == resource.Key && Healthy(instance.Snapshot)) >= resource.Value);

    /// <summary>The addresses a person opens: the app's and the gateway's public endpoints, then the dashboard.</summary>
    private string Addresses(Dictionary<string, ResourceEvent> instances)
    {
        var external = instances.Values
            .SelectMany(instance => instance.Snapshot.Urls
                .Where(url => !url.IsInternal && url.Url.StartsWith("http", StringComparison.Ordinal) && instance.Resource.Annotations.OfType<EndpointAnnotation>().Any(endpoint => endpoint.IsExternal && endpoint.Name == url.Name))
                .Select(url => $"{instance.Resource.Name} {url.Url}"))
            .Distinct()
            .Order(StringComparer.Ordinal);
        var dashboard = configuration["ASPNETCORE_URLS"]?.Split(';')[0];
        return string.Join(" · ", external.Append(dashboard is null ? "dashboard (see above)" : $"dashboard {dashboard}"));
    }

    private static void Say(string text)
    {
        foreach (var line in text.TrimEnd().Split('\n'))
        {
            Console.Out.WriteLine($"[skillswap] {line.TrimEnd('\r')}");
        }
    }
}
