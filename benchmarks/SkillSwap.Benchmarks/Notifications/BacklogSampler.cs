using Npgsql;
using RabbitMQ.Client;

namespace SkillSwap.Benchmarks.Notifications;

/// <summary>What was waiting where, at one instant: ready messages in each service's queue and unpublished rows in Notifications' outbox.</summary>
public readonly record struct Backlog(double AtSeconds, long NotificationsQueue, long Outbox, long ChatQueue);

/// <summary>
/// Looks every <see cref="Period"/> at the three places work can pile up between the publish and the push: the
/// <c>notifications</c> queue (Notifications' consumer behind), its outbox (the relay behind) and the <c>chat</c> queue
/// (Chat's consumer behind). The queue lengths count ready messages only (not the prefetched, unacknowledged ones).
/// </summary>
public sealed class BacklogSampler(string amqpConnectionString, string notificationsDatabase) : IAsyncDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(250);
    private readonly List<Backlog> _samples = [];
    private CancellationTokenSource? _stop;
    private Task? _loop;

    public void Start()
    {
        lock (_samples)
        {
            _samples.Clear();
        }
        _stop = new CancellationTokenSource();
        _loop = LoopAsync(_stop.Token);
    }

    /// <summary>Stops sampling and returns the samples since <see cref="Start"/>.</summary>
    public async Task<IReadOnlyList<Backlog>> StopAsync()
    {
        if (_stop is not null && _loop is not null)
        {
            await _stop.CancelAsync();
            await _loop;
            _stop.Dispose();
            _stop = null;
        }
        lock (_samples)
        {
            return [.. _samples];
        }
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory { Uri = new Uri(amqpConnectionString) };
        await using var connection = await factory.CreateConnectionAsync(cancellationToken);
        await using var database = new NpgsqlConnection(notificationsDatabase);
        await database.OpenAsync(cancellationToken);
        var started = DateTime.UtcNow;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var notifications = await ReadyAsync(connection, "notifications", cancellationToken);
                var chat = await ReadyAsync(connection, "chat", cancellationToken);
                // Written as the outbox's index on Published is (CAST(data ->> 'Published' as boolean)), so the count reads
                // the unpublished rows only instead of every row the run wrote.
                await using var count = new NpgsqlCommand("select count(*) from mt_doc_outbox where CAST(data ->> 'Published' as boolean) = false", database);
                var outbox = (long)(await count.ExecuteScalarAsync(cancellationToken) ?? 0L);
                lock (_samples)
                {
                    _samples.Add(new Backlog((DateTime.UtcNow - started).TotalSeconds, notifications, outbox, chat));
                }
                await Task.Delay(Period, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
        }
    }

    private static async Task<long> ReadyAsync(IConnection connection, string queue, CancellationToken cancellationToken)
    {
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        return (await channel.QueueDeclarePassiveAsync(queue, cancellationToken)).MessageCount;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
    }
}
