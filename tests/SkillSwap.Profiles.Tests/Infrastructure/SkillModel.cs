using Npgsql;
using SkillSwap.Profiles.Matching;
using SkillSwap.Profiles.Model;
using SkillSwap.Profiles.Search;
using SkillSwap.Profiles.Search.Postgres;
using SkillSwap.Profiles.Skills.Catalogue;
using SkillSwap.Testing;

namespace SkillSwap.Profiles.Tests.Infrastructure;

/// <summary>The real catalogue and the real embedding model, loaded once per test process (the model takes a second).</summary>
public static class SkillModel
{
    public static SkillCatalogue Catalogue { get; } = SkillCatalogue.LoadEmbedded();

    public static SkillVectors Vectors { get; } = new(Catalogue, new MiniLmEmbeddingGenerator());

    public static ProfileIndexProjection Projection { get; } = new(Catalogue, Vectors);
}

/// <summary>The PostgreSQL adapter over a fresh database of the shared test server.</summary>
public sealed class PostgresSearchIndex : IAsyncLifetime
{
    private NpgsqlDataSource? _dataSource;

    public PostgresProfileSearch Search { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var postgres = await SharedServers.PostgresAsync();
        _dataSource = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync("search"));
        Search = new PostgresProfileSearch(_dataSource);
        await Search.EnsureIndexAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
    }
}

/// <summary>Made-to-measure people for search and matching tests.</summary>
public static class People
{
    public static ProfileDocument Person(
        string name,
        IEnumerable<(string Skill, int Level)>? offers = null,
        IEnumerable<(string Skill, int Level)>? wants = null,
        IReadOnlyList<string>? languages = null,
        string timeZone = "Europe/Paris",
        IEnumerable<WeeklySlot>? availability = null,
        ProfileVisibility visibility = ProfileVisibility.Public,
        IEnumerable<SessionFormat>? formats = null,
        IEnumerable<ProfileRole>? roles = null,
        double? rating = null,
        string bio = "",
        string locale = "en",
        ProfileLocation? location = null)
    {
        var userId = Guid.CreateVersion7();
        var now = DateTimeOffset.UtcNow;
        return new ProfileDocument
        {
            Id = ProfileDocument.IdFor(userId),
            UserId = userId,
            DisplayName = name,
            Bio = bio,
            Locale = locale,
            Location = location,
            Languages = [.. languages ?? ["en"]],
            TimeZone = timeZone,
            Roles = [.. roles ?? [ProfileRole.Learner, ProfileRole.Teacher]],
            Visibility = visibility,
            Availability = [.. availability ?? []],
            SessionFormats = [.. formats ?? [SessionFormat.Online]],
            Offered = [.. (offers ?? []).Select(offer => Catalogued(offer.Skill) is { } entry
                ? new OfferedSkill(entry.Id, entry.Label(locale), offer.Level, null, null)
                : new OfferedSkill(null, offer.Skill, offer.Level, null, null))],
            Wanted = [.. (wants ?? []).Select(want => Catalogued(want.Skill) is { } entry
                ? new WantedSkill(entry.Id, entry.Label(locale), want.Level, null)
                : new WantedSkill(null, want.Skill, want.Level, null))],
            Trust = rating is { } r ? new ProfileTrust(r, r, 10, 12) : null,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    private static CatalogueSkill? Catalogued(string skill) => SkillModel.Catalogue.Find(skill);

    public static WeeklySlot Slot(DayOfWeek day, int fromHour, int toHour) => new(day, fromHour * 60, toHour * 60);

    public static async Task IndexAsync(this IProfileSearch search, params ProfileDocument[] people)
    {
        var documents = new List<ProfileSearchDocument>();
        foreach (var person in people)
        {
            documents.Add(await SkillModel.Projection.ProjectAsync(person, CancellationToken.None));
        }
        await search.UpsertAsync(documents, CancellationToken.None);
    }
}
