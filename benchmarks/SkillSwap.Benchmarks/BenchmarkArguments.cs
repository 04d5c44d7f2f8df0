using System.Globalization;

namespace SkillSwap.Benchmarks;

public sealed record BenchmarkArguments(int Rate, int Seconds, int Concurrency)
{
    public static BenchmarkArguments Parse(string[] args)
    {
        int Read(string name, int fallback)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
        }
        return new BenchmarkArguments(Read("--rate", 1000), Read("--seconds", 30), Read("--concurrency", 64));
    }
}
