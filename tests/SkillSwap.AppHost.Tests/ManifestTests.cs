using System.Diagnostics;
using SkillSwap.Testing;

namespace SkillSwap.AppHost.Tests;

public sealed class ManifestTests
{
    [Fact]
    public async Task The_checked_in_manifest_matches_what_the_AppHost_publishes()
    {
        var committed = Path.Combine(RepositoryPaths.Root, "aspire-manifest.json");
        // Written beside the committed file: project paths in a manifest are relative to its folder.
        var regenerated = Path.Combine(RepositoryPaths.Root, $"aspire-manifest.{Guid.NewGuid():N}.tmp.json");
        try
        {
            var publish = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = RepositoryPaths.Root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var argument in new[]
            {
                "run", "--project", "SkillSwap.AppHost", "--no-build", "-c", BuildConfiguration, "--launch-profile", "http",
                "--", "--publisher", "manifest", "--output-path", regenerated,
            })
            {
                publish.ArgumentList.Add(argument);
            }
            using var process = Process.Start(publish)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, $"manifest publishing failed:\n{await output}\n{await errors}");

            var expected = await File.ReadAllTextAsync(regenerated);
            Assert.True(File.Exists(committed), "aspire-manifest.json is missing: run ./skillswap manifest");
            var actual = await File.ReadAllTextAsync(committed);
            Assert.True(expected == actual, "aspire-manifest.json is stale: run ./skillswap manifest and commit the result");
        }
        finally
        {
            File.Delete(regenerated);
        }
    }

#if DEBUG
    private const string BuildConfiguration = "Debug";
#else
    private const string BuildConfiguration = "Release";
#endif
}
