using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.SignalR;
using Npgsql;
using RabbitMQ.Client.Exceptions;
using SkillSwap.Benchmarks.Chat;
using SkillSwap.Benchmarks.Load;
using SkillSwap.IntegrationEvents;
using SkillSwap.Testing;

namespace SkillSwap.Benchmarks.Notifications;

/// <summary>
/// Event to in-app realtime delivery: <see cref="ReviewRevealed"/> events published on RabbitMQ as Reviews publishes
/// them, at a fixed open-loop rate (<c>--rate</c>, default 500/s), each for one of <c>--clients</c> connected people.
/// The real path runs: the Notifications service (one Release process) consumes it, writes the inbox entry and
/// stages <see cref="RealtimeNotificationRequested"/> in its outbox in the same commit, its relay publishes it; Chat
/// (two Release replicas, one Orleans cluster) consumes it, the user's grain hands it to the relay of the replica
/// holding the connection, and SignalR pushes the <c>notification</c> client event.
/// <para>
/// Latency runs from just before the publish to the push on the client (one process, one <see cref="Stopwatch"/>);
/// the review id in the notification's data names the event. Where the time goes is read on the wall clock (every
/// process on this machine shares it): when Notifications composed the entry (the inbox view's createdAt), when the
/// request reached the broker (a probe queue), when the client had it; and from the backlog in the notifications
/// queue, the outbox and the chat queue, sampled every 250 ms.
/// </para>
/// </summary>
public static class NotificationsBenchmark
{
    private const int DefaultRate = 500;
    private const int DefaultSeconds = 20;
    private const int DefaultClients = 500;
    private const int ConnectConcurrency = 16;
    private const string Skill = "Guitar";
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LossWindow = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan DrainQuiet = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan IdleBetweenPhases = TimeSpan.FromSeconds(3);

