using System.Collections.Concurrent;
using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.Testing;

/// <summary>
/// Listens on the real broker like one more service would: a private queue bound to the events exchange,
/// so end-to-end tests can read what services published (e.g. the verification token a user would get by email).
/// </summary>
public sealed class IntegrationEventProbe : IAsyncDisposable
{
    public const string EventsExchange = "skillswap.events";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly IConnection _connection;
    private readonly IChannel _channel;
    private readonly ConcurrentQueue<(string Type, string Body)> _received = new();
    private readonly SemaphoreSlim _arrived = new(0);

    private IntegrationEventProbe(IConnection connection, IChannel channel)
    {
        _connection = connection;
        _channel = channel;
    }

    public static async Task<IntegrationEventProbe> StartAsync(string amqpConnectionString, params string[] eventTypes)
    {
        var factory = new ConnectionFactory { Uri = new Uri(amqpConnectionString) };
        var connection = await factory.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync();
        await channel.ExchangeDeclareAsync(EventsExchange, ExchangeType.Topic, durable: true, autoDelete: false);
        var queue = await channel.QueueDeclareAsync(queue: string.Empty, durable: false, exclusive: true, autoDelete: true);
        foreach (var eventType in eventTypes)
        {
            await channel.QueueBindAsync(queue.QueueName, EventsExchange, eventType);
        }

        var probe = new IntegrationEventProbe(connection, channel);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            probe._received.Enqueue((delivery.RoutingKey, System.Text.Encoding.UTF8.GetString(delivery.Body.Span)));
            probe._arrived.Release();
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue.QueueName, autoAck: true, consumer);
        return probe;
    }

    /// <summary>Waits for the first event of type <typeparamref name="T"/> matching <paramref name="match"/>.</summary>
    public async Task<T> WaitForAsync<T>(Func<T, bool> match, TimeSpan? timeout = null) where T : IntegrationEvent
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        var skipped = new List<(string Type, string Body)>();
        try
        {
            while (true)
            {
                while (_received.TryDequeue(out var message))
                {
                    if (message.Type == typeof(T).Name && JsonSerializer.Deserialize<T>(message.Body, Json) is { } candidate && match(candidate))
                    {
                        return candidate;
                    }
                    skipped.Add(message);
                }
                await _arrived.WaitAsync(deadline.Token);
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no {typeof(T).Name} matching the test arrived; saw {skipped.Count} other events");
        }
        finally
        {
            // Events meant for a later wait stay available.
            foreach (var message in skipped)
            {
                _received.Enqueue(message);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
        _arrived.Dispose();
    }
}
