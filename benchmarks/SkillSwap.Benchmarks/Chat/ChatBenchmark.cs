using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using SkillSwap.Benchmarks.Load;
using SkillSwap.IntegrationEvents;
using SkillSwap.Testing;

namespace SkillSwap.Benchmarks.Chat;

/// <summary>
/// Chat under load: two Chat replicas (Release, Production) forming one Orleans cluster over Redis, on a PostgreSQL
/// archive and RabbitMQ, with <c>--clients</c> SignalR connections (half on each replica) in session conversations of
/// 10 (made as Sessions makes them: by publishing GroupSessionParticipantsChanged), every conversation with members on both replicas.
/// <list type="number">
/// <item>Fan-out, open loop: messages leave at a fixed schedule (<c>--rates</c>), spread evenly over the
/// conversations and their members. Delivery latency runs from the moment a message is sent to the moment each other
/// member's client has it pushed (one process, one <see cref="Stopwatch"/> clock; the client message id names the
/// message); ack latency to the Send's answer. Then the zero-loss check: every acknowledged message received exactly
/// once by every other member, anything missing caught up from the archive (as the app does on a gap) and counted
/// apart.</item>
/// <item>One busy conversation: its 10 members each keep <c>--in-flight</c> sends going for 10 s (closed loop).</item>
/// <item>Memory: each replica's working set before the connections, after a tenth of them and after all of them, idle.</item>
/// </list>
/// </summary>
public static class ChatBenchmark
{
    private const int GroupSize = 10;
    private const int DefaultRate = 1000;
    private const int DefaultSeconds = 20;
    private const int ConnectConcurrency = 16;
    private const string Text = "See you at Thursday's session, I will bring the chord sheets we talked about.";
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan BusyDuration = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan IdleBeforeMeasuring = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan SettleQuiet = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(30);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task RunAsync(BenchmarkArguments arguments)
    {
        IReadOnlyList<int> rates = arguments.Rates.Count > 0 ? arguments.Rates : [DefaultRate];
        var seconds = arguments.SecondsOr(DefaultSeconds);
        var groupCount = Math.Max(1, arguments.Clients / GroupSize);
        var clientCount = groupCount * GroupSize;
        Console.WriteLine(FormattableString.Invariant(
            $"chat benchmark: 2 replicas, {clientCount} clients in {groupCount} conversations of {GroupSize}, open loop at {string.Join(", ", rates)} messages/s for {seconds} s each (after a {WarmUp.TotalSeconds:F0} s warm-up at {rates[0]}/s), then one conversation with {GroupSize} x {arguments.InFlight} sends in flight for {BusyDuration.TotalSeconds:F0} s"));

        await using var postgres = await SharedServers.StartAsync(new PostgresServer());
        await using var redis = await SharedServers.StartAsync(new RedisServer());
        await using var rabbit = await SharedServers.StartAsync(new RabbitMqServer());
        await using var issuer = await TestTokenIssuer.StartAsync();
        var production = new ServiceProcessOptions { EnvironmentName = "Production", EchoOutput = true };
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:chatdb"] = await postgres.CreateDatabaseAsync("chat"),
            ["ConnectionStrings:cache"] = redis.ConnectionString,
            ["ConnectionStrings:eventbus"] = rabbit.ConnectionString,
            ["Jwt:Authority"] = issuer.Authority,
            ["Orleans:ClusterId"] = $"chat-bench-{Guid.NewGuid():N}",
            ["Orleans:AdvertisedIPAddress"] = "127.0.0.1",
            // The single-conversation run sends hundreds of messages a second per connection to find the machine's
            // limit; the per-connection limit (20/s, for people) would measure that limit instead.
            ["Chat:SendsPerSecondPerUser"] = "1000000",
            ["Chat:HubCallsPerSecondPerUser"] = "1000000",
        };
        await using var replica0 = new ServiceProcess("Chat", settings, production);
        await using var replica1 = new ServiceProcess("Chat", settings, production);
        ServiceProcess[] replicas = [replica0, replica1];
        // One after the other: the second joins the cluster the first created.
        foreach (var replica in replicas)
        {
            await replica.StartAsync();
        }
        await BrokerQueues.WaitForConsumerAsync(rabbit.ConnectionString, "chat");
        var cpu = CpuMeter.ForChildren("SkillSwap.Chat.dll", port => port == replica0.Port ? "chat-0" : port == replica1.Port ? "chat-1" : null);

