using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using SkillSwap.Benchmarks.Load;
using SkillSwap.IntegrationEvents;
using SkillSwap.Testing;

namespace SkillSwap.Benchmarks.Sessions;

/// <summary>
/// The booking saga end to end between the real Sessions and Payments processes (Release, Production): learners POST
/// /api/v1/sessions at a fixed open-loop rate; Sessions stores the session (pending-payment) and publishes
/// SessionRequested; Payments holds the credits and answers CreditsHeld; Sessions moves the session to "requested".
/// Saga latency runs from the POST's answer to the session reading "requested": a probe queue on the broker sees each
/// CreditsHeld as it is published, then the session is read every <see cref="PollInterval"/> until Sessions has applied
/// it (a few reads per booking, not a poll loop over the whole saga, so the measuring adds little load; when Sessions
/// lags the reads back off to a tenth of the wait so far, so a reading is within 5 ms or 10 %).
/// </summary>
public static class SessionsBenchmark
{
    private const int SessionMinutes = 60;
    private const ushort ConsumerConcurrency = 8;
    private const int DefaultRate = 50;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan MaxPollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan SagaTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(5);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task RunAsync(BenchmarkArguments arguments)
    {
        IReadOnlyList<int> rates = arguments.Rates.Count > 0 ? arguments.Rates : [DefaultRate];
        // Payments grants at most 6,000 minutes (100 hour-long sessions) on sign-up: grant that, and add learners when the
        // whole run (warm-up included) would need more than 90 bookings from each.
        const int grantMinutes = 6000;
        var totalBookings = rates.Sum() * (double)arguments.Seconds + rates[0] * WarmUp.TotalSeconds;
        var learnerCount = Math.Max(arguments.Learners, (int)Math.Ceiling(totalBookings / 90));
        Console.WriteLine(FormattableString.Invariant(
            $"sessions benchmark: booking saga end to end, {learnerCount} learners, open loop at {string.Join(", ", rates)} bookings/s for {arguments.Seconds} s each (after a {WarmUp.TotalSeconds:F0} s warm-up at {rates[0]}/s)"));

        await using var postgres = await SharedServers.StartAsync(new PostgresServer());
        await using var rabbit = await SharedServers.StartAsync(new RabbitMqServer());
        await using var issuer = await TestTokenIssuer.StartAsync();
        var production = new ServiceProcessOptions { EnvironmentName = "Production", EchoOutput = true };
        var common = new Dictionary<string, string>
        {
            ["ConnectionStrings:eventbus"] = rabbit.ConnectionString,
            ["Jwt:Authority"] = issuer.Authority,
            ["EventBus:ConsumerConcurrency"] = ConsumerConcurrency.ToString(CultureInfo.InvariantCulture),
        };
        await using var sessions = new ServiceProcess("Sessions", new Dictionary<string, string>(common)
        {
            ["ConnectionStrings:sessionsdb"] = await postgres.CreateDatabaseAsync("sessions"),
            // One teacher per learner, up to 90 bookings each: the daily limit per pair is not what is measured here.
            ["Sessions:RequestsPerTeacherPerDay"] = "100",
        }, production);
        await using var payments = new ServiceProcess("Payments", new Dictionary<string, string>(common)
        {
            ["ConnectionStrings:paymentsdb"] = await postgres.CreateDatabaseAsync("payments"),
            ["Payments:WelcomeGrantMinutes"] = grantMinutes.ToString(CultureInfo.InvariantCulture),
            // Production refuses to start without the key of the welcome-grant claims.
            ["Payments:GrantClaimKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        }, production);
        await Task.WhenAll(sessions.StartAsync(), payments.StartAsync());
        await BrokerQueues.WaitForConsumerAsync(rabbit.ConnectionString, "sessions");
        await BrokerQueues.WaitForConsumerAsync(rabbit.ConnectionString, "payments");

        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        var learners = await RegisterAsync(http, issuer, payments.BaseAddress, rabbit.ConnectionString, learnerCount, grantMinutes);
        // Teachers are members of their own (Sessions refuses ids no account was announced under), one per learner.
        var teachers = await RegisterAsync(http, issuer, payments.BaseAddress, rabbit.ConnectionString, learnerCount, grantMinutes);
        Console.Error.WriteLine($"{learnerCount} learners and {learnerCount} teachers registered, {grantMinutes} minutes each");

        await using var answers = await PaymentAnswerProbe.StartAsync(rabbit.ConnectionString);
        // Slots: a learner's k-th booking starts k hours after the first slot (quarter-hour aligned, ≥ 2 h ahead).
        var firstSlot = QuarterHourAfter(DateTimeOffset.UtcNow.AddHours(2));
        var nextBooking = -1;
        var saga = new Saga(http, sessions.BaseAddress, answers, learners, teachers, firstSlot, () => Interlocked.Increment(ref nextBooking));

        await saga.RunStepAsync(rates[0], WarmUp, "warm-up");
        var results = new List<StepResult>();
        foreach (var rate in rates)
        {
            var result = await saga.RunStepAsync(rate, TimeSpan.FromSeconds(arguments.Seconds), $"{rate}/s");
            results.Add(result);
            Console.Error.WriteLine(result.ToMarkdownRow());
        }

        Console.WriteLine();
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores ({Machine.CpuModel()}), {Environment.OSVersion}, .NET {Environment.Version}");
        Console.WriteLine($"command: ./skillswap bench sessions {string.Join(' ', Environment.GetCommandLineArgs().Skip(2))}".TrimEnd());
        Console.WriteLine(FormattableString.Invariant(
            $"setup: Sessions + Payments as Release processes (Production), EventBus:ConsumerConcurrency={ConsumerConcurrency} in both, other settings default; {learnerCount} learners; saga latency = POST answered -> CreditsHeld seen on a broker probe queue -> session read every {PollInterval.TotalMilliseconds:F0} ms (backing off to a tenth of the wait, <= {MaxPollInterval.TotalMilliseconds:F0} ms, when Sessions lags) until \"requested\""));
        Console.WriteLine(StepResult.MarkdownHeader);
        foreach (var result in results)
        {
            Console.WriteLine(result.ToMarkdownRow());
        }
        var sustained = results.Where(r => r.Late == 0 && r.Saga.P99 < 1000 && r.HeldPerSecond >= 0.95 * r.Rate).Select(r => r.Rate).DefaultIfEmpty().Max();
        Console.WriteLine(sustained > 0
            ? $"\nhighest offered rate held in full with saga p99 < 1 s: {sustained} bookings/s (of {string.Join(", ", rates)})"
            : "\nno offered rate was held in full with saga p99 < 1 s");
        Console.WriteLine(FormattableString.Invariant(
            $"working set after the run: sessions {sessions.WorkingSetBytes / 1048576.0:F0} MiB, payments {payments.WorkingSetBytes / 1048576.0:F0} MiB"));
    }

    /// <summary>Announces each learner as Identity does and waits until Payments has granted them their credits.</summary>
    private static async Task<IReadOnlyList<(Guid Id, string Token)>> RegisterAsync(
        HttpClient http, TestTokenIssuer issuer, Uri payments, string broker, int count, int grantMinutes)
    {
        var learners = Enumerable.Range(0, count).Select(_ => Guid.CreateVersion7()).Select(id => (Id: id, Token: issuer.TokenFor(id))).ToList();
        foreach (var batch in learners.Chunk(20))
        {
            await Task.WhenAll(batch.Select(learner => EventPublisher.PublishAsync(broker, IntegrationEventProbe.EventsExchange,
                new UserRegistered(learner.Id, $"{learner.Id:N}@skillswap.bench", "Bench learner", "en"))));
        }
        foreach (var learner in learners)
        {
            await Eventually.WaitUntilAsync(async () =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(payments, "/api/v1/wallet"));
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", learner.Token);
                using var response = await http.SendAsync(request);
                return response.IsSuccessStatusCode
                    && (await response.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("balanceMinutes").GetInt64() == grantMinutes;
            }, TimeSpan.FromSeconds(60), $"welcome grant of {learner.Id}");
        }
        return learners;
    }

    private static DateTimeOffset QuarterHourAfter(DateTimeOffset instant)
    {
        var utc = instant.UtcDateTime;
        var floor = new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute / 15 * 15, 0, TimeSpan.Zero);
        return floor.AddMinutes(15);
    }

    private sealed class Saga(
        HttpClient http,
        Uri sessions,
        PaymentAnswerProbe answers,
        IReadOnlyList<(Guid Id, string Token)> learners,
        IReadOnlyList<(Guid Id, string Token)> teachers,
        DateTimeOffset firstSlot,
        Func<int> nextBooking)
    {
        private static readonly Uri Route = new("/api/v1/sessions", UriKind.Relative);

        public async Task<StepResult> RunStepAsync(int rate, TimeSpan duration, string name)
        {
            var post = new LatencyRecorder(name);
            var tracked = new ConcurrentBag<Task<Booking>>();
            var started = Stopwatch.GetTimestamp();
            await LoadGenerator.FixedRateAsync(async () =>
            {
                Booking booking;
                try
                {
                    booking = await PostAsync(nextBooking());
                }
                catch (TaskCanceledException)
                {
                    return false; // the client's 30 s timeout: counted as a failed POST
                }
                if (booking.SessionId is { } sessionId)
                {
                    tracked.Add(FollowAsync(booking, sessionId));
                }
                return booking.SessionId is not null;
            }, rate, duration, post);
            var bookings = await Task.WhenAll(tracked);
            var held = bookings.Where(b => b.Outcome == "requested").ToList();
            // From the first POST leaving to the last booking reading "requested": what the system sustained, backlog included.
            var window = held.Count == 0 ? duration : Stopwatch.GetElapsedTime(started, held.Max(b => b.RequestedAt));
            return new StepResult(
                name,
                rate,
                post.Summarise(),
                bookings.Length,
                held.Count,
                bookings.Count(b => b.Outcome == "rejected"),
                bookings.Count(b => b.Outcome is not ("requested" or "rejected")),
                held.Count / window.TotalSeconds,
                Percentiles.Of(held.Select(b => b.PaymentsMs)),
                Percentiles.Of(held.Select(b => b.SagaMs)));
        }

        private async Task<Booking> PostAsync(int index)
        {
            var learner = learners[index % learners.Count];
            var slot = firstSlot.AddHours(index / learners.Count);
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(sessions, Route))
            {
                Content = JsonContent.Create(new
                {
                    // A request takes no calendar time until it is accepted, so sharing teachers makes no booking collide.
                    teacherId = teachers[index % teachers.Count].Id,
                    skill = "Piano",
                    proposedStarts = new[] { slot },
                    durationMinutes = SessionMinutes,
                    format = "online",
                }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", learner.Token);
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            using var response = await http.SendAsync(request);
            var answered = Stopwatch.GetTimestamp();
            if (response.StatusCode != HttpStatusCode.Created)
            {
                Console.Error.WriteLine($"POST /api/v1/sessions: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                return new Booking(null, learner.Token, answered);
            }
            var session = await response.Content.ReadFromJsonAsync<JsonElement>(Json);
            return new Booking(Guid.Parse(session.GetProperty("id").GetString()!), learner.Token, answered);
        }

        /// <summary>Waits for Payments' answer on the broker, then reads the session until Sessions has applied it.</summary>
        private async Task<Booking> FollowAsync(Booking booking, Guid sessionId)
        {
            var answer = await answers.WaitForAsync(sessionId, SagaTimeout);
            if (answer is null)
            {
                return booking with { Outcome = "late" };
            }
            var seenAt = answer.Value.SeenAt;
            var deadline = Stopwatch.GetTimestamp() + (long)(SagaTimeout.TotalSeconds * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < deadline)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(sessions, $"/api/v1/sessions/{sessionId}"));
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", booking.Token);
                using var response = await http.SendAsync(request);
                var readAt = Stopwatch.GetTimestamp();
                if (response.IsSuccessStatusCode)
                {
                    var status = (await response.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("status").GetString();
                    if (status is "requested" or "rejected")
                    {
                        return booking with
                        {
                            Outcome = status,
                            PaymentsMs = Stopwatch.GetElapsedTime(booking.AnsweredAt, seenAt).TotalMilliseconds,
                            SagaMs = Stopwatch.GetElapsedTime(booking.AnsweredAt, readAt).TotalMilliseconds,
                            RequestedAt = readAt,
                        };
                    }
                }
                // Every 5 ms while the answer is fresh; when Sessions lags, every tenth of the wait so far (at most
                // 100 ms): the reading stays within 5 ms or 10 % and an overloaded Sessions is not buried under reads.
                var behind = Stopwatch.GetElapsedTime(seenAt);
                await Task.Delay(TimeSpan.FromTicks(Math.Clamp(behind.Ticks / 10, PollInterval.Ticks, MaxPollInterval.Ticks)));
            }
            return booking with { Outcome = "late" };
        }
    }

    /// <summary>One booking; <see cref="AnsweredAt"/> and <see cref="RequestedAt"/> are <see cref="Stopwatch"/> timestamps.</summary>
    private sealed record Booking(Guid? SessionId, string Token, long AnsweredAt)
    {
        public string Outcome { get; init; } = "";
        public double PaymentsMs { get; init; }
        public double SagaMs { get; init; }
        public long RequestedAt { get; init; }
    }

    /// <summary>
    /// A private queue on the events exchange bound to CreditsHeld and CreditsRejected, like
    /// <see cref="IntegrationEventProbe"/> but keyed by session, with the instant each answer arrived.
    /// </summary>
    private sealed class PaymentAnswerProbe : IAsyncDisposable
    {
        private readonly ConcurrentDictionary<Guid, TaskCompletionSource<(bool Held, long SeenAt)>> _answers = new();
        private IConnection _connection = null!;
        private IChannel _channel = null!;

        public static async Task<PaymentAnswerProbe> StartAsync(string broker)
        {
            var probe = new PaymentAnswerProbe();
            probe._connection = await new ConnectionFactory { Uri = new Uri(broker) }.CreateConnectionAsync();
            probe._channel = await probe._connection.CreateChannelAsync();
            await probe._channel.ExchangeDeclareAsync(IntegrationEventProbe.EventsExchange, ExchangeType.Topic, durable: true, autoDelete: false);
            var queue = await probe._channel.QueueDeclareAsync(queue: string.Empty, durable: false, exclusive: true, autoDelete: true);
            await probe._channel.QueueBindAsync(queue.QueueName, IntegrationEventProbe.EventsExchange, nameof(CreditsHeld));
            await probe._channel.QueueBindAsync(queue.QueueName, IntegrationEventProbe.EventsExchange, nameof(CreditsRejected));
            var consumer = new AsyncEventingBasicConsumer(probe._channel);
            consumer.ReceivedAsync += (_, delivery) =>
            {
                var seenAt = Stopwatch.GetTimestamp();
                using var body = JsonDocument.Parse(Encoding.UTF8.GetString(delivery.Body.Span));
                var sessionId = body.RootElement.GetProperty("sessionId").GetGuid();
                probe.Slot(sessionId).TrySetResult((delivery.RoutingKey == nameof(CreditsHeld), seenAt));
                return Task.CompletedTask;
            };
            await probe._channel.BasicConsumeAsync(queue.QueueName, autoAck: true, consumer);
            return probe;
        }

        public async Task<(bool Held, long SeenAt)?> WaitForAsync(Guid sessionId, TimeSpan timeout)
        {
            var answer = Slot(sessionId).Task;
            if (await Task.WhenAny(answer, Task.Delay(timeout)) != answer)
            {
                return null;
            }
            _answers.TryRemove(sessionId, out _);
            return await answer;
        }

        private TaskCompletionSource<(bool Held, long SeenAt)> Slot(Guid sessionId) =>
            _answers.GetOrAdd(sessionId, _ => new TaskCompletionSource<(bool, long)>(TaskCreationOptions.RunContinuationsAsynchronously));

        public async ValueTask DisposeAsync()
        {
            await _channel.DisposeAsync();
            await _connection.DisposeAsync();
        }
    }

    private sealed record Percentiles(double P50, double P95, double P99, double Max)
    {
        public static Percentiles Of(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            double At(double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
            return new Percentiles(At(0.50), At(0.95), At(0.99), sorted.Length == 0 ? double.NaN : sorted[^1]);
        }

        public override string ToString() => FormattableString.Invariant($"{P50:F0} / {P95:F0} / {P99:F0} / {Max:F0}");
    }

    private sealed record StepResult(
        string Name, int Rate, LatencySummary Post, int Created, int Held, int Rejected, int Late, double HeldPerSecond, Percentiles Payments, Percentiles Saga)
    {
        public const string MarkdownHeader =
            "| offered | POSTs | failed POSTs | POST p50 / p99 ms | requested | rejected | not settled in 60 s | requested/s | CreditsHeld seen p50 / p95 / p99 / max ms | saga (POST → \"requested\") p50 / p95 / p99 / max ms |\n|---|---|---|---|---|---|---|---|---|---|";

        public string ToMarkdownRow() => FormattableString.Invariant(
            $"| {Name} | {Post.Requests} | {Post.Errors} | {Post.P50:F1} / {Post.P99:F1} | {Held} | {Rejected} | {Late} | {HeldPerSecond:F1} | {Payments} | {Saga} |");
    }
}
