using System.Diagnostics;

namespace SkillSwap.Benchmarks.Load;

/// <summary>Collects per-request latencies of one target and summarises them as percentiles.</summary>
public sealed class LatencyRecorder(string name)
{
    private readonly List<double> _milliseconds = [];
    private long _errors;
    private TimeSpan _elapsed;

    public string Name { get; } = name;

    public void Record(long startTimestamp, bool success) => Record(Stopwatch.GetElapsedTime(startTimestamp), success);

    public void Record(TimeSpan elapsed, bool success)
    {
        lock (_milliseconds)
        {
            _milliseconds.Add(elapsed.TotalMilliseconds);
        }
        if (!success)
        {
            Interlocked.Increment(ref _errors);
        }
    }

    public double Mean
    {
        get
        {
            lock (_milliseconds)
            {
                return _milliseconds.Count == 0 ? double.NaN : _milliseconds.Average();
            }
        }
    }

    public void AddElapsed(TimeSpan elapsed) => _elapsed += elapsed;

    public LatencySummary Summarise()
    {
        double[] sorted;
        lock (_milliseconds)
        {
            sorted = [.. _milliseconds.Order()];
        }
        double Percentile(double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        return new LatencySummary(
            Name,
            sorted.Length,
            Interlocked.Read(ref _errors),
            sorted.Length / Math.Max(_elapsed.TotalSeconds, 0.001),
            Percentile(0.50),
            Percentile(0.90),
            Percentile(0.99),
            sorted.Length == 0 ? double.NaN : sorted[^1]);
    }
}

public sealed record LatencySummary(string Name, int Requests, long Errors, double RequestsPerSecond, double P50, double P90, double P99, double Max)
{
    public string ToMarkdownRow() =>
        FormattableString.Invariant($"| {Name} | {Requests} | {Errors} | {RequestsPerSecond:F0} | {P50:F2} | {P90:F2} | {P99:F2} | {Max:F2} |");

    public const string MarkdownHeader = "| target | requests | errors | req/s | p50 ms | p90 ms | p99 ms | max ms |\n|---|---|---|---|---|---|---|---|";
}
