using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using SkillSwap.IntegrationEvents;
using SkillSwap.Testing;

namespace SkillSwap.Benchmarks.Notifications;

/// <summary>
/// A private queue bound to <see cref="RealtimeNotificationRequested"/> on the events exchange, like one more consumer
/// of Notifications' output: the moment each request is on the broker splits the path in two, Notifications (consume,
/// compose, commit, outbox relay) before it and Chat (consume, grain, relay, SignalR) after it.
/// </summary>
public sealed class RealtimeProbe : IAsyncDisposable
{
    private readonly IConnection _connection;
    private readonly IChannel _channel;
    private long _unreadable;

    private RealtimeProbe(IConnection connection, IChannel channel)
    {
        _connection = connection;
        _channel = channel;
    }

    /// <summary>Requests whose payload named no review id (not the benchmark's, or not readable).</summary>
    public long Unreadable => Interlocked.Read(ref _unreadable);

    /// <param name="seen">Called with the review id in the notification's data and the wall-clock ticks it arrived at.</param>
    public static async Task<RealtimeProbe> StartAsync(string amqpConnectionString, Action<string, long> seen)
    {
        var factory = new ConnectionFactory { Uri = new Uri(amqpConnectionString) };
        var connection = await factory.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync();
        await channel.ExchangeDeclareAsync(IntegrationEventProbe.EventsExchange, ExchangeType.Topic, durable: true, autoDelete: false);
        var queue = await channel.QueueDeclareAsync(queue: string.Empty, durable: false, exclusive: true, autoDelete: true);
        await channel.QueueBindAsync(queue.QueueName, IntegrationEventProbe.EventsExchange, nameof(RealtimeNotificationRequested));
        var probe = new RealtimeProbe(connection, channel);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            var wall = DateTime.UtcNow.Ticks;
            if (ReviewIdOf(delivery.Body.Span) is { } reviewId)
            {
                seen(reviewId, wall);
            }
            else
            {
                Interlocked.Increment(ref probe._unreadable);
            }
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue.QueueName, autoAck: true, consumer);
        return probe;
    }

    /// <summary>The event's payload is the inbox view as JSON text; its data names the review.</summary>
    private static string? ReviewIdOf(ReadOnlySpan<byte> body)
    {
        try
        {
            using var request = JsonDocument.Parse(body.ToArray());
            if (!request.RootElement.TryGetProperty("payload", out var payload) || payload.GetString() is not { } text)
            {
                return null;
            }
            using var view = JsonDocument.Parse(text);
            return view.RootElement.TryGetProperty("data", out var data) && data.TryGetProperty("reviewId", out var reviewId) ? reviewId.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
