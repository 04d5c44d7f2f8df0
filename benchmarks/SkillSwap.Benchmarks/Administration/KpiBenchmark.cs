using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using SkillSwap.Benchmarks.Load;
using SkillSwap.IntegrationEvents;
using SkillSwap.Testing;

namespace SkillSwap.Benchmarks.Administration;

/// <summary>
/// How many events per second the KPI projection absorbs, how long a rebuild of every figure takes, and how long staff
/// wait for the report. The Administration service runs as a Release process (Production) on native PostgreSQL and
/// RabbitMQ; a generated history of <c>--members</c> people over 26 weeks (sign-up, verification, skills, matches,
/// writing days, sessions, reviews, NPS answers, welcome grants) is published as the services' relays publish it,
/// all at once, into the event history queue Administration reads. Absorbed = every event recorded (its inbox record
/// committed with its facts and projection), timed from the first publish.
/// </summary>
public static class KpiBenchmark
{
    private const int Weeks = 26;
    private const int Rebuilds = 3;
    private const int Reads = 50;
    private static readonly TimeSpan Give = TimeSpan.FromMinutes(30);

    public static async Task RunAsync(BenchmarkArguments arguments)
    {
        var history = GeneratedHistory(arguments.Members, DateTimeOffset.UtcNow);
        Console.WriteLine(FormattableString.Invariant(
            $"kpi benchmark: {arguments.Members} members over {Weeks} weeks, {history.Count} measured events -> event history queue -> Administration (1 process) -> facts and projection"));

        await using var postgres = await SharedServers.StartAsync(new PostgresServer());
        await using var rabbit = await SharedServers.StartAsync(new RabbitMqServer());
        await using var issuer = await TestTokenIssuer.StartAsync();
        var database = await postgres.CreateDatabaseAsync("administration");
        var configuration = new Dictionary<string, string>
        {
            ["ConnectionStrings:administrationdb"] = database,
            ["ConnectionStrings:eventbus"] = rabbit.ConnectionString,
            ["Jwt:Authority"] = issuer.Authority,
        };
        arguments.ApplySettings(configuration, "administration", "administration");
        await using var administration = new ServiceProcess("Administration", configuration, new ServiceProcessOptions { EnvironmentName = "Production" });
        await administration.StartAsync();
        await BrokerQueues.WaitForConsumerAsync(rabbit.ConnectionString, "administration");

        var absorbing = Stopwatch.StartNew();
        foreach (var batch in history.Chunk(5_000))
        {
            await EventPublisher.PublishAsync(rabbit.ConnectionString, IntegrationEventProbe.EventsExchange, batch);
        }
        var published = absorbing.Elapsed;
        Console.Error.WriteLine(FormattableString.Invariant($"published {history.Count} events in {published.TotalSeconds:F1} s"));
        long recorded;
        while ((recorded = await RecordedAsync(database)) < history.Count)
        {
            if (absorbing.Elapsed > Give)
            {
                throw new TimeoutException($"only {recorded} of {history.Count} events recorded after {Give}");
            }
            await Task.Delay(250);
        }
        var absorbed = absorbing.Elapsed;

        using var http = new HttpClient { BaseAddress = administration.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issuer.TokenFor(Guid.CreateVersion7(), "admin"));
        var before = await FiguresAsync(http);
        var rebuilds = new List<(TimeSpan Took, long Facts)>();
        for (var i = 0; i < Rebuilds; i++)
        {
            var started = Stopwatch.StartNew();
            var response = await http.PostAsJsonAsync("/api/v1/admin/kpis/rebuilding", new { reason = "KPI benchmark: time a full rebuild" });
            response.EnsureSuccessStatusCode();
            var facts = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("factsReplayed").GetInt64();
            rebuilds.Add((started.Elapsed, facts));
        }
        var same = before == await FiguresAsync(http);
        var reads = new LatencyRecorder("report");
        for (var i = 0; i < Reads; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var response = await http.GetAsync($"/api/v1/admin/kpis?weeks={Weeks}");
            reads.Record(started, response.IsSuccessStatusCode);
        }
        var read = reads.Summarise();

        Console.WriteLine();
        Console.WriteLine(FormattableString.Invariant($"machine: {Environment.ProcessorCount} cores ({Machine.CpuModel()}), {Environment.OSVersion}, .NET {Environment.Version}; generator, Administration, PostgreSQL and RabbitMQ on this machine, over loopback"));
        Console.WriteLine($"command: ./skillswap bench kpis {string.Join(' ', Environment.GetCommandLineArgs().Skip(2))}".TrimEnd());
        Console.WriteLine(FormattableString.Invariant(
            $"setup: Administration as a Release process (Production, {(arguments.Settings is { Count: > 0 } set ? "settings changed: " + string.Join(", ", set) : "default settings: one event at a time")}); PostgreSQL with fsync off (as every bench); events published on one confirmed channel in batches of 5,000"));
        Console.WriteLine(FormattableString.Invariant(
            $"absorbed: {history.Count} events in {absorbed.TotalSeconds:F1} s = {history.Count / absorbed.TotalSeconds:F0} events/s (publishing alone took {published.TotalSeconds:F1} s)"));
        Console.WriteLine(FormattableString.Invariant(
            $"rebuild of every figure from {rebuilds[0].Facts} facts: {string.Join(", ", rebuilds.Select(r => $"{r.Took.TotalMilliseconds:F0} ms"))}; same figures as before the rebuild: {(same ? "yes" : "NO")}"));
        Console.WriteLine(FormattableString.Invariant(
            $"report (GET /api/v1/admin/kpis?weeks={Weeks}, {Reads} in a row): p50 {read.P50:F1} ms, p99 {read.P99:F1} ms, errors {read.Errors}"));
        Console.WriteLine(FormattableString.Invariant($"working set of Administration at the end: {administration.WorkingSetBytes / 1048576.0:F0} MiB"));
    }

