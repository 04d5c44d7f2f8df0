using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Hosting;
using SkillSwap.Testing;

namespace SkillSwap.AppHost.Tests;

/// <summary>
/// <c>./skillswap run</c> as a newcomer types it, on ports of its own: a resource that cannot start ends the run at once
/// with exit code 1, naming the resource and showing its last lines, instead of leaving everything else waiting.
/// </summary>
public sealed class RunCommandTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task A_server_that_cannot_start_ends_the_run_with_its_name_and_last_lines()
    {
        var state = NewStateFolder();
        // What an interrupted first run can leave behind: a data folder PostgreSQL takes for an existing cluster.
        Directory.CreateDirectory(Path.Combine(state, "postgres"));
        await File.WriteAllTextAsync(Path.Combine(state, "postgres", "PG_VERSION"), "15\n");

        var (exitCode, output, elapsed) = await RunAsync(state);

        Assert.True(exitCode == 1, $"exit code {exitCode} after {elapsed.TotalSeconds:0} s:\n{output}");
        Assert.Contains("[skillswap] FAILED: postgres", output, StringComparison.Ordinal);
        // Its own last lines, as PostgreSQL wrote them, then what to do.
        Assert.Contains("postgresql.conf", output, StringComparison.Ordinal);
        Assert.Contains("What to do:", output, StringComparison.Ordinal);
        Assert.DoesNotContain("SkillSwap is ready", output, StringComparison.Ordinal);
    }

    private static string NewStateFolder()
    {
        var parent = Environment.GetEnvironmentVariable("SKILLSWAP_TEST_STATE") ?? Path.GetTempPath();
        var state = Path.Combine(parent, $"run-{Guid.NewGuid():N}"[..12]);
        Directory.CreateDirectory(state);
        File.SetUnixFileMode(state, (UnixFileMode)0b111_101_101);
        return state;
    }

    private static async Task<(int ExitCode, string Output, TimeSpan Elapsed)> RunAsync(string state)
    {
        var info = new ProcessStartInfo(Path.Combine(RepositoryPaths.Root, "skillswap"), "run")
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["SKILLSWAP_STATE_DIR"] = state;
        foreach (var port in new[] { "SKILLSWAP_DASHBOARD_PORT", "SKILLSWAP_GATEWAY_PORT", "SKILLSWAP_APP_PORT", "SKILLSWAP_OTLP_PORT", "SKILLSWAP_RESOURCE_SERVICE_PORT" })
        {
            info.Environment[port] = FreePorts.Next().ToString(CultureInfo.InvariantCulture);
        }
        var output = new StringBuilder();
        var elapsed = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        process.OutputDataReceived += (_, line) => { lock (output) { output.AppendLine(line.Data); } };
        process.ErrorDataReceived += (_, line) => { lock (output) { output.AppendLine(line.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var limit = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            lock (output)
            {
                Assert.Fail($"./skillswap run was still running after {Limit.TotalMinutes:0} minutes:\n{output}");
            }
        }
        lock (output)
        {
            return (process.ExitCode, output.ToString(), elapsed.Elapsed);
        }
    }
}
