using System.Diagnostics;
using SkillSwap.Testing;

namespace SkillSwap.Benchmarks.Processes;

/// <summary>A SkillSwap service run from its build output as its own process, the way a deployment runs it.</summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServiceProcess(Process process, string address)
    {
        _process = process;
        Address = address;
    }

    public string Address { get; }

    /// <param name="address">Where it listens; a free loopback port when omitted. Known up front when another process must be told.</param>
    public static async Task<ServiceProcess> StartAsync(
        string projectDirectory, string assemblyName, IDictionary<string, string> environment, string? address = null)
    {
        var configuration = typeof(ServiceProcess).Assembly.Location.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var assembly = Path.Combine(RepositoryPaths.Root, projectDirectory, "bin", configuration, "net10.0", $"{assemblyName}.dll");
        if (!File.Exists(assembly))
        {
            throw new FileNotFoundException($"build {projectDirectory} in {configuration} first", assembly);
        }

        address ??= $"http://127.0.0.1:{FreePorts.Next()}";
        var info = new ProcessStartInfo("dotnet", [assembly])
        {
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["ASPNETCORE_URLS"] = address;
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"[{assemblyName}] {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var service = new ServiceProcess(process, address);
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(2))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{assemblyName} exited with {process.ExitCode}");
            }
            try
            {
                if ((await http.GetAsync("/health")).IsSuccessStatusCode)
                {
                    return service;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(250);
        }
        await service.DisposeAsync();
        throw new TimeoutException($"{assemblyName} did not become healthy");
    }

    public long WorkingSetBytes
    {
        get
        {
            _process.Refresh();
            return _process.WorkingSet64;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
