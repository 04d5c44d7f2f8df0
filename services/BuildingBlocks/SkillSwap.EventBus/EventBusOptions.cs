using Microsoft.Extensions.Options;

namespace SkillSwap.EventBus;

/// <summary>
/// Settings of one service's event bus, bound from the "EventBus" configuration section and checked at start-up,
/// so a typo in a delay or a name fails the deployment instead of silently losing messages.
/// </summary>
public sealed class EventBusOptions
{
    public const string SectionName = "EventBus";

    /// <summary>Names the service's queues (<c>identity</c>, <c>identity.dead-letter</c>...) and its inbox consumers.</summary>
    public string ServiceName { get; set; } = "";

    /// <summary>Durable topic exchange every service publishes to; the routing key is the event type name.</summary>
    public string ExchangeName { get; set; } = "skillswap.events";

    /// <summary>
    /// Durable queue of the events marked <c>[Measured]</c>, declared (with its bindings) by every publisher and
    /// consumer, so those events are kept from the first one published until the service that reads the history
    /// (Administration, see <see cref="EventBusBuilder.ReadEventHistory"/>) takes them. It has one reader: a second
    /// service reading it would take half of the events each.
    /// </summary>
    public string HistoryQueueName { get; set; } = "skillswap.history";

    /// <summary>Direct exchange that receives poison messages, routed by service name to <c>&lt;service&gt;.dead-letter</c>.</summary>
    public string DeadLetterExchangeName { get; set; } = "skillswap.dead-letter";

    /// <summary>How many unacknowledged deliveries the broker hands to this service at once.</summary>
    public ushort PrefetchCount { get; set; } = 16;

    /// <summary>How many deliveries are handled in parallel; 1 keeps the order of a queue.</summary>
    public ushort ConsumerConcurrency { get; set; } = 1;

    /// <summary>
    /// Wait before attempt 2, 3... of a failing handler; the last one is reused when <see cref="MaxAttempts"/> is larger.
    /// Left empty, <see cref="DefaultRetryDelays"/> applies (a configured list replaces the defaults rather than adding to them).
    /// </summary>
    public IList<TimeSpan> RetryDelays { get; set; } = [];

    public static IReadOnlyList<TimeSpan> DefaultRetryDelays { get; } =
        [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1)];

    /// <summary>Handler attempts (first try included) before a message goes to the dead-letter queue.</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>How often the relay looks at the outbox when nobody signalled a commit (a safety net, not the main path).</summary>
    public TimeSpan RelayPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Events the relay reads and publishes per round trip.</summary>
    public int RelayBatchSize { get; set; } = 100;

    /// <summary>Longest wait between two tries while the broker or the store is unreachable.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a published outbox row is kept (what left, and when, for an operator tracing an event) before it is deleted.</summary>
    public TimeSpan PublishedEventRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How long the inbox remembers that an event was handled. A copy delivered later than this would be handled again,
    /// so it must far exceed the time a redelivery can take (a consumer's crash, a relay republishing after its own).
    /// </summary>
    public TimeSpan HandledEventRetention { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How often the outbox and inbox are swept of what they no longer need.</summary>
    public TimeSpan RetentionSweepInterval { get; set; } = TimeSpan.FromHours(1);

    public IReadOnlyList<TimeSpan> EffectiveRetryDelays => RetryDelays.Count > 0 ? [.. RetryDelays] : DefaultRetryDelays;
}

internal sealed class EventBusOptionsValidator : IValidateOptions<EventBusOptions>
{
    public ValidateOptionsResult Validate(string? name, EventBusOptions options)
    {
        List<string> failures = [];
        if (!IsValidName(options.ServiceName))
        {
            failures.Add("EventBus:ServiceName must be a non-empty name of letters, digits, '.', '-' or '_'.");
        }
        if (!IsValidName(options.ExchangeName))
        {
            failures.Add("EventBus:ExchangeName must be a non-empty name of letters, digits, '.', '-' or '_'.");
        }
        if (!IsValidName(options.HistoryQueueName))
        {
            failures.Add("EventBus:HistoryQueueName must be a non-empty name of letters, digits, '.', '-' or '_'.");
        }
        if (!IsValidName(options.DeadLetterExchangeName) || options.DeadLetterExchangeName == options.ExchangeName)
        {
            failures.Add("EventBus:DeadLetterExchangeName must be a valid name different from ExchangeName.");
        }
        if (options.PrefetchCount == 0)
        {
            failures.Add("EventBus:PrefetchCount must be at least 1 (0 would mean unlimited).");
        }
        if (options.ConsumerConcurrency == 0 || options.ConsumerConcurrency > options.PrefetchCount)
        {
            failures.Add("EventBus:ConsumerConcurrency must be between 1 and PrefetchCount.");
        }
        if (options.EffectiveRetryDelays.Any(delay => delay <= TimeSpan.Zero || delay > TimeSpan.FromDays(1)))
        {
            failures.Add("EventBus:RetryDelays must all be positive and at most one day.");
        }
        if (options.MaxAttempts is < 1 or > 100)
        {
            failures.Add("EventBus:MaxAttempts must be between 1 and 100.");
        }
        if (options.RelayPollInterval <= TimeSpan.Zero)
        {
            failures.Add("EventBus:RelayPollInterval must be positive.");
        }
        if (options.RelayBatchSize is < 1 or > 10_000)
        {
            failures.Add("EventBus:RelayBatchSize must be between 1 and 10000.");
        }
        if (options.MaxReconnectDelay <= TimeSpan.Zero)
        {
            failures.Add("EventBus:MaxReconnectDelay must be positive.");
        }
        if (options.PublishedEventRetention < TimeSpan.FromHours(1))
        {
            failures.Add("EventBus:PublishedEventRetention must be at least one hour.");
        }
        // Sibling handlers of one event retry together: one that succeeded early must still remember it when the last
        // retry of another redelivers the message.
        var delays = options.EffectiveRetryDelays;
        var retrySpan = TimeSpan.FromTicks(Enumerable.Range(0, Math.Max(options.MaxAttempts - 1, 0))
            .Sum(retry => delays[Math.Min(retry, delays.Count - 1)].Ticks));
        if (options.HandledEventRetention < retrySpan + TimeSpan.FromDays(1))
        {
            failures.Add($"EventBus:HandledEventRetention must be at least one day more than all retries of a message take ({retrySpan}): a shorter memory lets redelivered events run twice.");
        }
        if (options.RetentionSweepInterval <= TimeSpan.Zero || options.RetentionSweepInterval > TimeSpan.FromDays(1))
        {
            failures.Add("EventBus:RetentionSweepInterval must be positive and at most one day.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsValidName(string name) =>
        !string.IsNullOrWhiteSpace(name) && name.Length <= 200 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');
}
