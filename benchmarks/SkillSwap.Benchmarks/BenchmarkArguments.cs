using System.Globalization;

namespace SkillSwap.Benchmarks;

/// <summary>Every scenario's options; each reads the ones it needs and ignores the rest.</summary>
/// <param name="Profiles">profiles scenario: generated profiles to index.</param>
/// <param name="Queries">profiles scenario: measured searches and reciprocal match requests, each after its warm-up.</param>
/// <param name="Learners">sessions scenario: learners registered (with their welcome grant) and booking in turn.</param>
/// <param name="Rates">sessions and chat scenarios: offered rates run one after another (<c>--rates 50,100,200</c>), else <c>--rate</c> alone if given; empty when neither is.</param>
/// <param name="Clients">chat scenario: connected clients, in conversations of 10, half on each replica; notifications scenario: connected recipients.</param>
/// <param name="InFlight">chat scenario: sends each member of the single busy conversation keeps in flight.</param>
/// <param name="SecondsGiven">whether <c>--seconds</c> was given (a scenario may have a default of its own).</param>
/// <param name="ClientsGiven">whether <c>--clients</c> was given.</param>
/// <param name="Settings">notifications scenario: service settings to change from their defaults, each <c>--set [service/]Key=Value</c>
/// (e.g. <c>--set notifications/EventBus:ConsumerConcurrency=8</c>; without a service, every service gets it; <c>Key+=Value</c> appends to
/// the benchmark's own value, e.g. <c>--set "ConnectionStrings:chatdb+=;Max Auto Prepare=20"</c>), to find where time goes; kpis scenario:
/// Administration's settings (<c>--set EventBus:ConsumerConcurrency=4</c>).</param>
/// <param name="Members">kpis scenario: people in the generated history (about 8 measured events each).</param>
public sealed record BenchmarkArguments(
    int Rate, int Seconds, int Concurrency, int Profiles, int Queries, int Learners, IReadOnlyList<int> Rates, int Clients = 1000, int InFlight = 8, bool SecondsGiven = false,
    bool ClientsGiven = false, IReadOnlyList<string>? Settings = null, int Members = 12_000)
{
    /// <summary><see cref="Seconds"/> when given, else the scenario's own default.</summary>
    public int SecondsOr(int fallback) => SecondsGiven ? Seconds : fallback;

    /// <summary><see cref="Clients"/> when given, else the scenario's own default.</summary>
    public int ClientsOr(int fallback) => ClientsGiven ? Clients : fallback;

    /// <summary>
    /// Applies to <paramref name="service"/>'s configuration the <see cref="Settings"/> meant for it: <c>service/Key=Value</c>,
    /// or <c>Key=Value</c> for every service the scenario runs (<paramref name="services"/>); <c>Key+=Value</c> appends to the
    /// benchmark's own value.
    /// </summary>
    public void ApplySettings(Dictionary<string, string> configuration, string service, params string[] services)
    {
        foreach (var setting in Settings ?? [])
        {
            var equals = setting.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ArgumentException($"--set {setting}: expected [{string.Join("/|", services)}/]Key=Value");
            }
            var (key, value) = (setting[..equals], setting[(equals + 1)..]);
            var slash = key.IndexOf('/', StringComparison.Ordinal);
            var target = slash < 0 ? "" : key[..slash].ToLowerInvariant();
            key = key[(slash + 1)..];
            if (target != "" && !services.Contains(target))
            {
                throw new ArgumentException($"--set {setting}: the service is one of {string.Join(", ", services)}");
            }
            if (target is not "" && target != service)
            {
                continue;
            }
            if (!key.EndsWith('+'))
            {
                configuration[key] = value;
            }
            else if (configuration.TryGetValue(key[..^1], out var existing))
            {
                configuration[key[..^1]] = existing + value;
            }
        }
    }

    public static BenchmarkArguments Parse(string[] args)
    {
        int Read(string name, int fallback)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
        }
        IReadOnlyList<int> ReadList(string name)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length
                ? [.. args[index + 1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(rate => int.Parse(rate, CultureInfo.InvariantCulture))]
                : [];
        }
        return new BenchmarkArguments(
            Read("--rate", 1000), Read("--seconds", 30), Read("--concurrency", 64), Read("--profiles", 100_000), Read("--queries", 500),
            Read("--learners", 200), args.Contains("--rates") ? ReadList("--rates") : args.Contains("--rate") ? [Read("--rate", 0)] : [],
            Read("--clients", 1000), Read("--in-flight", 8), args.Contains("--seconds"), args.Contains("--clients"),
            [.. args.Select((arg, i) => (arg, i)).Where(pair => pair.arg == "--set" && pair.i + 1 < args.Length).Select(pair => args[pair.i + 1])],
            Read("--members", 12_000));
    }
}
