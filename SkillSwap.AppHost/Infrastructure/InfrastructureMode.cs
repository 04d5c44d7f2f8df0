using System.Diagnostics;

namespace SkillSwap.AppHost.Infrastructure;

/// <summary>How the five backing engines run: as containers, or as locally installed servers.</summary>
public enum InfrastructureMode
{
    Containers,
    Native,
}

public static class InfrastructureModeSelector
{
    /// <summary>"Infrastructure:Mode" = Containers | Native | Auto (the default).</summary>
    public const string ConfigurationKey = "Infrastructure:Mode";

    /// <summary>
    /// Publishing always describes containers (that is what azd/Kubernetes deploy). Running picks containers only
    /// when a container runtime actually answers, since a container resource without one fails the whole start.
    /// </summary>
    public static InfrastructureMode Choose(IDistributedApplicationBuilder builder, out string reason)
    {
        var configured = builder.Configuration[ConfigurationKey];
        if (!string.IsNullOrWhiteSpace(configured) && !configured.Equals("Auto", StringComparison.OrdinalIgnoreCase))
        {
            if (!Enum.TryParse<InfrastructureMode>(configured, ignoreCase: true, out var forced))
            {
                throw new InvalidOperationException($"{ConfigurationKey} must be Containers, Native or Auto, not '{configured}'.");
            }
            reason = $"forced by {ConfigurationKey}={configured}";
            return forced;
        }

        if (builder.ExecutionContext.IsPublishMode)
        {
            reason = "publishing the deployment manifest";
            return InfrastructureMode.Containers;
        }

        var runtime = builder.Configuration["ASPIRE_CONTAINER_RUNTIME"] ?? "docker";
        if (ContainerRuntimeAnswers(runtime))
        {
            reason = $"container runtime '{runtime}' is healthy";
            return InfrastructureMode.Containers;
        }
        reason = $"no healthy container runtime ('{runtime} info' failed)";
        return InfrastructureMode.Native;
    }

    private static bool ContainerRuntimeAnswers(string runtime)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(runtime, "info --format {{.ServerVersion}}")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return false;
            }
            if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // the runtime's client is not installed at all
        }
    }
}