    public static async Task RunAsync(BenchmarkArguments arguments)
    {
        IReadOnlyList<int> rates = arguments.Rates.Count > 0 ? arguments.Rates : [DefaultRate];
        var seconds = arguments.SecondsOr(DefaultSeconds);
        var clientCount = Math.Max(1, arguments.ClientsOr(DefaultClients));
        Console.WriteLine(FormattableString.Invariant(
            $"notifications benchmark: ReviewRevealed -> Notifications (1 process) -> RealtimeNotificationRequested -> Chat (2 replicas) -> SignalR 'notification', {clientCount} connected recipients, open loop at {string.Join(", ", rates)} events/s for {seconds} s each (after a {WarmUp.TotalSeconds:F0} s warm-up at {rates[0]}/s)"));

        await using var postgres = await SharedServers.StartAsync(new PostgresServer());
        await using var redis = await SharedServers.StartAsync(new RedisServer());
        await using var rabbit = await SharedServers.StartAsync(new RabbitMqServer());
        await using var issuer = await TestTokenIssuer.StartAsync();
        var production = new ServiceProcessOptions { EnvironmentName = "Production", EchoOutput = true };
        var chatConfiguration = new Dictionary<string, string>
        {
            ["ConnectionStrings:chatdb"] = await postgres.CreateDatabaseAsync("chat"),
            ["ConnectionStrings:cache"] = redis.ConnectionString,
            ["ConnectionStrings:eventbus"] = rabbit.ConnectionString,
            ["Jwt:Authority"] = issuer.Authority,
            ["Orleans:ClusterId"] = $"notifications-bench-{Guid.NewGuid():N}",
            ["Orleans:AdvertisedIPAddress"] = "127.0.0.1",
            // As the AppHost runs it.
            ["EventBus:ConsumerConcurrency"] = "4",
            ["EventBus:PrefetchCount"] = "32",
        };
        var notificationsDatabase = await postgres.CreateDatabaseAsync("notifications");
        var notificationsConfiguration = new Dictionary<string, string>
        {
            ["ConnectionStrings:notificationsdb"] = notificationsDatabase,
            ["ConnectionStrings:eventbus"] = rabbit.ConnectionString,
            ["Jwt:Authority"] = issuer.Authority,
            ["EventBus:ConsumerConcurrency"] = "8",
            ["EventBus:PrefetchCount"] = "32",
        };
        arguments.ApplySettings(chatConfiguration, "chat", "notifications", "chat");
        arguments.ApplySettings(notificationsConfiguration, "notifications", "notifications", "chat");
        await using var notifications = new ServiceProcess("Notifications", notificationsConfiguration, production);
        await using var chat0 = new ServiceProcess("Chat", chatConfiguration, production);
        await using var chat1 = new ServiceProcess("Chat", chatConfiguration, production);
        ServiceProcess[] replicas = [chat0, chat1];
        // One replica after the other: the second joins the cluster the first created.
        await Task.WhenAll(notifications.StartAsync(), StartInTurnAsync(replicas));
        await BrokerQueues.WaitForConsumerAsync(rabbit.ConnectionString, "notifications");
        await BrokerQueues.WaitForConsumerAsync(rabbit.ConnectionString, "chat");
        var cpu = CpuMeter.ForChildren(["SkillSwap.Chat.dll", "SkillSwap.Notifications.dll"],
            port => port == chat0.Port ? "chat-0" : port == chat1.Port ? "chat-1" : port == notifications.Port ? "notifications" : null)
            .AlsoCommands(("PostgreSQL", "postgres"), ("RabbitMQ", "beam.smp"), ("Redis", "redis-server"));

        // People as Identity announces them (Notifications writes in their language and names the review's author).
        var people = Enumerable.Range(0, clientCount).Select(_ => Guid.CreateVersion7()).ToArray();
        foreach (var batch in people.Chunk(200))
        {
            await EventPublisher.PublishAsync(rabbit.ConnectionString, IntegrationEventProbe.EventsExchange,
                [.. batch.Select(id => (IntegrationEvent)new UserRegistered(id, $"{id:N}@skillswap.bench", $"Bench member {id.ToString("N")[..6]}", "en"))]);
        }
        await WaitForIdleQueuesAsync(rabbit.ConnectionString);
        Console.Error.WriteLine($"{people.Length} people registered");

        var ledger = new Ledger(rates.Count + 1);
        var clients = new BenchNotificationClient[clientCount];
        var connecting = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, clientCount), new ParallelOptions { MaxDegreeOfParallelism = ConnectConcurrency }, async (i, _) =>
        {
            var replica = i % 2;
            clients[i] = await BenchNotificationClient.ConnectAsync(replicas[replica].BaseAddress, issuer.TokenFor(people[i]), i, replica, ledger.Arrived);
        });
        Console.Error.WriteLine(FormattableString.Invariant($"{clientCount} clients connected in {connecting.Elapsed.TotalSeconds:F1} s (client i on replica i mod 2)"));

        await using var probe = await RealtimeProbe.StartAsync(rabbit.ConnectionString, ledger.OnBroker);
        await using var stream = await EventStream.OpenAsync(rabbit.ConnectionString);
        await using var backlog = new BacklogSampler(rabbit.ConnectionString, notificationsDatabase);
        var run = new Run(stream, people, cpu, backlog, notificationsDatabase, chatConfiguration["ConnectionStrings:chatdb"]);

        Console.Error.WriteLine(PhaseResult.Header);
        var warmUp = ledger.Add(new Phase(0, FormattableString.Invariant($"warm-up {rates[0]}/s"), rates[0], (int)(rates[0] * WarmUp.TotalSeconds)));
        Console.Error.WriteLine((await RunPhaseAsync(warmUp, run)).ToRow());
        var results = new List<PhaseResult>();
        for (var i = 0; i < rates.Count; i++)
        {
            await Task.Delay(IdleBetweenPhases);
            var phase = ledger.Add(new Phase(i + 1, FormattableString.Invariant($"{rates[i]}/s"), rates[i], (int)(rates[i] * (double)seconds)));
            var result = await RunPhaseAsync(phase, run);
            results.Add(result);
            Console.Error.WriteLine(result.ToRow());
        }

        var inbox = await CountInboxAsync(notificationsDatabase);
        var workingSets = $"working sets at the end: notifications {Mib(notifications.WorkingSetBytes):F0} MiB, chat-0 {Mib(chat0.WorkingSetBytes):F0} MiB, chat-1 {Mib(chat1.WorkingSetBytes):F0} MiB, benchmark {Mib(Environment.WorkingSet):F0} MiB";
        await Task.WhenAll(clients.Select(client => client.DisposeAsync().AsTask()));

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"machine: {Environment.ProcessorCount} cores ({Machine.CpuModel()}), {Environment.OSVersion}, .NET {Environment.Version}; load generator, Notifications, both Chat replicas, PostgreSQL, Redis and RabbitMQ all on this machine, over loopback");
        report.AppendLine($"command: ./skillswap bench notifications {string.Join(' ', Environment.GetCommandLineArgs().Skip(2))}".TrimEnd());
        report.AppendLine(CultureInfo.InvariantCulture,
            $"setup: Notifications (1 process) and Chat (2 replicas, one Orleans cluster over Redis) as Release processes, Production environment, {(arguments.Settings is { Count: > 0 } set ? "settings changed: " + string.Join(", ", set) : "default settings")}; document stores in PostgreSQL (fsync off, as every bench); {clientCount} SignalR clients (WebSockets) in one process, client i on replica i mod 2; event k is a ReviewRevealed for person k mod {clientCount} (author: the next person), published on one confirmed channel as a service's relay publishes it");
        report.AppendLine("e2e = just before the publish -> the client has the 'notification' push (Stopwatch); lost = not pushed within 10 s of the phase's last publish; stages on the wall clock: consumed+composed = publish -> Notifications composed the entry (inbox createdAt), commit+relay = composed -> RealtimeNotificationRequested on the broker (probe queue), chat = broker -> client");
        report.AppendLine(PhaseResult.Header);
        report.AppendLine(results.Count > 0 ? string.Join(Environment.NewLine, results.Select(result => result.ToRow())) : "");
        foreach (var result in results)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"  {result.Name}: {result.Details()}");
        }
        report.AppendLine(CultureInfo.InvariantCulture, $"inbox entries in Notifications' database at the end: {inbox} (events published, warm-up included: {ledger.Published}); pushes not naming a benchmark event: {ledger.Foreign}; probe requests without a review id: {probe.Unreadable}");
        report.AppendLine(workingSets);
        var held = results.Where(result => result.KeptUp).Select(result => result.Rate).DefaultIfEmpty().Max();
        report.AppendLine(held > 0
            ? FormattableString.Invariant($"verdict: highest offered rate delivered in full and on time (nothing lost, delivered/s within 2 % of offered): {held} events/s; e2e p99 there {results.Where(result => result.Rate == held).Max(result => result.EndToEnd.P99):F0} ms")
            : "verdict: the pipeline fell behind at every offered rate (see the notifications queue and outbox backlog for where)");
        Console.WriteLine();
        Console.WriteLine(report.ToString());

        var state = Environment.GetEnvironmentVariable("SKILLSWAP_TEST_STATE") ?? Path.GetTempPath();
        await File.WriteAllTextAsync(Path.Combine(state, "notifications-bench-notifications.log"), notifications.Output);
        for (var i = 0; i < replicas.Length; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(state, $"notifications-bench-chat-{i}.log"), replicas[i].Output);
        }
    }

    private static async Task StartInTurnAsync(ServiceProcess[] replicas)
    {
        foreach (var replica in replicas)
        {
            await replica.StartAsync();
        }
    }

    /// <summary>Waits until neither service has ready messages left (three looks in a row), e.g. after the registrations.</summary>
    private static async Task WaitForIdleQueuesAsync(string broker)
    {
        var factory = new RabbitMQ.Client.ConnectionFactory { Uri = new Uri(broker) };
        await using var connection = await factory.CreateConnectionAsync();
        var idle = 0;
        var deadline = Stopwatch.StartNew();
        while (idle < 3 && deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            await using var channel = await connection.CreateChannelAsync();
            var waiting = (await channel.QueueDeclarePassiveAsync("notifications")).MessageCount + (await channel.QueueDeclarePassiveAsync("chat")).MessageCount;
            idle = waiting == 0 ? idle + 1 : 0;
            await Task.Delay(200);
        }
    }

    private static async Task<PhaseResult> RunPhaseAsync(Phase phase, Run run)
    {
        var (notificationsTransactions, chatTransactions) = (await TransactionsAsync(run.NotificationsDatabase), await TransactionsAsync(run.ChatDatabase));
        var (notificationsTables, chatTables) = (await TableActivityAsync(run.NotificationsDatabase), await TableActivityAsync(run.ChatDatabase));
        run.Backlog.Start();
        run.Cpu.Start();
        var publishes = new List<Task>(phase.Capacity);
        var started = Stopwatch.GetTimestamp();
        phase.StartedAt = started;
        var next = 0;
        while (next < phase.Capacity)
        {
            var due = Math.Min(phase.Capacity, (int)(Stopwatch.GetElapsedTime(started).TotalSeconds * phase.Rate));
            for (; next < due; next++)
            {
                publishes.Add(PublishAsync(run, phase, next, started + (long)((double)next * Stopwatch.Frequency / phase.Rate)));
            }
            await Task.Delay(1);
        }
        await Task.WhenAll(publishes);
        // CPU under load: the publishing window, not the quiet wait for stragglers.
        var usage = run.Cpu.Stop();
        var lastSent = phase.SentAt.Max();
        var expected = Enumerable.Range(0, phase.Capacity).Count(n => phase.ConfirmedAt[n] != 0);

        // Lost: not pushed within the loss window after the last publish.
        var lossDeadline = lastSent + (long)(LossWindow.TotalSeconds * Stopwatch.Frequency);
        while (Interlocked.Read(ref phase.Received) < expected && Stopwatch.GetTimestamp() < lossDeadline)
        {
            await Task.Delay(20);
        }
        var lostInWindow = Enumerable.Range(0, phase.Capacity).Count(n => phase.ConfirmedAt[n] != 0 && Volatile.Read(ref phase.Receipts[n]) == 0);

        // Then wait for late ones (until nothing arrives for a while), so the next phase starts on an empty pipeline
        // and the late ones show in the percentiles rather than vanishing from them.
        var drain = Stopwatch.StartNew();
        var last = Interlocked.Read(ref phase.Received);
        var quietSince = Stopwatch.GetTimestamp();
        while (Interlocked.Read(ref phase.Received) < expected && Stopwatch.GetElapsedTime(quietSince) < DrainQuiet && drain.Elapsed < DrainTimeout)
        {
            await Task.Delay(100);
            var now = Interlocked.Read(ref phase.Received);
            if (now != last)
            {
                last = now;
                quietSince = Stopwatch.GetTimestamp();
            }
        }
        // Duplicates would come after the first copy: give them a moment.
        await Task.Delay(TimeSpan.FromSeconds(1));
        var samples = await run.Backlog.StopAsync();
        // PostgreSQL counts every statement outside a transaction, and every reset of a pooled connection (DISCARD ALL,
        // Npgsql's default), as a transaction: transactions per event ~ round trips per event, the cost that adds up here.
        double per = Math.Max(1, expected);
        notificationsTransactions = await TransactionsAsync(run.NotificationsDatabase) - notificationsTransactions - samples.Count;
        chatTransactions = await TransactionsAsync(run.ChatDatabase) - chatTransactions;
        var transactions = FormattableString.Invariant(
            $"PostgreSQL transactions per event (statements outside one and pooled-connection resets count one each; the sampler's own excluded): notifications {notificationsTransactions / per:F1}, chat {chatTransactions / per:F1}");
        var tables = FormattableString.Invariant(
            $"tables per event ({TableActivity.Legend}): Notifications {TableActivity.PerEvent(notificationsTables, await TableActivityAsync(run.NotificationsDatabase), expected)}; Chat {TableActivity.PerEvent(chatTables, await TableActivityAsync(run.ChatDatabase), expected)}");
        return Analyse(phase, expected, lostInWindow, $"{usage}; {transactions}; {tables}", samples);
    }

    private static async Task PublishAsync(Run run, Phase phase, int number, long scheduledAt)
    {
        var recipient = number % run.People.Length;
        var author = (recipient + 1) % run.People.Length;
        // A fresh event (its Id and OccurredAt are new), naming the benchmark event in its review id.
        var revealed = new ReviewRevealed(Correlation.ReviewId(phase.Index, number), Guid.CreateVersion7(), run.People[author], run.People[recipient], 5, Skill);
        var outgoing = EventStream.Prepare(revealed);
        phase.Recipient[number] = recipient;
        phase.ScheduledAt[number] = scheduledAt;
        phase.SentWall[number] = DateTime.UtcNow.Ticks;
        phase.SentAt[number] = Stopwatch.GetTimestamp();
        try
        {
            await run.Stream.PublishAsync(outgoing);
            phase.ConfirmedAt[number] = Stopwatch.GetTimestamp();
        }
        catch (Exception ex) when (ex is PublishException or OperationInterruptedException or AlreadyClosedException or IOException)
        {
            phase.Errors.AddOrUpdate($"{ex.GetType().Name}: {ex.Message}", 1, (_, count) => count + 1);
        }
    }

    private static PhaseResult Analyse(Phase phase, int expected, int lostInWindow, string cpu, IReadOnlyList<Backlog> samples)
    {
        var sent = Enumerable.Range(0, phase.Capacity).Where(n => phase.ConfirmedAt[n] != 0).ToArray();
        var received = sent.Where(n => phase.Receipts[n] > 0).ToArray();
        var withBroker = received.Where(n => phase.OnBrokerWall[n] != 0).ToArray();
        var lastSent = phase.SentAt.Max();
        var publishWindow = Seconds(phase.StartedAt, lastSent) + 1.0 / phase.Rate;
        var deliveryWindow = received.Length == 0 ? 1 : Seconds(phase.StartedAt, received.Max(n => phase.ReceivedAt[n]));
        return new PhaseResult(
            phase.Name,
            phase.Rate,
            phase.Capacity,
            sent.Length,
            sent.Length / publishWindow,
            received.Length / deliveryWindow,
            Percentiles.Of(received.Select(n => Milliseconds(phase.SentAt[n], phase.ReceivedAt[n]))),
            Percentiles.Of(received.Select(n => WallMilliseconds(phase.SentWall[n], phase.ComposedWall[n]))),
            Percentiles.Of(withBroker.Select(n => WallMilliseconds(phase.ComposedWall[n], phase.OnBrokerWall[n]))),
            Percentiles.Of(withBroker.Select(n => WallMilliseconds(phase.OnBrokerWall[n], phase.ReceivedWall[n]))),
            lostInWindow,
            sent.Length - received.Length,
            sent.Sum(n => Math.Max(0, phase.Receipts[n] - 1)),
            received.Count(n => phase.ReceivedBy[n] != phase.Recipient[n]),
            Percentiles.Of(sent.Select(n => Milliseconds(phase.ScheduledAt[n], phase.SentAt[n]))),
            Percentiles.Of(sent.Select(n => Milliseconds(phase.SentAt[n], phase.ConfirmedAt[n]))),
            samples.Count == 0 ? default : new Backlog(0, samples.Max(s => s.NotificationsQueue), samples.Max(s => s.Outbox), samples.Max(s => s.ChatQueue)),
            BacklogTimeline(samples),
            phase.Capacity - sent.Length,
            cpu,
            string.Concat(phase.Errors.Select(error => FormattableString.Invariant($"; {error.Value} x {error.Key}"))));
    }

    /// <summary>The backlog once a second (the highest sample of each second), for the phase's first 60 s.</summary>
    private static string BacklogTimeline(IReadOnlyList<Backlog> samples) =>
        string.Join(" ", samples.GroupBy(sample => (int)sample.AtSeconds).Take(60).Select(second => FormattableString.Invariant(
            $"{second.Max(s => s.NotificationsQueue)}/{second.Max(s => s.Outbox)}/{second.Max(s => s.ChatQueue)}")));

    private static async Task<long> TransactionsAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        // A statement of its own is a transaction of its own, so it reads a fresh statistics snapshot. Backends publish
        // their counts when idle or at least once a second, and this is read after a quiet second.
        await using var command = new NpgsqlCommand("select xact_commit from pg_stat_database where datname = current_database()", connection);
        return (long)(await command.ExecuteScalarAsync() ?? 0L);
    }

    /// <summary>Per table of the database: index scans, sequential scans and the rows they read, rows inserted, updated, deleted so far.</summary>
    private static async Task<Dictionary<string, TableActivity>> TableActivityAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select relname, coalesce(idx_scan, 0), seq_scan, seq_tup_read, n_tup_ins, n_tup_upd, n_tup_del from pg_stat_user_tables", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var tables = new Dictionary<string, TableActivity>();
        while (await reader.ReadAsync())
        {
            tables[reader.GetString(0)] = new TableActivity(reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6));
        }
        return tables;
    }

    private static async Task<long> CountInboxAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from mt_doc_notifications", connection);
        return (long)(await command.ExecuteScalarAsync() ?? 0L);
    }

    private static double Seconds(long from, long to) => (to - from) / (double)Stopwatch.Frequency;

    private static double Milliseconds(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;

    private static double WallMilliseconds(long fromTicks, long toTicks) => (toTicks - fromTicks) / (double)TimeSpan.TicksPerMillisecond;

    private static double Mib(long bytes) => bytes / 1048576.0;

    /// <summary>
    /// The review id names the benchmark event: the event number in the first four bytes, the phase in the next two, and
    /// this run's random tag in the last ten (so nothing else can pass for one of ours).
    /// </summary>
    private static class Correlation
    {
        private static readonly byte[] Tag = RandomNumberGenerator.GetBytes(10);

        public static Guid ReviewId(int phase, int number)
        {
            Span<byte> bytes = stackalloc byte[16];
            BinaryPrimitives.WriteInt32LittleEndian(bytes, number);
            BinaryPrimitives.WriteInt16LittleEndian(bytes[4..], (short)phase);
            Tag.CopyTo(bytes[6..]);
            return new Guid(bytes);
        }

        public static bool TryRead(string? reviewId, out int phase, out int number)
        {
            phase = number = 0;
            Span<byte> bytes = stackalloc byte[16];
            if (!Guid.TryParse(reviewId, out var guid) || !guid.TryWriteBytes(bytes) || !bytes[6..].SequenceEqual(Tag))
            {
                return false;
            }
            number = BinaryPrimitives.ReadInt32LittleEndian(bytes);
            phase = BinaryPrimitives.ReadInt16LittleEndian(bytes[4..]);
            return true;
        }
    }

    /// <summary>What PostgreSQL counted on one table (pg_stat_user_tables): where each event's reads and writes land.</summary>
    private sealed record TableActivity(long IndexScans, long SequentialScans, long SequentialRows, long Inserted, long Updated, long Deleted)
    {
        public const string Legend = "index scans / sequential scans (rows they read) / rows inserted / updated / deleted";

        private long Total => IndexScans + SequentialScans + Inserted + Updated + Deleted;

        private TableActivity Minus(TableActivity earlier) => new(
            IndexScans - earlier.IndexScans, SequentialScans - earlier.SequentialScans, SequentialRows - earlier.SequentialRows,
            Inserted - earlier.Inserted, Updated - earlier.Updated, Deleted - earlier.Deleted);

        /// <summary>"outbox 2.1/1.0 (812)/1.0/1.0/0.0, inbox …" for the tables that changed, busiest first.</summary>
        public static string PerEvent(Dictionary<string, TableActivity> before, Dictionary<string, TableActivity> after, int events)
        {
            double per = Math.Max(1, events);
            return string.Join(", ", after
                .Select(pair => (Table: pair.Key.Replace("mt_doc_", "", StringComparison.Ordinal), Delta: before.TryGetValue(pair.Key, out var earlier) ? pair.Value.Minus(earlier) : pair.Value))
                .Where(table => table.Delta.Total > 0)
                .OrderByDescending(table => table.Delta.Total)
                .Select(table => FormattableString.Invariant(
                    $"{table.Table} {table.Delta.IndexScans / per:F1}/{table.Delta.SequentialScans / per:F1} ({table.Delta.SequentialRows / per:F0})/{table.Delta.Inserted / per:F1}/{table.Delta.Updated / per:F1}/{table.Delta.Deleted / per:F1}")));
        }
    }

    private sealed record Run(EventStream Stream, Guid[] People, CpuMeter Cpu, BacklogSampler Backlog, string NotificationsDatabase, string ChatDatabase);

    /// <summary>Every phase, by index, where pushes and probe sightings are written down as they arrive.</summary>
    private sealed class Ledger(int phases)
    {
        private readonly Phase?[] _phases = new Phase?[phases];
        private long _foreign;

        public long Foreign => Interlocked.Read(ref _foreign);

        public long Published => _phases.Sum(phase => phase is null ? 0 : phase.ConfirmedAt.Count(at => at != 0));

        public Phase Add(Phase phase)
        {
            _phases[phase.Index] = phase;
            return phase;
        }

        /// <summary>Called on the clients' receive loops, several at once.</summary>
        public void Arrived(NotificationArrival arrival)
        {
            if (!Find(arrival.ReviewId, out var phase, out var number))
            {
                Interlocked.Increment(ref _foreign);
                return;
            }
            if (Interlocked.Increment(ref phase.Receipts[number]) == 1)
            {
                phase.ReceivedAt[number] = arrival.ReceivedAt;
                phase.ReceivedWall[number] = arrival.ReceivedWallTicks;
                phase.ComposedWall[number] = arrival.ComposedAt.UtcTicks;
                phase.ReceivedBy[number] = arrival.Client;
                Interlocked.Increment(ref phase.Received);
            }
        }

        public void OnBroker(string reviewId, long wallTicks)
        {
            if (Find(reviewId, out var phase, out var number))
            {
                Interlocked.CompareExchange(ref phase.OnBrokerWall[number], wallTicks, 0);
            }
        }

        private bool Find(string? reviewId, out Phase phase, out int number)
        {
            phase = null!;
            if (!Correlation.TryRead(reviewId, out var index, out number) || index < 0 || index >= _phases.Length || _phases[index] is not { } found
                || number < 0 || number >= found.Capacity)
            {
                return false;
            }
            phase = found;
            return true;
        }
    }

    /// <summary>One step's events, by number: for whom, and the timestamps of their life (Stopwatch, and wall-clock ticks for the stages).</summary>
    private sealed class Phase(int index, string name, int rate, int capacity)
    {
        public int Index { get; } = index;
        public string Name { get; } = name;
        public int Rate { get; } = rate;
        public int Capacity { get; } = capacity;
        public long StartedAt { get; set; }
        public long Received;
        public int[] Recipient { get; } = new int[capacity];
        public long[] ScheduledAt { get; } = new long[capacity];
        public long[] SentAt { get; } = new long[capacity];
        public long[] SentWall { get; } = new long[capacity];
        public long[] ConfirmedAt { get; } = new long[capacity];
        public int[] Receipts { get; } = new int[capacity];
        public int[] ReceivedBy { get; } = new int[capacity];
        public long[] ReceivedAt { get; } = new long[capacity];
        public long[] ReceivedWall { get; } = new long[capacity];
        public long[] ComposedWall { get; } = new long[capacity];
        public long[] OnBrokerWall { get; } = new long[capacity];
        public ConcurrentDictionary<string, int> Errors { get; } = new();
    }

    private sealed record Percentiles(double P50, double P95, double P99, double Max)
    {
        public static Percentiles Of(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            double At(double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
            return new Percentiles(At(0.50), At(0.95), At(0.99), sorted.Length == 0 ? double.NaN : sorted[^1]);
        }

        public string Short => FormattableString.Invariant($"{P50:F1} / {P99:F1}");

        public string Full => FormattableString.Invariant($"{P50:F1} / {P95:F1} / {P99:F1} / {Max:F1}");
    }

    private sealed record PhaseResult(
        string Name,
        int Rate,
        int Offered,
        int Published,
        double PublishedPerSecond,
        double DeliveredPerSecond,
        Percentiles EndToEnd,
        Percentiles Composed,
        Percentiles Relayed,
        Percentiles Pushed,
        int LostInWindow,
        int NeverReceived,
        int Duplicates,
        int Misrouted,
        Percentiles SendLag,
        Percentiles Confirm,
        Backlog MaxBacklog,
        string Timeline,
        int PublishFailed,
        string Cpu,
        string ErrorsText)
    {
        public const string Header =
            "| phase | published | published/s | delivered/s | kept up | e2e p50 / p95 / p99 / max ms | lost (10 s) | never | dup | consumed+composed p50 / p99 ms | commit+relay p50 / p99 ms | chat p50 / p99 ms | max backlog: notifications queue / outbox / chat queue |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|";

        /// <summary>Delivered at the offered rate (within 2 %) with nothing lost: the pipeline did not fall behind.</summary>
        public bool KeptUp => LostInWindow == 0 && NeverReceived == 0 && DeliveredPerSecond >= 0.98 * Rate;

        public string ToRow() => FormattableString.Invariant(
            $"| {Name} | {Published} | {PublishedPerSecond:F0} | {DeliveredPerSecond:F0} | {(KeptUp ? "yes" : "no")} | {EndToEnd.Full} | {LostInWindow} | {NeverReceived} | {Duplicates} | {Composed.Short} | {Relayed.Short} | {Pushed.Short} | {MaxBacklog.NotificationsQueue} / {MaxBacklog.Outbox} / {MaxBacklog.ChatQueue} |");

        public string Details() => FormattableString.Invariant(
            $"{Cpu}; stages p50 / p95 / p99 / max ms: consumed+composed {Composed.Full}, commit+relay {Relayed.Full}, chat {Pushed.Full}; publish confirm p50 / p99 {Confirm.Short} ms, send lag p99 {SendLag.P99:F1} ms; publish failures {PublishFailed}, pushed to the wrong client {Misrouted}; backlog each second (notifications queue / outbox / chat queue): {Timeline}{ErrorsText}");
    }
}
