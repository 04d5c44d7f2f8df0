using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using SkillSwap.AppHost.Startup;

namespace SkillSwap.Testing;

/// <summary>
/// Starts an AppHost under test and waits until the given resources are healthy. A start that never finishes fails
/// with the AppHost's own <see cref="ResourceReport"/> (what <c>./skillswap run</c> prints), since CI keeps nothing but
/// the failure's message. Compiled into the suites that start the AppHost (linked file:
/// SkillSwap.Testing does not carry Aspire.Hosting into every suite).
/// </summary>
internal static class HealthyStart
{
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

    private static Task<string> DescribeResourcesAsync(DistributedApplication app) =>
        ResourceReport.DescribeAsync(app.ResourceNotifications, app.Services.GetRequiredService<ResourceLoggerService>());
}
