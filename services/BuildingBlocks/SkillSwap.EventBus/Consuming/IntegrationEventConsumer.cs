using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using SkillSwap.EventBus.Connection;
using SkillSwap.EventBus.Outbox;
using SkillSwap.EventBus.Telemetry;
using SkillSwap.EventBus.Topology;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.EventBus.Consuming;

/// <summary>
/// Consumes the service queue with manual acks. Each handler runs in its own DI scope inside
/// <see cref="IInboxStore.HandleOnceAsync"/>, so a redelivery (after a crash, a broker restart or a lost ack) is
/// recognised and skipped. A failure goes to a delayed retry queue with the attempt count in a header, and to the
/// dead-letter queue after <see cref="EventBusOptions.MaxAttempts"/>; a message that cannot be read goes there at once.
/// </summary>
internal sealed class IntegrationEventConsumer(
    IServiceScopeFactory scopeFactory,
    BrokerConnection broker,
    EventBusTopology topology,
    EventBusSubscriptions subscriptions,
    IOptions<EventBusOptions> options,
    ILogger<IntegrationEventConsumer> logger) : BackgroundService
{
    private static readonly TimeSpan HealthCheckPeriod = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        if (subscriptions.IsEmpty)
        {
            return;
        }

        var consecutiveFailures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            IChannel? consumeChannel = null;
            IChannel? publishChannel = null;
            try
            {
                var connection = await broker.GetAsync(stoppingToken);
                consumeChannel = await connection.CreateChannelAsync(
                    new CreateChannelOptions(false, false, consumerDispatchConcurrency: options.Value.ConsumerConcurrency),
                    stoppingToken);
                // Retry and dead-letter copies are confirmed before the original is acked, so none is lost in between.
                publishChannel = await connection.CreateChannelAsync(
                    new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
                    stoppingToken);

                await topology.DeclareConsumerTopologyAsync(consumeChannel, subscriptions.ServiceQueueEventTypeNames, stoppingToken);
                await consumeChannel.BasicQosAsync(0, options.Value.PrefetchCount, global: false, stoppingToken);

                await ConsumeAsync(consumeChannel, publishChannel, topology.ServiceQueue, stoppingToken);
                if (subscriptions.ReadsHistory)
                {
                    await ConsumeAsync(consumeChannel, publishChannel, topology.HistoryQueue, stoppingToken);
                }
                logger.LogInformation("Consuming {Queue} for {EventTypes}", topology.ServiceQueue, string.Join(", ", subscriptions.EventTypeNames));
                consecutiveFailures = 0;

                await WaitUntilChannelsAreLostAsync(connection, consumeChannel, publishChannel, stoppingToken);
                logger.LogWarning("The consumer channel of {Queue} closed for good; opening a new one", topology.ServiceQueue);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                var delay = Backoff.Delay(++consecutiveFailures, options.Value.MaxReconnectDelay);
                logger.LogWarning(ex, "Could not consume {Queue}; trying again in {Delay}", topology.ServiceQueue, delay);
                await Task.Delay(delay, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            finally
            {
                await consumeChannel.CloseQuietlyAsync(logger, "consumer");
                await publishChannel.CloseQuietlyAsync(logger, "consumer");
            }
        }
    }

    private async Task ConsumeAsync(IChannel consumeChannel, IChannel publishChannel, string queue, CancellationToken stoppingToken)
    {
        var consumer = new AsyncEventingBasicConsumer(consumeChannel);
        consumer.ReceivedAsync += (_, delivery) => OnDeliveryAsync(consumeChannel, publishChannel, queue, delivery, stoppingToken);
        await consumeChannel.BasicConsumeAsync(queue, autoAck: false, consumer, stoppingToken);
    }

    /// <summary>
    /// The client's automatic recovery reopens channels after a connection loss, so a closed channel on a closed
    /// connection is left alone. A channel closed while its connection is open (the broker closed it for a channel
    /// error, which recovery does not handle) is replaced by the caller.
    /// </summary>
    private static async Task WaitUntilChannelsAreLostAsync(IConnection connection, IChannel consume, IChannel publish, CancellationToken cancellationToken)
    {
        var closedWhileConnected = 0;
        while (true)
        {
            await Task.Delay(HealthCheckPeriod, cancellationToken);
            var lost = (consume.IsClosed || publish.IsClosed) && connection.IsOpen;
            // Two checks in a row: right after a recovery the connection is open a moment before its channels.
            closedWhileConnected = lost ? closedWhileConnected + 1 : 0;
            if (closedWhileConnected >= 3)
            {
                return;
            }
        }
    }

    private async Task OnDeliveryAsync(IChannel consumeChannel, IChannel publishChannel, string queue, BasicDeliverEventArgs delivery, CancellationToken stoppingToken)
    {
        var properties = delivery.BasicProperties;
        var eventType = properties.Type ?? "";
        using var activity = EventBusTelemetry.ActivitySource.StartActivity(
            $"{eventType} process",
            ActivityKind.Consumer,
            EventBusTelemetry.ParentFrom(
                ReadStringHeader(properties.Headers, EventBusTopology.TraceParentHeader),
                ReadStringHeader(properties.Headers, EventBusTopology.TraceStateHeader)));
        activity?.SetTag("messaging.system", "rabbitmq");
        activity?.SetTag("messaging.operation.type", "process");
        activity?.SetTag("messaging.destination.name", queue);
        activity?.SetTag("messaging.message.id", properties.MessageId);
        activity?.SetTag("messaging.rabbitmq.redelivered", delivery.Redelivered);

        try
        {
            var subscription = subscriptions.Find(properties.Type);
            if (subscription is null)
            {
                await DeadLetterAsync(consumeChannel, publishChannel, queue, delivery, $"No handler in {topology.ServiceQueue} for event type '{eventType}'", stoppingToken);
                return;
            }
            if (!TryDeserialize(delivery.Body.Span, subscription.EventType, out var integrationEvent, out var readError))
            {
                await DeadLetterAsync(consumeChannel, publishChannel, queue, delivery, $"Undeserialisable {eventType}: {readError}", stoppingToken);
                return;
            }

            var failedAttempts = ReadAttempts(properties.Headers);
            try
            {
                foreach (var handler in subscription.Handlers)
                {
                    await HandleOnceAsync(integrationEvent, handler, stoppingToken);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                failedAttempts++;
                activity?.AddException(ex);
                activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
                var error = $"{ex.GetType().Name}: {ex.Message}";
                if (failedAttempts >= options.Value.MaxAttempts)
                {
                    logger.LogError(ex, "{EventType} {EventId} failed {Attempts} times; dead-lettering it", eventType, integrationEvent.Id, failedAttempts);
                    await DeadLetterAsync(consumeChannel, publishChannel, queue, delivery, error, stoppingToken, failedAttempts, integrationEvent.GetType());
                }
                else
                {
                    var delay = topology.RetryDelayAfter(failedAttempts);
                    logger.LogWarning(ex, "{EventType} {EventId} failed (attempt {Attempts}); retrying in {Delay}", eventType, integrationEvent.Id, failedAttempts, delay);
                    await PublishCopyAsync(publishChannel, delivery, exchange: "", topology.RetryQueue(delay), error, failedAttempts, stoppingToken);
                    await consumeChannel.BasicAckAsync(delivery.DeliveryTag, multiple: false, stoppingToken);
                    EventBusTelemetry.Retried.Add(1, EventBusTelemetry.EventTypeTag(eventType));
                }
                return;
            }

            await consumeChannel.BasicAckAsync(delivery.DeliveryTag, multiple: false, stoppingToken);
            EventBusTelemetry.Consumed.Add(1, EventBusTelemetry.EventTypeTag(eventType));
        }
        catch (Exception ex)
        {
            // Not acked: the broker redelivers it (at once, or after the connection recovers) and the inbox keeps
            // already-handled parts from running twice. Shutting down ends here too.
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            if (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Could not settle {EventType} {MessageId}; the broker will redeliver it", eventType, properties.MessageId);
            }
        }
    }

    private async Task HandleOnceAsync(IntegrationEvent integrationEvent, EventHandlerRegistration handler, CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var inbox = scope.ServiceProvider.GetRequiredService<IInboxStore>();
        var consumerName = $"{options.Value.ServiceName}.{handler.HandlerType.Name}";
        var handled = await inbox.HandleOnceAsync(
            integrationEvent.Id,
            consumerName,
            token => handler.InvokeAsync(scope.ServiceProvider, integrationEvent, token),
            cancellationToken);
        if (!handled)
        {
            EventBusTelemetry.Duplicates.Add(1, EventBusTelemetry.EventTypeTag(integrationEvent.GetType().Name));
            logger.LogDebug("{Consumer} already handled {EventId}; skipped", consumerName, integrationEvent.Id);
        }
    }

    private async Task DeadLetterAsync(
        IChannel consumeChannel, IChannel publishChannel, string queue, BasicDeliverEventArgs delivery, string error, CancellationToken cancellationToken,
        int? failedAttempts = null, Type? eventType = null)
    {
        logger.LogError("Dead-lettering {MessageId} from {Queue}: {Error}", delivery.BasicProperties.MessageId, queue, error);
        try
        {
            // A confirmed copy carries the reason; a crash before the ack only leaves a duplicate in the dead-letter queue.
            // A secret or someone's words stay out of the dead-letter queue, where operators read and keep messages.
            var body = eventType is null ? delivery.Body : SensitiveDataRedaction.Redact(delivery.Body, eventType);
            await PublishCopyAsync(publishChannel, delivery, topology.DeadLetterExchange, topology.ServiceQueue, error, failedAttempts, cancellationToken, body);
            await consumeChannel.BasicAckAsync(delivery.DeliveryTag, multiple: false, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The service queue's own dead-letter arguments still move it there, without the reason; the history queue has
            // none (every service declares it alike), so its message goes back to it rather than being lost.
            var fromHistory = queue == topology.HistoryQueue;
            logger.LogWarning(ex, "Publishing the dead-letter copy failed; {Action} {MessageId} instead", fromHistory ? "requeuing" : "rejecting", delivery.BasicProperties.MessageId);
            await consumeChannel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: fromHistory, cancellationToken);
        }
        EventBusTelemetry.DeadLettered.Add(1, EventBusTelemetry.EventTypeTag(delivery.BasicProperties.Type ?? ""));
    }

    private static async Task PublishCopyAsync(
        IChannel channel, BasicDeliverEventArgs delivery, string exchange, string routingKey, string error, int? failedAttempts, CancellationToken cancellationToken,
        ReadOnlyMemory<byte>? body = null)
    {
        var headers = delivery.BasicProperties.Headers is { } original
            ? new Dictionary<string, object?>(original)
            : [];
        headers[EventBusTopology.LastErrorHeader] = error.Length > 1000 ? error[..1000] : error;
        if (failedAttempts is { } attempts)
        {
            headers[EventBusTopology.AttemptsHeader] = attempts;
        }
        var properties = new BasicProperties(delivery.BasicProperties)
        {
            DeliveryMode = DeliveryModes.Persistent,
            Headers = headers,
        };
        // mandatory: a missing queue is reported as an error instead of silently dropping the copy.
        await channel.BasicPublishAsync(exchange, routingKey, mandatory: true, properties, body ?? delivery.Body, cancellationToken);
    }

    private static bool TryDeserialize(ReadOnlySpan<byte> body, Type eventType, out IntegrationEvent integrationEvent, out string? error)
    {
        try
        {
            var read = IntegrationEventSerializer.Deserialize(body, eventType);
            if (read is not null && read.Id != Guid.Empty)
            {
                integrationEvent = read;
                error = null;
                return true;
            }
            error = "empty body or missing id";
        }
        catch (JsonException ex)
        {
            error = ex.Message;
        }
        catch (ArgumentException ex)
        {
            error = ex.Message;
        }
        integrationEvent = null!;
        return false;
    }

    private static int ReadAttempts(IDictionary<string, object?>? headers) =>
        headers is not null && headers.TryGetValue(EventBusTopology.AttemptsHeader, out var value)
            ? value switch
            {
                int i => i,
                long l => (int)l,
                byte[] bytes when int.TryParse(Encoding.UTF8.GetString(bytes), CultureInfo.InvariantCulture, out var parsed) => parsed,
                _ => 0,
            }
            : 0;

    private static string? ReadStringHeader(IDictionary<string, object?>? headers, string name) =>
        headers is not null && headers.TryGetValue(name, out var value)
            ? value switch
            {
                byte[] bytes => Encoding.UTF8.GetString(bytes),
                string text => text,
                _ => null,
            }
            : null;
}
