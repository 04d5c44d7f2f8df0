using System.Diagnostics;
using System.Globalization;

namespace SkillSwap.Benchmarks.Chat;

/// <summary>
/// Where the two cores went during a step, from <c>/proc</c>: the whole machine, this process (the load generator) and
/// each service process (child processes of this one running SkillSwap.Chat.dll, SkillSwap.Notifications.dll…, told apart by their port). The rest of
/// the machine's busy time is PostgreSQL, Redis, RabbitMQ, the kernel and anyone else on the machine.
/// </summary>
public sealed class CpuMeter
{
    private const double TicksPerSecond = 100; // USER_HZ
    private readonly IReadOnlyList<(string Name, int Pid)> _processes;
    private long _startedAt;
    private (long Busy, long Total) _machine;
    private TimeSpan _self;
    private long[] _children = [];
    private IReadOnlyList<(string Name, string Command)> _commands = [];
    private Dictionary<int, long> _commandTicks = [];

    private CpuMeter(IReadOnlyList<(string Name, int Pid)> processes) => _processes = processes;

    /// <summary>
    /// Also measures every process of the machine whose command (<c>/proc/&lt;pid&gt;/comm</c>) is one of
    /// <paramref name="commands"/>, e.g. ("PostgreSQL", "postgres"): the servers are not this process's children and
    /// PostgreSQL opens a process per connection. Idle servers of other runs on the machine are counted too.
    /// </summary>
    public CpuMeter AlsoCommands(params (string Name, string Command)[] commands)
    {
        _commands = commands;
        return this;
    }

    /// <summary>Finds this process's children running <paramref name="assembly"/>, named by <paramref name="nameOfPort"/>.</summary>
    public static CpuMeter ForChildren(string assembly, Func<int, string?> nameOfPort) => ForChildren([assembly], nameOfPort);

    /// <summary>Finds this process's children running any of <paramref name="assemblies"/> (several services), named by <paramref name="nameOfPort"/>.</summary>
    public static CpuMeter ForChildren(IReadOnlyCollection<string> assemblies, Func<int, string?> nameOfPort)
    {
        var self = Environment.ProcessId;
        var found = new List<(string, int)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], CultureInfo.InvariantCulture) != self
                    || !assemblies.Any(File.ReadAllText(Path.Combine(dir, "cmdline")).Contains))
                {
                    continue;
                }
                var urls = File.ReadAllText(Path.Combine(dir, "environ")).Split('\0')
                    .FirstOrDefault(variable => variable.StartsWith("ASPNETCORE_URLS=", StringComparison.Ordinal));
                var port = urls is null ? 0 : new Uri(urls["ASPNETCORE_URLS=".Length..]).Port;
                if (nameOfPort(port) is { } name)
                {
                    found.Add((name, pid));
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
            {
                // gone meanwhile, or not ours
            }
        }
        return new CpuMeter([.. found.OrderBy(process => process.Item1, StringComparer.Ordinal)]);
    }

    public void Start()
    {
        _startedAt = Stopwatch.GetTimestamp();
        _machine = Machine();
        _self = Process.GetCurrentProcess().TotalProcessorTime;
        _children = [.. _processes.Select(process => Ticks(process.Pid))];
        _commandTicks = CommandTicks().ToDictionary(process => process.Pid, process => process.Ticks);
    }

    /// <summary>Cores used since <see cref="Start"/>: "machine 1.85 of 2 (generator 0.61, chat-0 0.42, chat-1 0.40, rest 0.42)".</summary>
    public string Stop()
    {
        var seconds = Stopwatch.GetElapsedTime(_startedAt).TotalSeconds;
        var machine = Machine();
        var total = machine.Total - _machine.Total;
        var busyCores = total == 0 ? 0 : (double)(machine.Busy - _machine.Busy) / total * Environment.ProcessorCount;
        var self = (Process.GetCurrentProcess().TotalProcessorTime - _self).TotalSeconds / seconds;
        var children = _processes.Select((process, i) => (process.Name, Cores: (Ticks(process.Pid) - _children[i]) / TicksPerSecond / seconds)).ToList();
        // A process born during the step counts from zero; one that ended during it is missed.
        var commands = CommandTicks().GroupBy(process => process.Name)
            .Select(group => (Name: group.Key, Cores: group.Sum(process => process.Ticks - _commandTicks.GetValueOrDefault(process.Pid)) / TicksPerSecond / seconds))
            .OrderBy(group => group.Name, StringComparer.Ordinal).ToList();
        children.AddRange(commands);
        var rest = busyCores - self - children.Sum(child => child.Cores);
        var others = _commands.Count == 0 ? "PostgreSQL/Redis/RabbitMQ/kernel/other" : "kernel/other";
        return FormattableString.Invariant(
            $"machine {busyCores:F2} of {Environment.ProcessorCount} cores busy (load generator {self:F2}, {string.Join(", ", children.Select(child => FormattableString.Invariant($"{child.Name} {child.Cores:F2}")))}, {others} {Math.Max(0, rest):F2})");
    }

    private List<(string Name, int Pid, long Ticks)> CommandTicks()
    {
        var found = new List<(string, int, long)>();
        if (_commands.Count == 0)
        {
            return found;
        }
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }
            try
            {
                var command = File.ReadAllText(Path.Combine(dir, "comm")).TrimEnd('\n');
                foreach (var (name, wanted) in _commands)
                {
                    if (command == wanted)
                    {
                        found.Add((name, pid, Ticks(pid)));
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // gone meanwhile
            }
        }
        return found;
    }

    private static (long Busy, long Total) Machine()
    {
        // cpu  user nice system idle iowait irq softirq steal ...
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
            .Select(field => long.Parse(field, CultureInfo.InvariantCulture)).ToArray();
        var total = fields.Sum();
        return (total - fields[3] - fields[4], total);
    }

    private static long Ticks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // utime and stime are fields 14 and 15 of the line: 12 and 13 after the name.
            return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