        // People as Identity announces them, then one session conversation per group session as Sessions makes it.
        var people = Enumerable.Range(0, clientCount + GroupSize).Select(_ => Guid.CreateVersion7()).ToArray();
        foreach (var batch in people.Chunk(200))
        {
            await EventPublisher.PublishAsync(rabbit.ConnectionString, IntegrationEventProbe.EventsExchange,
                [.. batch.Select(id => (IntegrationEvent)new UserRegistered(id, $"{id:N}@skillswap.bench", "Bench member", "en"))]);
        }
        var sessions = Enumerable.Range(0, groupCount + 1).Select(_ => Guid.CreateVersion7()).ToArray();
        await EventPublisher.PublishAsync(rabbit.ConnectionString, IntegrationEventProbe.EventsExchange,
            [.. sessions.Select((session, g) => (IntegrationEvent)new GroupSessionParticipantsChanged(
                session, people[g * GroupSize], people.AsSpan(g * GroupSize + 1, GroupSize - 1).ToArray(), "Guitar"))]);
        var conversationIds = sessions.Select(session => $"s-{session:N}").ToArray();
        await WaitForConversationsAsync(replica0.BaseAddress, issuer, people, conversationIds);
        Console.Error.WriteLine($"{people.Length} people registered, {conversationIds.Length} session conversations open");

        // Memory: before any connection, after a tenth (first-use costs paid), after all, idle.
        await Task.Delay(IdleBeforeMeasuring);
        var before = replicas.Select(replica => replica.WorkingSetBytes).ToArray();
        var clients = new BenchChatClient[clientCount];
        var tenth = Math.Max(1, clientCount / 10);
        var connecting = Stopwatch.StartNew();
        await ConnectAsync(replicas, issuer, people, conversationIds, clients, 0, tenth);
        await Task.Delay(IdleBeforeMeasuring);
        var atTenth = replicas.Select(replica => replica.WorkingSetBytes).ToArray();
        await ConnectAsync(replicas, issuer, people, conversationIds, clients, tenth, clientCount);
        var connectSeconds = connecting.Elapsed.TotalSeconds - IdleBeforeMeasuring.TotalSeconds;
        await Task.Delay(IdleBeforeMeasuring);
        var after = replicas.Select(replica => replica.WorkingSetBytes).ToArray();
        var memory = new MemoryResult(clientCount, tenth, before, atTenth, after, connectSeconds);
        Console.Error.WriteLine(memory.Describe());

        var groups = Enumerable.Range(0, groupCount).Select(g => new Group(conversationIds[g], clients[(g * GroupSize)..((g + 1) * GroupSize)])).ToArray();
        var results = new List<PhaseResult>();
        var warmUp = new Phase(0, FormattableString.Invariant($"warm-up {rates[0]}/s"), groups, (int)(rates[0] * WarmUp.TotalSeconds));
        Console.Error.WriteLine(PhaseResult.Header);
        Console.Error.WriteLine((await RunOpenLoopAsync(warmUp, rates[0], WarmUp, clients, cpu)).ToRow());
        for (var i = 0; i < rates.Count; i++)
        {
            var phase = new Phase(i + 1, FormattableString.Invariant($"{rates[i]}/s"), groups, (int)(rates[i] * (double)seconds));
            var result = await RunOpenLoopAsync(phase, rates[i], TimeSpan.FromSeconds(seconds), clients, cpu);
            results.Add(result);
            Console.Error.WriteLine(result.ToRow());
        }

        // One busy conversation: its members connect now (not part of the memory figure), half on each replica.
        var busyClients = new BenchChatClient[clientCount + GroupSize];
        await ConnectAsync(replicas, issuer, people, conversationIds, busyClients, clientCount, clientCount + GroupSize);
        var busyGroup = new Group(conversationIds[groupCount], busyClients[clientCount..]);
        var busy = new Phase(rates.Count + 1, FormattableString.Invariant($"1 conversation, {GroupSize}x{arguments.InFlight} in flight"), [busyGroup], 500_000);
        var busyResult = await RunClosedLoopAsync(busy, arguments.InFlight, BusyDuration, busyGroup.Members, cpu);
        Console.Error.WriteLine(busyResult.ToRow());

