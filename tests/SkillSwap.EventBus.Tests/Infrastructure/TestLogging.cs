using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace SkillSwap.EventBus.Tests.Infrastructure;

/// <summary>Sends the hosts' logs to the test's output, where a failing run shows what the bus did.</summary>
public sealed class XunitLoggerProvider(ITestOutputHelper output, string prefix) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new XunitLogger(
        output,
        $"{prefix} {categoryName.Split('.')[^1]}",
        // SQL and hosting chatter would drown what the bus says.
        categoryName.StartsWith("SkillSwap", StringComparison.Ordinal) ? LogLevel.Information : LogLevel.Warning);

    public void Dispose()
    {
    }

    private sealed class XunitLogger(ITestOutputHelper output, string category, LogLevel minimumLevel) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimumLevel;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            try
            {
                var error = exception is null ? "" : $" [{exception.GetType().Name}: {exception.Message}]";
                output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)}{error}");
            }
            catch (InvalidOperationException)
            {
                // The test already finished; its output is closed.
            }
        }
    }
}
