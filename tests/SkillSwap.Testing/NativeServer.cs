using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Hosting;

namespace SkillSwap.Testing;

/// <summary>
/// A real server (PostgreSQL, Redis, RabbitMQ) started from the repository's eng/native scripts on a free
/// loopback port, with its data in a private folder. It can be stopped and started again on the same port
/// and data, which is how fault tests restart a broker mid-run.
/// </summary>
public abstract class NativeServer : IAsyncDisposable
{
    private static readonly string RunRoot = CreateRunRoot();
    private readonly StringBuilder _output = new();
    private Process? _process;

    protected NativeServer(string name)
    {
        Name = name;
        Port = FreePorts.Next();
        DataDirectory = Path.Combine(RunRoot, $"{name}-{Port}");
        Directory.CreateDirectory(DataDirectory);
        Password = Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();
        PasswordFile = Path.Combine(RunRoot, $"{name}-{Port}.password");
        File.WriteAllText(PasswordFile, Password);
    }

    public string Name { get; }
    public int Port { get; }
    public string Password { get; }
    public string DataDirectory { get; }
    protected string PasswordFile { get; }
    public abstract string ConnectionString { get; }
    public bool IsRunning => _process is { HasExited: false };

    protected abstract string Script { get; }
    protected abstract IEnumerable<string> ExtraArguments { get; }
    protected virtual IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>();
    protected virtual TimeSpan StartTimeout => TimeSpan.FromSeconds(60);

    /// <summary>Succeeds once the server answers a real request, not just once its port opens.</summary>
    protected abstract Task ProbeAsync(CancellationToken cancellationToken);

    public async Task StartAsync()
    {
        var info = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(RepositoryPaths.NativeScript(Script));
        info.ArgumentList.Add(DataDirectory);
        info.ArgumentList.Add(Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        info.ArgumentList.Add(PasswordFile);
        foreach (var argument in ExtraArguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in Environment)
        {
            info.Environment[key] = value;
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {Name}");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        File.AppendAllText(Path.Combine(RunRoot, "pids"), $"{_process.Id}\n");

        using var timeout = new CancellationTokenSource(StartTimeout);
        Exception? lastError = null;
        while (!timeout.IsCancellationRequested)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode}:\n{Output}");
            }
            try
            {
                await ProbeAsync(timeout.Token);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !timeout.IsCancellationRequested)
            {
                lastError = ex;
                await Task.Delay(200, CancellationToken.None);
            }
        }
        throw new TimeoutException($"{Name} did not become ready on port {Port}: {lastError?.Message}\n{Output}");
    }

    /// <summary>Stops the server the way an operator would (SIGTERM), waiting for it to exit.</summary>
    public virtual async Task StopAsync()
    {
        if (_process is null || _process.HasExited)
        {
            return;
        }
        Signal(_process.Id, "TERM");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }
    }

    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

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

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        GC.SuppressFinalize(this);
    }

    protected static async Task WaitForTcpAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(System.Net.IPAddress.Loopback, port, cancellationToken);
    }

    protected static void Signal(int pid, string signal)
    {
        using var kill = Process.Start("kill", $"-{signal} {pid}");
        kill.WaitForExit();
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
    }

    private static string CreateRunRoot()
    {
        // ./skillswap test points this at its own folder so it can clean up whatever a crashed run left.
        var parent = System.Environment.GetEnvironmentVariable("SKILLSWAP_TEST_STATE") ?? Path.GetTempPath();
        var root = Path.Combine(parent, $"run-{System.Environment.ProcessId}-{Guid.NewGuid():N}"[..24]);
        Directory.CreateDirectory(root);
        File.SetUnixFileMode(root, (UnixFileMode)0b111_101_101);
        return root;
    }
}
