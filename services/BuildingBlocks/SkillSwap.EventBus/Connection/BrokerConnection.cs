using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace SkillSwap.EventBus.Connection;

/// <summary>
/// Hands out the Aspire-registered <see cref="IConnection"/> once the broker is reachable. The first connect is
/// retried here for as long as it takes (the service must start and keep its outbox while the broker is down);
/// after that the client's automatic recovery reconnects and re-declares the topology by itself.
/// </summary>
internal sealed class BrokerConnection(IServiceProvider services, IOptions<EventBusOptions> options, ILogger<BrokerConnection> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;

    public async Task<IConnection> GetAsync(CancellationToken cancellationToken)
    {
        if (_connection is { } ready)
        {
            return ready;
        }
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var attempt = 0;
            while (_connection is null)
            {
                try
                {
                    // The Aspire factory connects synchronously; keep it off the caller's thread.
                    _connection = await Task.Run(services.GetRequiredService<IConnection>, cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    var delay = Backoff.Delay(++attempt, options.Value.MaxReconnectDelay);
                    logger.LogWarning(ex, "RabbitMQ is unreachable; trying again in {Delay}", delay);
                    await Task.Delay(delay, cancellationToken);
                }
            }
            return _connection;
        }
        finally
        {
            _gate.Release();
        }
    }

    // The connection itself belongs to the DI container that created it.
    public void Dispose() => _gate.Dispose();
}

internal static class Backoff
{
    /// <summary>Exponential from 250 ms, capped, with jitter so replicas do not reconnect in lockstep.</summary>
    public static TimeSpan Delay(int attempt, TimeSpan max)
    {
        var exponential = TimeSpan.FromMilliseconds(250 * Math.Pow(2, Math.Min(attempt - 1, 16)));
        var capped = exponential < max ? exponential : max;
        return capped * (0.8 + (Random.Shared.NextDouble() * 0.4));
    }
}
