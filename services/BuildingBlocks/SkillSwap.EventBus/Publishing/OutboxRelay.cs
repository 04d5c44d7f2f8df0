using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using SkillSwap.EventBus.Connection;
using SkillSwap.EventBus.Outbox;
using SkillSwap.EventBus.Telemetry;
using SkillSwap.EventBus.Topology;

namespace SkillSwap.EventBus.Publishing;

/// <summary>
/// The only publisher: moves committed outbox rows to the broker, oldest first, and marks a row published only
/// after the broker confirmed it (so it is on disk in a durable exchange's queues). Any failure keeps the rows for
/// the next try, which makes delivery at-least-once across broker restarts and process crashes; consumers
/// de-duplicate with their inbox.
/// </summary>
internal sealed class OutboxRelay(
    IServiceScopeFactory scopeFactory,
    BrokerConnection broker,
    EventBusTopology topology,
    OutboxSignal signal,
    IOptions<EventBusOptions> options,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    /// <summary>A confirm that never comes (a half-open connection) must not stall the relay forever.</summary>
    private static readonly TimeSpan ConfirmTimeout = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        using (var probe = scopeFactory.CreateScope())
        {
            if (probe.ServiceProvider.GetService<IOutboxStore>() is null)
            {
                logger.LogInformation("No IOutboxStore registered: {Service} publishes no events", options.Value.ServiceName);
                return;
            }
        }

        IChannel? channel = null;
        var consecutiveFailures = 0;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    channel ??= await OpenChannelAsync(stoppingToken);
                    var relayed = await RelayBatchAsync(channel, stoppingToken);
                    consecutiveFailures = 0;
                    if (relayed < options.Value.RelayBatchSize)
                    {
                        await signal.WaitAsync(options.Value.RelayPollInterval, stoppingToken);
                    }
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex)
                {
                    // The channel's state is unknown after a failed publish: start again from a fresh one.
                    await channel.CloseQuietlyAsync(logger, "relay");
                    channel = null;
                    var delay = Backoff.Delay(++consecutiveFailures, options.Value.MaxReconnectDelay);
                    logger.LogWarning(ex, "Outbox relay failed; the events stay in the outbox and are retried in {Delay}", delay);
                    await Task.Delay(delay, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
            }
        }
        finally
        {
            await channel.CloseQuietlyAsync(logger, "relay");
        }
    }

    private async Task<IChannel> OpenChannelAsync(CancellationToken cancellationToken)
    {
        var connection = await broker.GetAsync(cancellationToken);
        var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            cancellationToken);
        try
        {
            // Publishing to a missing exchange would close the channel; declaring is idempotent.
            await topology.DeclareExchangeAsync(channel, cancellationToken);
            return channel;
        }
        catch
        {
            await channel.CloseQuietlyAsync(logger, "relay");
            throw;
        }
    }

    private async Task<int> RelayBatchAsync(IChannel channel, CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<IOutboxStore>();
        var batch = await store.GetUnpublishedAsync(options.Value.RelayBatchSize, cancellationToken);
        if (batch.Count == 0)
        {
            return 0;
        }

        // Start every publish before awaiting any confirm: one round trip per batch instead of per event.
        var publishes = new List<(OutboxMessage Message, Task Confirmed)>(batch.Count);
        foreach (var message in batch)
        {
            publishes.Add((message, PublishAsync(channel, message, cancellationToken)));
        }

        List<Guid> confirmed = new(batch.Count);
        List<Guid> forgotten = [];
        Exception? firstFailure = null;
        foreach (var (message, confirmation) in publishes)
        {
            try
            {
                await confirmation;
                (IntegrationEventSerializer.CarriesSensitiveData(message.EventType) ? forgotten : confirmed).Add(message.EventId);
                var eventType = EventBusTelemetry.EventTypeTag(message.EventType);
                EventBusTelemetry.Published.Add(1, eventType);
                EventBusTelemetry.OutboxLag.Record((DateTimeOffset.UtcNow - message.OccurredAt).TotalSeconds, eventType);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                firstFailure ??= ex;
            }
        }

        // A crash right here republishes these on restart: harmless, consumers de-duplicate.
        if (confirmed.Count > 0)
        {
            await store.MarkPublishedAsync(confirmed, cancellationToken);
        }
        if (forgotten.Count > 0)
        {
            await store.ForgetPublishedAsync(forgotten, cancellationToken);
        }
        if (firstFailure is not null)
        {
            throw new InvalidOperationException(
                $"{batch.Count - confirmed.Count - forgotten.Count} of {batch.Count} events were not confirmed by the broker", firstFailure);
        }
        return batch.Count;
    }

    private async Task PublishAsync(IChannel channel, OutboxMessage message, CancellationToken cancellationToken)
    {
        // A producer span child of the request that wrote the event; its id travels in the headers so the
        // consumer's span hangs below it. Without a listener, the stored parent is forwarded unchanged.
        using var activity = EventBusTelemetry.ActivitySource.StartActivity(
            $"{message.EventType} publish",
            ActivityKind.Producer,
            EventBusTelemetry.ParentFrom(message.TraceParent, message.TraceState));
        activity?.SetTag("messaging.system", "rabbitmq");
        activity?.SetTag("messaging.operation.type", "send");
        activity?.SetTag("messaging.destination.name", topology.Exchange);
        activity?.SetTag("messaging.message.id", message.EventId.ToString());

        var headers = new Dictionary<string, object?>();
        var traceParent = activity?.Id ?? message.TraceParent;
        var traceState = activity is null ? message.TraceState : activity.TraceStateString;
        if (traceParent is not null)
        {
            headers[EventBusTopology.TraceParentHeader] = traceParent;
        }
        if (traceState is not null)
        {
            headers[EventBusTopology.TraceStateHeader] = traceState;
        }

        var properties = new BasicProperties
        {
            DeliveryMode = DeliveryModes.Persistent,
            MessageId = message.EventId.ToString(),
            Type = message.EventType,
            ContentType = "application/json",
            ContentEncoding = "utf-8",
            Timestamp = new AmqpTimestamp(message.OccurredAt.ToUnixTimeSeconds()),
            Headers = headers,
        };

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConfirmTimeout);
        try
        {
            // With confirmation tracking on, this returns once the broker acked and throws on a nack.
            await channel.BasicPublishAsync(
                topology.Exchange,
                routingKey: message.EventType,
                mandatory: false,
                properties,
                Encoding.UTF8.GetBytes(message.Payload),
                timeout.Token);
        }
        catch (Exception ex)
        {
            activity?.AddException(ex);
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw;
        }
    }
}
