using System.Globalization;
using RabbitMQ.Client;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.EventBus.Topology;

/// <summary>
/// Names and declares the broker objects of one service. Everything is durable and declared idempotently by
/// whoever needs it, so start-up order between services does not matter.
/// <list type="bullet">
/// <item><c>{Exchange}</c> (topic): every event, routing key = event type name.</item>
/// <item><c>{service}</c> queue: bound once per subscribed event type; rejected messages dead-letter to
/// <c>{DeadLetterExchange}</c> with routing key <c>{service}</c>.</item>
/// <item><c>{service}.retry.{ms}ms</c> queues: one per retry delay, message TTL = delay, expired messages dead-letter
/// through the default exchange back to <c>{service}</c>.</item>
/// <item><c>{HistoryQueue}</c>: bound to every <c>[Measured]</c> event type, declared with the exchange by
/// publishers too, so measured events are kept before their reader first ran.</item>
/// <item><c>{DeadLetterExchange}</c> (direct) and <c>{service}.dead-letter</c> queue for poison messages.</item>
/// </list>
/// </summary>
public sealed class EventBusTopology(EventBusOptions options)
{
    /// <summary>Failed handler attempts so far; set on copies sent through a retry queue.</summary>
    public const string AttemptsHeader = "x-skillswap-attempts";

    /// <summary>Why the last attempt failed (exception type and message), for whoever inspects a retried or dead message.</summary>
    public const string LastErrorHeader = "x-skillswap-last-error";

    public const string TraceParentHeader = "traceparent";
    public const string TraceStateHeader = "tracestate";

    public string Exchange => options.ExchangeName;
    public string DeadLetterExchange => options.DeadLetterExchangeName;
    public string ServiceQueue => options.ServiceName;
    public string HistoryQueue => options.HistoryQueueName;
    public string DeadLetterQueue => $"{options.ServiceName}.dead-letter";

    public string RetryQueue(TimeSpan delay) =>
        $"{options.ServiceName}.retry.{((long)delay.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)}ms";

    /// <summary>The delay before attempt <paramref name="failedAttempts"/> + 1; the last configured delay repeats.</summary>
    public TimeSpan RetryDelayAfter(int failedAttempts)
    {
        var delays = options.EffectiveRetryDelays;
        return delays[Math.Clamp(failedAttempts - 1, 0, delays.Count - 1)];
    }

    /// <summary>The exchange, and the history queue bound to every measured event type.</summary>
    public async Task DeclareExchangeAsync(IChannel channel, CancellationToken cancellationToken)
    {
        await channel.ExchangeDeclareAsync(Exchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        // No arguments: every service declares it, whatever its own dead-letter names (the reader dead-letters copies itself).
        await channel.QueueDeclareAsync(HistoryQueue, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
        foreach (var eventType in MeasuredAttribute.EventTypeNames)
        {
            await channel.QueueBindAsync(HistoryQueue, Exchange, routingKey: eventType, cancellationToken: cancellationToken);
        }
    }

    /// <param name="eventTypes">The types the service queue is bound to (those that a history reader takes from the history queue left out).</param>
    public async Task DeclareConsumerTopologyAsync(IChannel channel, IEnumerable<string> eventTypes, CancellationToken cancellationToken)
    {
        await DeclareExchangeAsync(channel, cancellationToken);
        await channel.ExchangeDeclareAsync(DeadLetterExchange, ExchangeType.Direct, durable: true, autoDelete: false, cancellationToken: cancellationToken);

        await channel.QueueDeclareAsync(DeadLetterQueue, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
        await channel.QueueBindAsync(DeadLetterQueue, DeadLetterExchange, routingKey: ServiceQueue, cancellationToken: cancellationToken);

        await channel.QueueDeclareAsync(ServiceQueue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?>
            {
                ["x-dead-letter-exchange"] = DeadLetterExchange,
                ["x-dead-letter-routing-key"] = ServiceQueue,
            },
            cancellationToken: cancellationToken);
        foreach (var eventType in eventTypes)
        {
            await channel.QueueBindAsync(ServiceQueue, Exchange, routingKey: eventType, cancellationToken: cancellationToken);
        }

        foreach (var delay in options.EffectiveRetryDelays.Distinct())
        {
            await channel.QueueDeclareAsync(RetryQueue(delay), durable: true, exclusive: false, autoDelete: false,
                arguments: new Dictionary<string, object?>
                {
                    ["x-message-ttl"] = (long)delay.TotalMilliseconds,
                    // "" is the default exchange, which routes by queue name: expired copies go back to this service only.
                    ["x-dead-letter-exchange"] = "",
                    ["x-dead-letter-routing-key"] = ServiceQueue,
                },
                cancellationToken: cancellationToken);
        }
    }
}
