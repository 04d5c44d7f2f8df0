using SkillSwap.DocumentStore;
using SkillSwap.Profiles.Model;
using SkillSwap.Profiles.Search;
using SkillSwap.Profiles.Skills.Catalogue;

namespace SkillSwap.Profiles.DemoData;

public sealed class DemoDataOptions
{
    public const string SectionName = "DemoData";

    /// <summary>How many demo profiles to make sure exist; 0 (the default) seeds nothing.</summary>
    public int Profiles { get; set; }

    public int Seed { get; set; } = 2026;
}

public static class DemoDataExtensions
{
    /// <summary>
    /// Demo profiles for development (the AppHost asks for 200 under ./skillswap run). Never in Production, whatever
    /// the configuration says: made-up people must not appear beside real ones.
    /// </summary>
    public static WebApplicationBuilder AddDemoData(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DemoDataOptions>().BindConfiguration(DemoDataOptions.SectionName)
            .Validate(options => options.Profiles is >= 0 and <= 100_000, "DemoData:Profiles is between 0 and 100000.")
            .ValidateOnStart();
        if (!builder.Environment.IsProduction())
        {
            builder.Services.AddHostedService<DemoDataSeeder>();
        }
        return builder;
    }
}

/// <summary>
/// Inserts the demo profiles that do not exist yet and indexes them. Idempotent: the ids come from the seed, so a
/// second run finds them all and changes nothing, and a profile someone edited is left as it is. Runs in the
/// background so the service takes traffic meanwhile.
/// </summary>
public sealed class DemoDataSeeder(
    IDocumentStore store,
    SkillCatalogue catalogue,
    ProfileIndexProjection projection,
    IProfileSearch search,
    Microsoft.Extensions.Options.IOptions<DemoDataOptions> options,
    TimeProvider time,
    ILogger<DemoDataSeeder> logger) : BackgroundService
{
    private const int BatchSize = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var wanted = options.Value.Profiles;
        if (wanted == 0)
        {
            return;
        }
        try
        {
            var population = new DemoPopulation(catalogue, options.Value.Seed);
            var created = 0;
            for (var start = 0; start < wanted; start += BatchSize)
            {
                var people = Enumerable.Range(start, Math.Min(BatchSize, wanted - start))
                    .Select(index => population.Person(index, time.GetUtcNow()))
                    .ToList();
                var ids = people.Select(person => person.Id).ToList();
                await using var session = store.OpenSession();
                var existing = (await session.Query<ProfileDocument>().Where(profile => ids.Contains(profile.Id)).ToListAsync(stoppingToken))
                    .Select(profile => profile.Id)
                    .ToHashSet();
                var missing = people.Where(person => !existing.Contains(person.Id)).ToList();
                foreach (var person in missing)
                {
                    session.Insert(person);
                }
                await session.SaveChangesAsync(stoppingToken);
                var documents = new List<ProfileSearchDocument>(missing.Count);
                foreach (var person in missing)
                {
                    documents.Add(await projection.ProjectAsync(person, stoppingToken));
                }
                await search.UpsertAsync(documents, stoppingToken);
                created += missing.Count;
            }
            logger.LogInformation("Demo data: {Created} demo profiles created, {Existing} already there", created, wanted - created);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
