using System.Diagnostics;
using System.Runtime.InteropServices;
using Npgsql;
using SkillSwap.Profiles.DemoData;
using SkillSwap.Profiles.Matching;
using SkillSwap.Profiles.Model;
using SkillSwap.Profiles.Search;
using SkillSwap.Profiles.Search.Postgres;
using SkillSwap.Profiles.Skills.Catalogue;
using SkillSwap.Testing;

namespace SkillSwap.Benchmarks.Profiles;

/// <summary>
/// The Profiles service's own search and matching code, in-process, against a real PostgreSQL holding the generated
/// demo population (100,000 people by default): index load rate, search and match latency (sequential requests, one
/// at a time, after a warm-up), MiniLM embedding throughput and the process's memory. No HTTP: what is measured is
/// the code and the queries behind /search and /matches, which is where the latency budgets go.
/// </summary>
public static class ProfilesBenchmark
{
    private const int Seed = 2026;
    private const int BatchSize = 1000;
    private const int WarmUp = 50;
    private const int MentorRequests = 100;
    private const int PageSize = 20;
    private const int MatchLimit = 20;
    private const int SlowestShown = 5;
    private const int EmbeddedSentences = 2000;
    private const double SearchTargetMs = 50;
    private const double MatchTargetMs = 150;
    private static readonly string[] Languages = ["fr", "en"];

    public static async Task RunAsync(BenchmarkArguments arguments)
    {
        // Before anything else is loaded, so the model's share of the final working set is visible.
        var workingSetAtStart = Environment.WorkingSet;
        var cancellationToken = CancellationToken.None;
        Console.WriteLine(FormattableString.Invariant(
            $"profiles benchmark: {arguments.Profiles} generated profiles in PostgreSQL, {arguments.Queries} searches and {arguments.Queries} + {MentorRequests} match requests, sequential, after {WarmUp} warm-up each"));

        await using var postgres = await SharedServers.StartAsync(new PostgresServer());
        await using var dataSource = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync("profiles"));
        var catalogue = SkillCatalogue.LoadEmbedded();
        using var generator = new MiniLmEmbeddingGenerator();
        using var vectors = new SkillVectors(catalogue, generator);
        var projection = new ProfileIndexProjection(catalogue, vectors);
        var search = new PostgresProfileSearch(dataSource);
        var finder = new MatchFinder(search, projection, vectors, catalogue, TimeProvider.System);
        await search.EnsureIndexAsync(cancellationToken);

        // The service embeds the catalogue once per process, on first use; a benchmark of steady state starts after it.
        var started = Stopwatch.GetTimestamp();
        await vectors.CatalogueVectorsAsync(cancellationToken);
        var modelLoad = Stopwatch.GetElapsedTime(started);
        var workingSetAfterModel = Environment.WorkingSet;

        // One instant for the whole run: regenerating person i later must give exactly the profile that was indexed.
        var now = DateTimeOffset.UtcNow;
        var population = new DemoPopulation(catalogue, Seed);
        var load = await LoadAsync(population, projection, search, arguments.Profiles, now, cancellationToken);
        started = Stopwatch.GetTimestamp();
        await using (var analyze = dataSource.CreateCommand("ANALYZE"))
        {
            await analyze.ExecuteNonQueryAsync(cancellationToken);
        }
        var analyzeTime = Stopwatch.GetElapsedTime(started);

