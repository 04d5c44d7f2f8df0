using System.Globalization;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The real clock moved ahead by an offset the end-to-end tests write to a file (<c>Testing:ClockOffsetFile</c>, a
/// <see cref="TimeSpan"/> such as <c>03:30:00</c>), so an hour-long session can end, and be confirmed, through the
/// real processes within a test. Only the wall clock moves: timers and delays still run in real time. Refused in
/// Production.
/// </summary>
public sealed class ShiftedClock(string offsetFile) : TimeProvider
{
    public const string ConfigurationKey = "Testing:ClockOffsetFile";

    private readonly Lock _gate = new();
    private DateTime _readStamp = DateTime.MinValue;
    private TimeSpan _offset;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset();

    /// <summary>The file's offset, read again whenever the file changed (the tests replace it in one rename); none while it does not exist.</summary>
    private TimeSpan Offset()
    {
        var stamp = File.GetLastWriteTimeUtc(offsetFile);
        lock (_gate)
        {
            if (stamp != _readStamp)
            {
                _offset = File.Exists(offsetFile) ? TimeSpan.Parse(File.ReadAllText(offsetFile).Trim(), CultureInfo.InvariantCulture) : TimeSpan.Zero;
                _readStamp = stamp;
            }
            return _offset;
        }
    }
}

public static class ShiftedClockExtensions
{
    /// <summary>Makes <see cref="ShiftedClock"/> the service's <see cref="TimeProvider"/> when a test configured one.</summary>
    public static TBuilder AddShiftedClockForTests<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var offsetFile = builder.Configuration[ShiftedClock.ConfigurationKey];
        if (string.IsNullOrEmpty(offsetFile))
        {
            return builder;
        }
        if (builder.Environment.IsProduction())
        {
            throw new InvalidOperationException($"{ShiftedClock.ConfigurationKey} moves the service's clock for tests; Production runs on the real clock.");
        }
        builder.Services.AddSingleton<TimeProvider>(new ShiftedClock(offsetFile));
        return builder;
    }
}
