using System.Diagnostics;
using System.Reflection;
using System.Text;
using Microsoft.Extensions.Hosting;

namespace SkillSwap.Testing;

/// <summary>How a <see cref="ServiceProcess"/> runs; the defaults are the tests'.</summary>
public sealed record ServiceProcessOptions
{
    /// <summary>Where it listens (loopback); a free port when omitted. Kept across a kill and restart either way.</summary>
    public int? Port { get; init; }

    /// <summary><c>ASPNETCORE_ENVIRONMENT</c>: <c>Testing</c> for tests, <c>Production</c> for benchmarks.</summary>
    public string EnvironmentName { get; init; } = "Testing";

    /// <summary>Build configuration whose output is run; by default the one the caller runs from (<c>bin/&lt;Configuration&gt;/</c>).</summary>
    public string? Configuration { get; init; }

    /// <summary>Environment variables set as they are (e.g. <c>DOTNET_gcServer</c>), after the settings.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Also writes each line the service prints to this process's standard error, prefixed with its name.</summary>
    public bool EchoOutput { get; init; }
}

/// <summary>
/// A SkillSwap service run as its own process from its build output (<c>dotnet services/X/bin/&lt;Configuration&gt;/net10.0/SkillSwap.X.dll</c>)
/// on a loopback port, configured by environment variables as the AppHost configures it. Fault tests kill it (the whole
/// process, without warning) and start it again on the same port, which an in-memory test server cannot show; benchmarks
/// run it as a deployment does (Release, Production).
/// </summary>
/// <param name="service">The folder under <c>services/</c>, e.g. <c>Sessions</c>; the assembly is <c>SkillSwap.&lt;service&gt;.dll</c>.</param>
/// <param name="settings">Configuration keys (<c>ConnectionStrings:eventbus</c> or <c>ConnectionStrings__eventbus</c>) and their values.</param>
public sealed class ServiceProcess(string service, IReadOnlyDictionary<string, string> settings, ServiceProcessOptions? options = null) : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly ServiceProcessOptions _options = options ?? new ServiceProcessOptions();
    private readonly StringBuilder _output = new();
    private Process? _process;

    public string Service { get; } = service;

    public int Port { get; } = options?.Port ?? FreePorts.Next();

    /// <summary>Known before <see cref="StartAsync"/>, so another process can be told where this one will listen.</summary>
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    /// <summary>The service's own build output, in <see cref="ServiceProcessOptions.Configuration"/> or the caller's configuration.</summary>
    public string AssemblyPath =>
        Path.Combine(RepositoryPaths.Root, "services", Service, "bin", _options.Configuration ?? CallerConfiguration.Value, "net10.0", $"SkillSwap.{Service}.dll");

    /// <summary>
    /// Tests run from <c>tests/&lt;project&gt;/bin/&lt;Configuration&gt;/net10.0/</c>, benchmarks from
    /// <c>benchmarks/&lt;project&gt;/bin/Release/net10.0/</c>: the folder under <c>bin</c>. Elsewhere, the configuration
    /// this assembly was built in (the same build built its callers).
    /// </summary>
    private static readonly Lazy<string> CallerConfiguration = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir?.Parent is not null; dir = dir.Parent)
        {
            if (dir.Parent.Name == "bin")
            {
                return dir.Name;
            }
        }
        return typeof(ServiceProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
    });

    /// <summary>Starts the process (again, after <see cref="KillAsync"/>) and returns once <c>/health</c> answers.</summary>
    public async Task StartAsync()
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException($"{Service} is already running");
        }
        _process?.Dispose();
        var assembly = AssemblyPath;
        if (!File.Exists(assembly))
        {
            throw new FileNotFoundException($"build services/{Service} in {Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(assembly)))} first", assembly);
        }
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        info.ArgumentList.Add(assembly);
        info.Environment["ASPNETCORE_URLS"] = BaseAddress.ToString();
        info.Environment["ASPNETCORE_ENVIRONMENT"] = _options.EnvironmentName;
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings)
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        foreach (var (key, value) in _options.Environment)
        {
            info.Environment[key] = value;
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException($"{Service} did not start");
        process.OutputDataReceived += (_, line) => Append(line.Data);
        process.ErrorDataReceived += (_, line) => Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{Service} exited with {process.ExitCode}:\n{Output}");
            }
            try
            {
                if ((await http.GetAsync("/health")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{Service} not healthy within {StartTimeout}:\n{Output}");
            }
            await Task.Delay(200);
        }
    }

    /// <summary>Ends the process at once (SIGKILL): no graceful shutdown, whatever it was doing is cut off.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>The running process's working set (0 when it is not running).</summary>
    public long WorkingSetBytes
    {
        get
        {
            if (_process is not { HasExited: false } process)
            {
                return 0;
            }
            process.Refresh();
            return process.WorkingSet64;
        }
    }

    /// <summary>Everything the service printed, across restarts.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
        if (_options.EchoOutput)
        {
            Console.Error.WriteLine($"[{Service}] {line}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
    }
}