        var (searches, slowest) = await MeasureSearchesAsync(search, catalogue, arguments.Queries, cancellationToken);
        var random = new Random(Seed);
        async Task<int> MatchAsync(MatchMode mode) =>
            (await finder.FindAsync(population.Person(random.Next(arguments.Profiles), now), mode, MatchLimit, cancellationToken)).Count;
        Console.Error.WriteLine("matching…");
        var reciprocal = await MeasureAsync("matches: reciprocal", arguments.Queries, () => MatchAsync(MatchMode.Reciprocal));
        var mentor = await MeasureAsync("matches: mentor", MentorRequests, () => MatchAsync(MatchMode.Mentor));
        // The worst case a member can ask for: a profile with the most skills (10 offered, 10 wanted), all free text,
        // so all of it must be embedded. The first request for such a profile embeds its 20 texts; later ones, and the
        // projection when it was indexed, find them remembered (SkillVectors).
        var freeTextPeople = 0;
        ProfileDocument FreeTextOnly(int person)
        {
            var profile = population.Person(random.Next(arguments.Profiles), now);
            profile.Offered = [.. Enumerable.Range(0, 10).Select(skill => new OfferedSkill(null, $"Handmade craft {person} no {skill}", 3, null, null))];
            profile.Wanted = [.. Enumerable.Range(0, 10).Select(skill => new WantedSkill(null, $"Rare pastime {person} no {skill}", 2, null))];
            return profile;
        }
        var worstFirst = await MeasureAsync("matches: 20 free-text skills, first request", MentorRequests, async () =>
            (await finder.FindAsync(FreeTextOnly(freeTextPeople++), MatchMode.Reciprocal, MatchLimit, cancellationToken)).Count);
        var again = FreeTextOnly(-1);
        var worstAgain = await MeasureAsync("matches: 20 free-text skills, asked again", MentorRequests, async () =>
            (await finder.FindAsync(again, MatchMode.Reciprocal, MatchLimit, cancellationToken)).Count);

        Console.Error.WriteLine("embedding…");
        var (oneAtATime, batched) = await MeasureEmbeddingAsync(generator, catalogue, cancellationToken);

        var workingSetAtEnd = Environment.WorkingSet;
        var managedHeap = GC.GetTotalMemory(forceFullCollection: true);
        var (postgresVersion, indexBytes) = await DescribeDatabaseAsync(dataSource, cancellationToken);

