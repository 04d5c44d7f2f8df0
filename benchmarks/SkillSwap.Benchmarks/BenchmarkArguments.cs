using System.Globalization;

namespace SkillSwap.Benchmarks;

/// <summary>Every scenario's options; each reads the ones it needs and ignores the rest.</summary>
/// <param name="Profiles">profiles scenario: generated profiles to index.</param>
/// <param name="Queries">profiles scenario: measured searches and reciprocal match requests, each after its warm-up.</param>
public sealed record BenchmarkArguments(int Rate, int Seconds, int Concurrency, int Profiles, int Queries)
{
    public static BenchmarkArguments Parse(string[] args)
    {
        int Read(string name, int fallback)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
        }
        return new BenchmarkArguments(
            Read("--rate", 1000), Read("--seconds", 30), Read("--concurrency", 64), Read("--profiles", 100_000), Read("--queries", 500));
    }
}