        var end = replicas.Select(replica => replica.WorkingSetBytes).ToArray();
        await Task.WhenAll(clients.Concat(busyGroup.Members).Select(client => client.DisposeAsync().AsTask()));

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"machine: {Environment.ProcessorCount} cores ({Machine.CpuModel()}), {Environment.OSVersion}, .NET {Environment.Version}; load generator, both replicas, PostgreSQL, Redis and RabbitMQ all on this machine, over loopback");
        report.AppendLine($"command: ./skillswap bench chat {string.Join(' ', Environment.GetCommandLineArgs().Skip(2))}".TrimEnd());
        report.AppendLine(CultureInfo.InvariantCulture,
            $"setup: 2 Chat replicas as Release processes (Production, default settings), one Orleans cluster over Redis; {clientCount} SignalR clients (WebSockets) in one process, member i of each conversation on replica i mod 2; conversations of {GroupSize} made by GroupSessionParticipantsChanged; open loop: message k goes to conversation k mod {groupCount} from member (k / {groupCount}) mod {GroupSize}");
        report.AppendLine("fan-out (delivery = send -> each other member's client has the push; lost = acknowledged, neither pushed nor found by catch-up):");
        report.AppendLine(PhaseResult.Header);
        foreach (var result in results)
        {
            report.AppendLine(result.ToRow());
        }
        foreach (var result in results)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"  {result.Name}: {result.Cpu}; {result.ByReplica()}{result.ErrorsText}");
        }
        report.AppendLine("single conversation, closed loop:");
        report.AppendLine(busyResult.ToBusyLine());
        report.AppendLine(CultureInfo.InvariantCulture, $"  {busyResult.Cpu}; {busyResult.ByReplica()}{busyResult.ErrorsText}");
        report.AppendLine(memory.Describe());
        report.AppendLine(FormattableString.Invariant(
            $"working set at the end: chat-0 {Mib(end[0]):F0} MiB, chat-1 {Mib(end[1]):F0} MiB"));
        var fanOutOk = results.Where(r => r.Lost == 0 && r.Duplicates == 0 && r.Delivery.P99 < 50).Select(r => r.Rate).DefaultIfEmpty().Max();
        report.AppendLine(fanOutOk > 0
            ? $"verdict: highest offered rate with delivery p99 < 50 ms and zero loss: {fanOutOk} messages/s; single conversation {busyResult.AckedPerSecond:F0} acknowledged/s (target >= 2,000)"
            : $"verdict: no offered rate met delivery p99 < 50 ms with zero loss; single conversation {busyResult.AckedPerSecond:F0} acknowledged/s (target >= 2,000)");

        Console.WriteLine();
        Console.WriteLine(report.ToString());
        var state = Environment.GetEnvironmentVariable("SKILLSWAP_TEST_STATE") ?? Path.GetTempPath();
        for (var i = 0; i < replicas.Length; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(state, $"chat-bench-replica-{i}.log"), replicas[i].Output);
        }
    }

    private static async Task WaitForConversationsAsync(Uri server, TestTokenIssuer issuer, Guid[] people, string[] conversationIds)
    {
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
        for (var g = 0; g < conversationIds.Length; g++)
        {
            var teacher = people[g * GroupSize];
            var id = conversationIds[g];
            await Eventually.WaitUntilAsync(async () =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/conversations");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", issuer.TokenFor(teacher));
                using var response = await http.SendAsync(request);
                return response.IsSuccessStatusCode
                    && (await response.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("items").EnumerateArray()
                        .Any(conversation => conversation.GetProperty("id").GetString() == id);
            }, TimeSpan.FromSeconds(60), $"conversation {id} opened");
        }
    }

    /// <summary>Connects people[from..to) (person i to replica i mod 2); each lists its conversations, as the app does on connecting.</summary>
    private static Task ConnectAsync(
        ServiceProcess[] replicas, TestTokenIssuer issuer, Guid[] people, string[] conversationIds, BenchChatClient[] into, int from, int to) =>
        Parallel.ForEachAsync(Enumerable.Range(from, to - from), new ParallelOptions { MaxDegreeOfParallelism = ConnectConcurrency }, async (i, _) =>
        {
            var replica = i % 2;
            var client = await BenchChatClient.ConnectAsync(replicas[replica].BaseAddress, issuer.TokenFor(people[i]), people[i], replica);
            var conversations = await client.ConversationsAsync();
            if (!conversations.Any(conversation => conversation.Id == conversationIds[i / GroupSize]))
            {
                throw new InvalidOperationException($"client {i} does not see its conversation {conversationIds[i / GroupSize]}");
            }
            into[i] = client;
        });

    private static async Task<PhaseResult> RunOpenLoopAsync(Phase phase, int rate, TimeSpan duration, BenchChatClient[] clients, CpuMeter cpu)
    {
        Subscribe(clients, phase);
        cpu.Start();
        var sends = new List<Task>(phase.Capacity);
        var started = Stopwatch.GetTimestamp();
        phase.StartedAt = started;
        var next = 0;
        while (next < phase.Capacity)
        {
            var due = Math.Min(phase.Capacity, (int)(Stopwatch.GetElapsedTime(started).TotalSeconds * rate));
            for (; next < due; next++)
            {
                var group = next % phase.Groups.Count;
                var member = next / phase.Groups.Count % GroupSize;
                sends.Add(SendAsync(phase, next, group, member, started + (long)((double)next * Stopwatch.Frequency / rate)));
            }
            await Task.Delay(1);
        }
        await Task.WhenAll(sends);
        phase.Count = next;
        await SettleAsync(phase);
        var usage = cpu.Stop();
        return await AnalyseAsync(phase, rate, usage);
    }

    private static async Task<PhaseResult> RunClosedLoopAsync(Phase phase, int inFlight, TimeSpan duration, BenchChatClient[] members, CpuMeter cpu)
    {
        Subscribe(members, phase);
        cpu.Start();
        var started = Stopwatch.GetTimestamp();
        phase.StartedAt = started;
        var issued = -1;
        var senders = Enumerable.Range(0, GroupSize * inFlight).Select(async worker =>
        {
            await Task.Yield();
            while (Stopwatch.GetElapsedTime(started) < duration)
            {
                var number = Interlocked.Increment(ref issued);
                if (number >= phase.Capacity)
                {
                    return;
                }
                await SendAsync(phase, number, 0, worker % GroupSize, Stopwatch.GetTimestamp());
            }
        });
        await Task.WhenAll(senders);
        phase.Count = Math.Min(phase.Capacity, issued + 1);
        await SettleAsync(phase);
        var usage = cpu.Stop();
        return await AnalyseAsync(phase, 0, usage);
    }

    private static void Subscribe(BenchChatClient[] clients, Phase phase)
    {
        phase.CountersAtStart = [.. phase.Groups.SelectMany(group => group.Members).Select(member => (member.Gaps, member.Backwards))];
        foreach (var client in clients)
        {
            client.Pushed = pushedPhase =>
            {
                if (pushedPhase == phase.Index)
                {
                    Interlocked.Increment(ref phase.Pushed);
                }
            };
        }
    }

    private static async Task SendAsync(Phase phase, int number, int group, int member, long scheduledAt)
    {
        var client = phase.Groups[group].Members[member];
        phase.Group[number] = group;
        phase.Sender[number] = member;
        phase.ScheduledAt[number] = scheduledAt;
        phase.SentAt[number] = Stopwatch.GetTimestamp();
        try
        {
            var ack = await client.SendAsync(phase.Groups[group].ConversationId, BenchChatClient.ClientMessageId(phase.Index, number), Text);
            phase.AckedAt[number] = Stopwatch.GetTimestamp();
            phase.Sequence[number] = ack.Sequence;
        }
        catch (Exception ex) when (ex is HubException or InvalidOperationException or OperationCanceledException or IOException)
        {
            phase.Errors.AddOrUpdate($"{ex.GetType().Name}: {ex.Message}", 1, (_, count) => count + 1);
        }
    }

    /// <summary>Waits until every other member has had every acknowledged message pushed, or nothing arrived for a while.</summary>
    private static async Task SettleAsync(Phase phase)
    {
        var expected = Enumerable.Range(0, phase.Count).Count(n => phase.AckedAt[n] != 0) * (long)(GroupSize - 1);
        var deadline = Stopwatch.GetTimestamp() + (long)(SettleTimeout.TotalSeconds * Stopwatch.Frequency);
        var last = Interlocked.Read(ref phase.Pushed);
        var quietSince = Stopwatch.GetTimestamp();
        while (Interlocked.Read(ref phase.Pushed) < expected && Stopwatch.GetTimestamp() < deadline && Stopwatch.GetElapsedTime(quietSince) < SettleQuiet)
        {
            await Task.Delay(50);
            var now = Interlocked.Read(ref phase.Pushed);
            if (now != last)
            {
                last = now;
                quietSince = Stopwatch.GetTimestamp();
            }
        }
    }

    private static async Task<PhaseResult> AnalyseAsync(Phase phase, int rate, string cpu)
    {
        var tally = TallyOf(phase);
        if (tally.Missing.Count > 0)
        {
            // What the app does on a gap: ask the archive for what came after the last message it holds.
            foreach (var byClient in tally.Missing.GroupBy(missing => (missing.Group, missing.Member)))
            {
                var group = phase.Groups[byClient.Key.Group];
                var client = group.Members[byClient.Key.Member];
                var sequences = byClient.Select(missing => phase.Sequence[missing.Number]).ToList();
                try
                {
                    foreach (var message in await client.BackfillAsync(group.ConversationId, sequences.Min() - 1, sequences.Max()))
                    {
                        if (BenchChatClient.TryParse(message.ClientMessageId, out var messagePhase, out var number) && messagePhase == phase.Index)
                        {
                            client.NoteCaughtUp(phase.Index, number, message.Sequence);
                        }
                    }
                }
                catch (Exception ex) when (ex is HubException or InvalidOperationException or OperationCanceledException or IOException)
                {
                    phase.Errors.AddOrUpdate($"backfill {ex.GetType().Name}: {ex.Message}", 1, (_, count) => count + 1);
                }
            }
            tally = TallyOf(phase);
        }

        var acked = Enumerable.Range(0, phase.Count).Where(n => phase.AckedAt[n] != 0).ToArray();
        var ack = Percentiles.Of(acked.Select(n => Milliseconds(phase.SentAt[n], phase.AckedAt[n])));
        var lag = Percentiles.Of(Enumerable.Range(0, phase.Count).Select(n => Milliseconds(phase.ScheduledAt[n], phase.SentAt[n])));
        var sendWindow = acked.Length == 0 ? 1 : Milliseconds(phase.StartedAt, acked.Max(n => phase.AckedAt[n])) / 1000;
        var deliveryWindow = tally.LastPushAt == 0 ? 1 : Milliseconds(phase.StartedAt, tally.LastPushAt) / 1000;
        return new PhaseResult(
            phase.Name,
            rate,
            phase.Count,
            acked.Length,
            phase.Count - acked.Length,
            acked.Length / sendWindow,
            ack,
            lag,
            Percentiles.Of(tally.Latencies),
            tally.Expected,
            tally.PushedOnce,
            tally.Duplicates,
            tally.CaughtUp,
            tally.Missing.Count,
            tally.PushedUnacknowledged,
            tally.Pushes / deliveryWindow,
            tally.FullyDelivered / deliveryWindow,
            phase.OrderSeen(),
            [.. tally.ByReplica.Select(Percentiles.Of)],
            cpu,
            string.Concat(phase.Errors.Select(error => FormattableString.Invariant($"; {error.Value} x {error.Key}"))));
    }

    private static Tally TallyOf(Phase phase)
    {
        var pushes = new int[phase.Count * GroupSize];
        var caught = new bool[phase.Count * GroupSize];
        var latencies = new List<double>(phase.Count * (GroupSize - 1));
        var tally = new Tally { Latencies = latencies };
        for (var g = 0; g < phase.Groups.Count; g++)
        {
            for (var m = 0; m < GroupSize; m++)
            {
                foreach (var arrival in phase.Groups[g].Members[m].ArrivalsOf(phase.Index))
                {
                    if (arrival.Number >= phase.Count || phase.Group[arrival.Number] != g)
                    {
                        continue; // not this conversation's (cannot happen: a client is in one benchmark conversation)
                    }
                    var slot = arrival.Number * GroupSize + m;
                    if (arrival.CaughtUp)
                    {
                        caught[slot] = true;
                        continue;
                    }
                    tally.Pushes++;
                    tally.LastPushAt = Math.Max(tally.LastPushAt, arrival.ReceivedAt);
                    if (++pushes[slot] == 1 && phase.AckedAt[arrival.Number] != 0)
                    {
                        var latency = Milliseconds(phase.SentAt[arrival.Number], arrival.ReceivedAt);
                        latencies.Add(latency);
                        tally.ByReplica[phase.Groups[g].Members[m].Replica].Add(latency);
                    }
                }
            }
        }
        for (var n = 0; n < phase.Count; n++)
        {
            var acknowledged = phase.AckedAt[n] != 0;
            var everyone = true;
            for (var m = 0; m < GroupSize; m++)
            {
                if (m == phase.Sender[n])
                {
                    continue;
                }
                var count = pushes[n * GroupSize + m];
                if (!acknowledged)
                {
                    tally.PushedUnacknowledged += count;
                    continue;
                }
                tally.Expected++;
                if (count > 0)
                {
                    tally.PushedOnce++;
                    tally.Duplicates += count - 1;
                }
                else if (caught[n * GroupSize + m])
                {
                    tally.CaughtUp++;
                    everyone = false;
                }
                else
                {
                    tally.Missing.Add((phase.Group[n], m, n));
                    everyone = false;
                }
            }
            if (acknowledged && everyone)
            {
                tally.FullyDelivered++;
            }
        }
        return tally;
    }

    private static double Milliseconds(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;

    private static double Mib(long bytes) => bytes / 1048576.0;

    private sealed record Group(string ConversationId, BenchChatClient[] Members);

    /// <summary>One step's messages, by number: who sent each where, and the <see cref="Stopwatch"/> timestamps of its life.</summary>
    private sealed class Phase(int index, string name, IReadOnlyList<Group> groups, int capacity)
    {
        public int Index { get; } = index;
        public string Name { get; } = name;
        public IReadOnlyList<Group> Groups { get; } = groups;
        public int Capacity { get; } = capacity;
        public int Count { get; set; }
        public long StartedAt { get; set; }
        public long Pushed;
        public int[] Group { get; } = new int[capacity];
        public int[] Sender { get; } = new int[capacity];
        public long[] ScheduledAt { get; } = new long[capacity];
        public long[] SentAt { get; } = new long[capacity];
        public long[] AckedAt { get; } = new long[capacity];
        public long[] Sequence { get; } = new long[capacity];
        public ConcurrentDictionary<string, int> Errors { get; } = new();
        public (int Gaps, int Backwards)[] CountersAtStart { get; set; } = [];

        /// <summary>Gaps and out-of-order pushes the members met during this step, on replica 0 and replica 1.</summary>
        public string OrderSeen()
        {
            var members = Groups.SelectMany(group => group.Members).ToArray();
            string On(int replica)
            {
                var gaps = members.Select((member, i) => member.Replica == replica ? member.Gaps - CountersAtStart[i].Gaps : 0).Sum();
                var backwards = members.Select((member, i) => member.Replica == replica ? member.Backwards - CountersAtStart[i].Backwards : 0).Sum();
                return FormattableString.Invariant($"{gaps} / {backwards}");
            }
            return $"{On(0)} + {On(1)}";
        }
    }

    private sealed class Tally
    {
        public required List<double> Latencies { get; init; }
        public List<(int Group, int Member, int Number)> Missing { get; } = [];
        public List<double>[] ByReplica { get; } = [[], []];
        public long Expected { get; set; }
        public long PushedOnce { get; set; }
        public long Duplicates { get; set; }
        public long CaughtUp { get; set; }
        public long PushedUnacknowledged { get; set; }
        public long Pushes { get; set; }
        public long FullyDelivered { get; set; }
        public long LastPushAt { get; set; }
    }

    private sealed record Percentiles(double P50, double P95, double P99, double Max)
    {
        public static Percentiles Of(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            double At(double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
            return new Percentiles(At(0.50), At(0.95), At(0.99), sorted.Length == 0 ? double.NaN : sorted[^1]);
        }
    }

    private sealed record PhaseResult(
        string Name,
        int Rate,
        int Sent,
        int Acked,
        int Failed,
        double AckedPerSecond,
        Percentiles Ack,
        Percentiles ScheduleLag,
        Percentiles Delivery,
        long Expected,
        long PushedOnce,
        long Duplicates,
        long CaughtUp,
        long Lost,
        long PushedUnacknowledged,
        double PushesPerSecond,
        double FullyDeliveredPerSecond,
        string OrderSeen,
        Percentiles[] DeliveryByReplica,
        string Cpu,
        string ErrorsText)
    {
        public const string Header =
            "| offered | sent | acked | failed | acked/s | ack p50 / p99 ms | delivery p50 / p95 / p99 / max ms | deliveries expected | pushed | duplicates | caught up | lost | gaps / out of order seen on replica 0 + 1 | send lag p99 ms |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";

        public string ToRow() => FormattableString.Invariant(
            $"| {Name} | {Sent} | {Acked} | {Failed} | {AckedPerSecond:F0} | {Ack.P50:F1} / {Ack.P99:F1} | {Delivery.P50:F1} / {Delivery.P95:F1} / {Delivery.P99:F1} / {Delivery.Max:F1} | {Expected} | {PushedOnce} | {Duplicates} | {CaughtUp} | {Lost} | {OrderSeen} | {ScheduleLag.P99:F1} |");

        public string ByReplica() => FormattableString.Invariant(
            $"delivery p50 / p99 ms to members on replica 0: {DeliveryByReplica[0].P50:F1} / {DeliveryByReplica[0].P99:F1}, on replica 1: {DeliveryByReplica[1].P50:F1} / {DeliveryByReplica[1].P99:F1}");

        public string ToBusyLine() => FormattableString.Invariant(
            $"{Name}: {Acked} acknowledged in {BusyDuration.TotalSeconds:F0} s = {AckedPerSecond:F0} messages/s (failed {Failed}); {PushesPerSecond:F0} deliveries/s to the other {GroupSize - 1} members = {FullyDeliveredPerSecond:F0} messages/s delivered to all; ack p50 / p99 {Ack.P50:F1} / {Ack.P99:F1} ms; delivery p50 / p95 / p99 / max {Delivery.P50:F1} / {Delivery.P95:F1} / {Delivery.P99:F1} / {Delivery.Max:F1} ms; deliveries expected {Expected}, pushed {PushedOnce}, duplicates {Duplicates}, caught up {CaughtUp}, lost {Lost}, pushed though not acknowledged {PushedUnacknowledged}; gaps / out of order pushes seen by members on replica 0 + 1: {OrderSeen}");
    }

    private sealed record MemoryResult(int Clients, int Tenth, long[] Before, long[] AtTenth, long[] After, double ConnectSeconds)
    {
        public string Describe()
        {
            var total = After.Sum() - Before.Sum();
            var marginal = (After.Sum() - AtTenth.Sum()) / (double)(Clients - Tenth) * 1000;
            return FormattableString.Invariant(
                $"memory: working set before / after {Tenth} / after {Clients} connections (idle {IdleBeforeMeasuring.TotalSeconds:F0} s): chat-0 {Mib(Before[0]):F0} / {Mib(AtTenth[0]):F0} / {Mib(After[0]):F0} MiB, chat-1 {Mib(Before[1]):F0} / {Mib(AtTenth[1]):F0} / {Mib(After[1]):F0} MiB; both replicas +{Mib(total):F0} MiB for {Clients} connections = {Mib(total) * 1000 / Clients:F0} MiB per 1,000 (marginal, from {Tenth} to {Clients}: {Mib((long)marginal):F0} MiB per 1,000); {Clients} connections opened in {ConnectSeconds:F1} s")
                + FormattableString.Invariant($" (the benchmark's own process: {Mib(Environment.WorkingSet):F0} MiB)");
        }
    }
}