        Console.WriteLine();
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {await CpuModelAsync()}, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, {postgresVersion}");
        Console.WriteLine(FormattableString.Invariant(
            $"load: {load.Profiles} profiles in {load.Total.TotalSeconds:F1} s = {load.Profiles / load.Total.TotalSeconds:F0} profiles/s (generating and projecting {load.Projecting.TotalSeconds:F1} s, PostgreSQL upserts in batches of {BatchSize} {load.Upserting.TotalSeconds:F1} s); ANALYZE {analyzeTime.TotalSeconds:F1} s; profile_search {Mebibytes(indexBytes):F0} MiB with its indexes"));
        Console.WriteLine(FormattableString.Invariant(
            $"model: catalogue of {catalogue.Skills.Count} skills embedded in {modelLoad.TotalSeconds:F1} s (ONNX model load included)"));
        Console.WriteLine();
        Console.WriteLine(LatencyTable.Header);
        foreach (var table in searches.Append(reciprocal).Append(mentor).Append(worstFirst).Append(worstAgain))
        {
            Console.WriteLine(table.ToMarkdownRow());
        }
        Console.WriteLine($"slowest searches: {string.Join("; ", slowest)}");
        Console.WriteLine();
        Console.WriteLine(FormattableString.Invariant(
            $"embedding (all-MiniLM-L6-v2, {EmbeddedSentences} short skill sentences): batches of 1: {oneAtATime:F0} sentences/s, batches of 64: {batched:F0} sentences/s"));
        Console.WriteLine(FormattableString.Invariant(
            $"memory: working set at start {Mebibytes(workingSetAtStart):F0} MiB, after the model and catalogue vectors {Mebibytes(workingSetAfterModel):F0} MiB, after the run {Mebibytes(workingSetAtEnd):F0} MiB; managed heap after the run {Mebibytes(managedHeap):F0} MiB"));
        Console.WriteLine();
        Console.WriteLine(Target("search p95 (all kinds)", searches[0].P95, SearchTargetMs));
        Console.WriteLine(Target("matches p95 (reciprocal)", reciprocal.P95, MatchTargetMs));
        Console.WriteLine(Target("matches p95 (mentor)", mentor.P95, MatchTargetMs));
    }

    private sealed record LoadTimes(int Profiles, TimeSpan Total, TimeSpan Projecting, TimeSpan Upserting);

    /// <summary>Indexes people 0..count-1 the way the demo seeder does, in bigger batches (the seeder also writes the documents).</summary>
    private static async Task<LoadTimes> LoadAsync(
        DemoPopulation population, ProfileIndexProjection projection, IProfileSearch search, int count, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var projecting = TimeSpan.Zero;
        var upserting = TimeSpan.Zero;
        var total = Stopwatch.GetTimestamp();
        for (var start = 0; start < count; start += BatchSize)
        {
            var started = Stopwatch.GetTimestamp();
            var batch = new List<ProfileSearchDocument>(BatchSize);
            for (var index = start; index < Math.Min(count, start + BatchSize); index++)
            {
                batch.Add(await projection.ProjectAsync(population.Person(index, now), cancellationToken));
            }
            projecting += Stopwatch.GetElapsedTime(started);
            started = Stopwatch.GetTimestamp();
            await search.UpsertAsync(batch, cancellationToken);
            upserting += Stopwatch.GetElapsedTime(started);
            if ((start + batch.Count) % 10_000 == 0 || start + batch.Count == count)
            {
                Console.Error.WriteLine(FormattableString.Invariant(
                    $"  indexed {start + batch.Count} profiles, {(start + batch.Count) / Stopwatch.GetElapsedTime(total).TotalSeconds:F0}/s"));
            }
        }
        return new LoadTimes(count, Stopwatch.GetElapsedTime(total), projecting, upserting);
    }

    private enum QueryKind
    {
        Text,
        Misspelt,
        FacetsOnly,
        TextAndFacets,
        SecondPage,
    }

    /// <summary>
    /// The first table is every search; the others split it by kind, to show which kind costs what. The slowest
    /// searches are named so that a miss says which queries to EXPLAIN.
    /// </summary>
    private static async Task<(LatencyTable[] Tables, IReadOnlyList<string> Slowest)> MeasureSearchesAsync(
        IProfileSearch search, SkillCatalogue catalogue, int count, CancellationToken cancellationToken)
    {
        var random = new Random(Seed);
        string Label() => catalogue.Skills[random.Next(catalogue.Skills.Count)].Label(Languages[random.Next(Languages.Length)]);
        string Misspelt()
        {
            while (true)
            {
                var label = Label();
                // Two adjacent letters that differ, so the typo is real; a transposition is two edits for levenshtein.
                var positions = Enumerable.Range(0, Math.Max(0, label.Length - 1))
                    .Where(i => char.IsLetter(label[i]) && char.IsLetter(label[i + 1]) && label[i] != label[i + 1])
                    .ToList();
                if (label.Length >= 5 && positions.Count > 0)
                {
                    var i = positions[random.Next(positions.Count)];
                    return string.Concat(label.AsSpan(0, i), label.AsSpan(i + 1, 1), label.AsSpan(i, 1), label.AsSpan(i + 2));
                }
            }
        }
        ProfileSearchQuery Query(string? text = null) => new(Guid.NewGuid(), [], Text: text, Limit: PageSize);

        async Task<(QueryKind Kind, ProfileSearchQuery Query)> DrawAsync()
        {
            var kind = (QueryKind)random.Next(Enum.GetValues<QueryKind>().Length);
            switch (kind)
            {
                case QueryKind.Text:
                    return (kind, Query(Label()));
                case QueryKind.Misspelt:
                    return (kind, Query(Misspelt()));
                case QueryKind.FacetsOnly:
                    return (kind, Query() with
                    {
                        SkillId = catalogue.Skills[random.Next(catalogue.Skills.Count)].Id,
                        Language = Languages[random.Next(Languages.Length)],
                    });
                case QueryKind.TextAndFacets:
                    return (kind, Query(Label()) with { Language = Languages[random.Next(Languages.Length)], Format = "online", MinLevel = 3 });
                default:
                    // Only the second page is timed: the user already has the first. Rare skills have a single page.
                    while (true)
                    {
                        var first = Query(Label());
                        if ((await search.SearchAsync(first, cancellationToken)).Next is { } next)
                        {
                            return (kind, first with { After = next });
                        }
                    }
            }
        }

        Console.Error.WriteLine("searching…");
        var all = new LatencyTable("search: all kinds");
        var byKind = Enum.GetValues<QueryKind>().ToDictionary(kind => kind, kind => new LatencyTable($"search: {Describe(kind)}"));
        var timed = new List<(TimeSpan Elapsed, string Query)>(count);
        for (var i = 0; i < WarmUp + count; i++)
        {
            var (kind, query) = await DrawAsync();
            var started = Stopwatch.GetTimestamp();
            var page = await search.SearchAsync(query, cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (i >= WarmUp)
            {
                all.Add(elapsed, page.Hits.Count);
                byKind[kind].Add(elapsed, page.Hits.Count);
                timed.Add((elapsed, FormattableString.Invariant(
                    $"{elapsed.TotalMilliseconds:F0} ms {kind} \"{query.Text ?? query.SkillId}\"{(query.Language is { } language ? $" l:{language}" : "")}")));
            }
        }
        return ([all, .. byKind.Values], [.. timed.OrderByDescending(entry => entry.Elapsed).Take(SlowestShown).Select(entry => entry.Query)]);
    }

    private static string Describe(QueryKind kind) => kind switch
    {
        QueryKind.Text => "skill name (en/fr)",
        QueryKind.Misspelt => "misspelt skill name",
        QueryKind.FacetsOnly => "skill + language facets",
        QueryKind.TextAndFacets => "text + language, online, level ≥ 3",
        _ => "second page of a skill name",
    };

    private static async Task<LatencyTable> MeasureAsync(string name, int count, Func<Task<int>> request)
    {
        var table = new LatencyTable(name);
        for (var i = 0; i < WarmUp + count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var results = await request();
            if (i >= WarmUp)
            {
                table.Add(Stopwatch.GetElapsedTime(started), results);
            }
        }
        return table;
    }

    /// <summary>Sentences per second one at a time (what indexing a free-text skill does) and in batches of 64.</summary>
    private static async Task<(double OneAtATime, double Batched)> MeasureEmbeddingAsync(
        MiniLmEmbeddingGenerator generator, SkillCatalogue catalogue, CancellationToken cancellationToken)
    {
        var labels = catalogue.Skills.SelectMany(skill => new[] { skill.En, skill.Fr }).Distinct(StringComparer.Ordinal).ToList();
        var pool = labels.Concat(labels.Select(label => $"{label} for beginners")).ToList();
        var sentences = Enumerable.Range(0, EmbeddedSentences).Select(i => pool[i % pool.Count]).ToArray();
        async Task<double> SentencesPerSecondAsync(int batchSize)
        {
            await generator.GenerateAsync(sentences.Take(batchSize), cancellationToken: cancellationToken);
            var started = Stopwatch.GetTimestamp();
            foreach (var batch in sentences.Chunk(batchSize))
            {
                await generator.GenerateAsync(batch, cancellationToken: cancellationToken);
            }
            return sentences.Length / Stopwatch.GetElapsedTime(started).TotalSeconds;
        }
        return (await SentencesPerSecondAsync(1), await SentencesPerSecondAsync(64));
    }

    private static async Task<(string Version, long IndexBytes)> DescribeDatabaseAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT current_setting('server_version'), pg_total_relation_size('profile_search')");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return ($"PostgreSQL {reader.GetString(0)}", reader.GetInt64(1));
    }

    private static async Task<string> CpuModelAsync()
    {
        if (!File.Exists("/proc/cpuinfo"))
        {
            return "unknown CPU";
        }
        var line = (await File.ReadAllLinesAsync("/proc/cpuinfo")).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line?.Split(':', 2)[1].Trim() ?? "unknown CPU";
    }

    private static double Mebibytes(long bytes) => bytes / 1048576.0;

    private static string Target(string what, double p95, double targetMs) =>
        FormattableString.Invariant($"{what}: {p95:F1} ms, target < {targetMs:F0} ms: {(p95 < targetMs ? "PASS" : "MISS")}");

    /// <summary>Sequential requests' latencies and result counts; nearest-rank percentiles, as LatencyRecorder has them.</summary>
    private sealed class LatencyTable(string name)
    {
        private readonly List<double> _milliseconds = [];
        private long _results;

        public const string Header = "| operation | requests | p50 ms | p95 ms | p99 ms | max ms | avg results |\n|---|---|---|---|---|---|---|";

        public double P95 => Percentile(0.95);

        public void Add(TimeSpan elapsed, int results)
        {
            _milliseconds.Add(elapsed.TotalMilliseconds);
            _results += results;
        }

        public string ToMarkdownRow() => FormattableString.Invariant(
            $"| {name} | {_milliseconds.Count} | {Percentile(0.50):F2} | {Percentile(0.95):F2} | {Percentile(0.99):F2} | {Percentile(1):F2} | {(double)_results / Math.Max(1, _milliseconds.Count):F1} |");

        private double Percentile(double p)
        {
            if (_milliseconds.Count == 0)
            {
                return double.NaN;
            }
            var sorted = _milliseconds.Order().ToList();
            return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
        }
    }
}