    /// <summary>Events whose inbox record committed: each with its facts and their projection.</summary>
    private static async Task<long> RecordedAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM inbox_messages WHERE consumer LIKE '%.KpiRecorder'", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    /// <summary>The report's figures, without the instant it was read.</summary>
    private static async Task<string> FiguresAsync(HttpClient http)
    {
        var report = await http.GetFromJsonAsync<Dictionary<string, JsonElement>>($"/api/v1/admin/kpis?weeks={Weeks}");
        report!.Remove("asOf");
        return JsonSerializer.Serialize(report);
    }

    /// <summary>
    /// A deterministic history: member i signs up in week i mod 26 before this one; most verify and add skills, about
    /// half see matches, each writes on a few days over the next five weeks, some request and complete sessions with the
    /// next member as teacher, review, answer the NPS question; every one gets the welcome grant.
    /// </summary>
    private static List<IntegrationEvent> GeneratedHistory(int members, DateTimeOffset now)
    {
        var random = new Random(42);
        var ids = Enumerable.Range(0, members).Select(_ => Guid.CreateVersion7()).ToArray();
        var skill = new SkillChange("guitar", "Guitar", 2);
        var events = new List<IntegrationEvent>(members * 10);
        for (var i = 0; i < members; i++)
        {
            var id = ids[i];
            var registered = now.AddDays(-7 * (i % Weeks) - random.Next(0, 7)).AddMinutes(-random.Next(0, 1440));
            DateTimeOffset After(double days) => registered.AddDays(days) < now ? registered.AddDays(days) : now;
            events.Add(new UserRegistered(id, $"{id:N}@skillswap.bench", "Bench member", "en") { OccurredAt = registered });
            events.Add(new WelcomeCreditsGranted(id, 180) { OccurredAt = After(0.01) });
            if (random.NextDouble() < 0.9)
            {
                events.Add(new EmailVerified(id) { OccurredAt = After(0.02) });
            }
            if (random.NextDouble() < 0.7)
            {
                events.Add(new SkillsChanged(id, [skill], []) { OccurredAt = After(0.1) });
            }
            if (random.NextDouble() < 0.5)
            {
                events.Add(new FirstMatchesShown(id, 5) { OccurredAt = After(0.2) });
            }
            foreach (var day in Enumerable.Range(0, random.Next(0, 7)).Select(_ => random.Next(0, 36)).Distinct())
            {
                var at = After(day);
                events.Add(new ChatMemberWrote(id, DateOnly.FromDateTime(at.UtcDateTime)) { OccurredAt = at });
            }
            if (random.NextDouble() < 0.4)
            {
                var teacher = ids[(i + 1) % members];
                var session = Guid.CreateVersion7();
                events.Add(new SessionRequested(session, Guid.CreateVersion7(), id, teacher, 60, "Guitar") { OccurredAt = After(random.Next(1, 14)) });
                if (random.NextDouble() < 0.75)
                {
                    var ended = After(random.Next(14, 30));
                    events.Add(new SessionCompleted(session, teacher, [id], "Guitar", ended) { OccurredAt = ended });
                    if (random.NextDouble() < 0.6)
                    {
                        events.Add(new ReviewRevealed(Guid.CreateVersion7(), session, id, teacher, random.Next(3, 6), "Guitar") { OccurredAt = After(31) });
                    }
                }
            }
            if (random.NextDouble() < 0.25)
            {
                events.Add(new NpsAnswered(Guid.CreateVersion7(), random.Next(0, 11)) { OccurredAt = After(random.Next(1, 40)) });
            }
        }
        return events;
    }
}
