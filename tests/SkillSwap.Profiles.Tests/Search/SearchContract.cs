using SkillSwap.Profiles.DemoData;
using SkillSwap.Profiles.Model;
using SkillSwap.Profiles.Search;
using SkillSwap.Profiles.Tests.Infrastructure;
using static SkillSwap.Profiles.Tests.Infrastructure.People;

namespace SkillSwap.Profiles.Tests.Search;

/// <summary>
/// The known profiles of the search-quality set, among noise: a demo population from categories none of the queries
/// touch, so "the expected profile in the top 3" means the engine found it, not that it was alone.
/// </summary>
public sealed class SearchDataSet
{
    public ProfileDocument Ana { get; } = Person("Ana Lopez", offers: [("python", 4)], wants: [("spanish", 2)], languages: ["es", "en"],
        bio: "Backend developer, I teach Python.", rating: 4.2);

    public ProfileDocument Ben { get; } = Person("Ben Carter", offers: [("javascript", 3)], wants: [("piano", 1)],
        formats: [SessionFormat.InPerson]);

    public ProfileDocument Chloe { get; } = Person("Chloé Martin", offers: [("french", 5)], wants: [("photography", 2)], languages: ["fr"],
        locale: "fr", rating: 4.9, timeZone: "Europe/Paris");

    public ProfileDocument Dan { get; } = Person("Dan Smith", offers: [("guitar", 3)], wants: [("french", 2)], timeZone: "Europe/London",
        availability: [Slot(DayOfWeek.Monday, 18, 20)], formats: [SessionFormat.Online, SessionFormat.InPerson]);

    public ProfileDocument Elodie { get; } = Person("Élodie Bernard", offers: [("piano", 4)], wants: [("german", 1)], languages: ["fr", "en"],
        locale: "fr", rating: 3.9);

    public ProfileDocument Farid { get; } = Person("Farid Benali", offers: [("spanish", 4)], wants: [("python", 3)], languages: ["fr", "es"],
        locale: "fr");

    public ProfileDocument Grace { get; } = Person("Grace Hopper", offers: [("cooking", 2), ("photography", 3)], wants: [("chess", 2)]);

    public ProfileDocument Hugo { get; } = Person("Hugo Petit", offers: [("machine-learning", 5)], wants: [("guitar", 1)], languages: ["fr"],
        locale: "fr");

    /// <summary>Teaches Python better than anyone, but only to matches: search must never show her.</summary>
    public ProfileDocument Ines { get; } = Person("Inès Moreau", offers: [("python", 5)], wants: [("spanish", 1)],
        visibility: ProfileVisibility.MatchesOnly);

    /// <summary>The guitar teacher in Lyon...</summary>
    public ProfileDocument Jade { get; } = Person("Jade Roux", offers: [("guitar", 3)], wants: [("german", 2)], languages: ["fr"],
        locale: "fr", location: new ProfileLocation("Lyon", "FR"));

    /// <summary>...a better-rated one in Marseille...</summary>
    public ProfileDocument Karim { get; } = Person("Karim Haddad", offers: [("guitar", 5)], wants: [("german", 1)], languages: ["fr"],
        locale: "fr", rating: 4.8, location: new ProfileLocation("Marseille", "FR"));

    /// <summary>...and someone in Lyon who has nothing to do with guitars.</summary>
    public ProfileDocument Leon { get; } = Person("Léon Girard", offers: [("german", 4)], wants: [("chess", 2)], languages: ["fr", "de"],
        locale: "fr", bio: "Lyonnais, je vis à Lyon depuis toujours.", location: new ProfileLocation("Lyon", "FR"));

    public IReadOnlyList<ProfileDocument> Known => [Ana, Ben, Chloe, Dan, Elodie, Farid, Grace, Hugo, Ines, Jade, Karim, Leon];

    /// <summary>(query, who must be in the top 3): typos, accents, synonyms and French/English.</summary>
    public IReadOnlyList<(string Query, ProfileDocument Expected)> QualityCases =>
    [
        ("pyhton", Ana),
        ("Python", Ana),
        ("javascrpit", Ben),
        ("js", Ben),
        ("francais", Chloe),
        ("French", Chloe),
        ("guitare", Dan),
        ("gitar", Dan),
        ("espagnol", Farid),
        ("spanish", Farid),
        ("apprentissage automatique", Hugo),
        ("machine lerning", Hugo),
        ("elodie", Elodie),
        ("ÉLODIE piano", Elodie),
        ("cuisine", Grace),
        ("photographie", Grace),
    ];

    private static readonly HashSet<string> QueriedCategories = ["programming", "data-ai", "languages", "music", "cooking", "photo-video"];

    /// <summary>Words the tests search for: noise whose skills are named with one of them (e.g. "French braid") is left out.</summary>
    private static readonly string[] QueriedWords =
        ["python", "javascript", "french", "francais", "guitar", "spanish", "espagnol", "machine", "learning", "apprentissage",
         "automatique", "elodie", "piano", "cuisine", "photo", "cooking", "chess", "spanish", "german", "lyon", "marseille"];

    public static IEnumerable<ProfileDocument> Noise(int count)
    {
        var population = new DemoPopulation(SkillModel.Catalogue, seed: 77);
        var now = DateTimeOffset.UtcNow;
        return Enumerable.Range(0, count * 4)
            .Select(index => population.Person(index, now))
            .Where(person => person.Offered.Select(s => s.SkillId).Concat(person.Wanted.Select(s => s.SkillId))
                .Select(id => SkillModel.Catalogue.Find(id!)!)
                .All(skill => !QueriedCategories.Contains(skill.Category)
                    && !skill.Names.SelectMany(SkillSwap.Profiles.Skills.SearchText.Words).Any(word => QueriedWords.Any(word.StartsWith))))
            .Take(count);
    }
}

/// <summary>
/// What every search adapter must do identically: the quality set, facets, visibility, blocks and cursor paging.
/// Each concrete class indexes one <see cref="SearchDataSet"/> into its own fresh index.
/// </summary>
public abstract class SearchContract
{
    /// <summary>Null when the engine is available; otherwise why the suite is skipped.</summary>
    protected virtual string? SkipReason => null;

    /// <summary>The engine, holding <see cref="Data"/> (indexed once per concrete class).</summary>
    protected abstract Task<IProfileSearch> IndexedAsync();

    protected abstract SearchDataSet Data { get; }

    private async Task<IProfileSearch> SearchAsync()
    {
        Skip.If(SkipReason is not null, SkipReason);
        return await IndexedAsync();
    }

    protected static async Task IndexDataSetAsync(IProfileSearch search, SearchDataSet data)
    {
        await search.IndexAsync([.. data.Known, .. SearchDataSet.Noise(60)]);
    }

    private static ProfileSearchQuery From(Guid? searcher = null) => new(searcher ?? Guid.CreateVersion7(), []);

    [SkippableFact]
    public async Task Typo_accent_synonym_and_French_English_queries_bring_the_expected_profile_into_the_top_3()
    {
        var search = await SearchAsync();
        var misses = new List<string>();
        foreach (var (query, expected) in Data.QualityCases)
        {
            var page = await search.SearchAsync(From() with { Text = query, Limit = 3 }, CancellationToken.None);
            if (!page.Hits.Any(hit => hit.Document.UserId == expected.UserId))
            {
                misses.Add($"\"{query}\" → [{string.Join(", ", page.Hits.Select(hit => hit.Document.DisplayName))}], expected {expected.DisplayName}");
            }
        }
        Assert.True(misses.Count == 0, "Missed:\n" + string.Join("\n", misses));
    }

    [SkippableFact]
    public async Task A_place_in_the_text_counts_like_a_skill_and_keeps_out_people_without_every_word()
    {
        var search = await SearchAsync();

        var page = await search.SearchAsync(From() with { Text = "guitare lyon", Limit = 10 }, CancellationToken.None);

        Assert.Equal(Data.Jade.UserId, page.Hits[0].Document.UserId);
        // Someone has both words, so nobody with only one of them comes: not the better-rated teacher in Marseille,
        // not the man from Lyon without a guitar.
        Assert.All(page.Hits, hit => Assert.Equal("Lyon", hit.Document.Location?.City));
        Assert.All(page.Hits, hit => Assert.Contains(hit.Document.Offered.Concat(hit.Document.Wanted), skill => skill.SkillId == "guitar"));
    }

    [SkippableFact]
    public async Task Country_and_city_facets_keep_only_the_people_who_live_there()
    {
        var search = await SearchAsync();

        var inLyon = await search.SearchAsync(From() with { City = "LYON", Limit = 100 }, CancellationToken.None);
        var inFrance = await search.SearchAsync(From() with { Country = "fr", Limit = 100 }, CancellationToken.None);
        var guitarInFrance = await search.SearchAsync(From() with { Text = "guitar", Country = "FR", Limit = 100 }, CancellationToken.None);

        Assert.Contains(inLyon.Hits, hit => hit.Document.UserId == Data.Jade.UserId);
        Assert.Contains(inLyon.Hits, hit => hit.Document.UserId == Data.Leon.UserId);
        Assert.All(inLyon.Hits, hit => Assert.Equal("Lyon", hit.Document.Location?.City));
        Assert.Contains(inFrance.Hits, hit => hit.Document.UserId == Data.Karim.UserId);
        Assert.All(inFrance.Hits, hit => Assert.Equal("FR", hit.Document.Location?.Country));
        Assert.Equal(new[] { Data.Jade.UserId, Data.Karim.UserId }.Order(), guitarInFrance.Hits.Select(hit => hit.Document.UserId).Order());
    }

    [SkippableFact]
    public async Task Stop_words_are_ignored_and_profiles_with_every_word_come_first()
    {
        var search = await SearchAsync();

        var lesson = await search.SearchAsync(From() with { Text = "cours de piano", Limit = 50 }, CancellationToken.None);
        var both = await search.SearchAsync(From() with { Text = "piano elodie", Limit = 50 }, CancellationToken.None);
        var eitherSkill = await search.SearchAsync(From() with { Text = "guitar piano", Limit = 50 }, CancellationToken.None);

        Assert.Equal(Data.Elodie.UserId, lesson.Hits[0].Document.UserId);
        Assert.Equal(Data.Elodie.UserId, both.Hits[0].Document.UserId);
        // Nobody teaches both: each teacher of either is found rather than nobody.
        Assert.Contains(eitherSkill.Hits, hit => hit.Document.UserId == Data.Dan.UserId);
        Assert.Contains(eitherSkill.Hits, hit => hit.Document.UserId == Data.Elodie.UserId);
    }

    [SkippableFact]
    public async Task A_word_nobody_uses_finds_nobody()
    {
        var search = await SearchAsync();
        var page = await search.SearchAsync(From() with { Text = "zzqxv" }, CancellationToken.None);
        Assert.Empty(page.Hits);
    }

    [SkippableFact]
    public async Task A_matches_only_profile_is_never_found()
    {
        var search = await SearchAsync();
        foreach (var query in new[] { "python", "Inès", "ines moreau" })
        {
            var page = await search.SearchAsync(From() with { Text = query, Limit = 50 }, CancellationToken.None);
            Assert.DoesNotContain(page.Hits, hit => hit.Document.UserId == Data.Ines.UserId);
        }
        var facets = await search.SearchAsync(From() with { SkillId = "python", Limit = 50 }, CancellationToken.None);
        Assert.Equal([Data.Ana.UserId], facets.Hits.Select(hit => hit.Document.UserId));
    }

    [SkippableFact]
    public async Task Facets_narrow_by_skill_level_category_language_format_and_rating()
    {
        var search = await SearchAsync();
        async Task<List<Guid>> Ids(ProfileSearchQuery query) =>
            [.. (await search.SearchAsync(query with { Limit = 50 }, CancellationToken.None)).Hits.Select(hit => hit.Document.UserId)];

        Assert.Equal([Data.Ana.UserId], await Ids(From() with { SkillId = "python", MinLevel = 4 }));
        Assert.Empty(await Ids(From() with { SkillId = "python", MinLevel = 5 }));
        var music = await Ids(From() with { Category = "music" });
        Assert.Equal(new[] { Data.Dan.UserId, Data.Elodie.UserId, Data.Jade.UserId, Data.Karim.UserId }.Order(), music.Order());
        Assert.Equal(new[] { Data.Elodie.UserId, Data.Karim.UserId }.Order(), (await Ids(From() with { Category = "music", MinLevel = 4 })).Order());

        var french = await Ids(From() with { Text = "python spanish piano", Language = "fr" });
        Assert.Contains(Data.Farid.UserId, french);
        Assert.Contains(Data.Elodie.UserId, french);
        Assert.DoesNotContain(Data.Ana.UserId, french);

        var inPerson = await Ids(From() with { Text = "javascript guitar python", Format = "in-person" });
        Assert.Equal(new[] { Data.Ben.UserId, Data.Dan.UserId }.Order(), inPerson.Order());

        var wellRated = await Ids(From() with { Text = "french piano python", MinRating = 4.5 });
        Assert.Equal([Data.Chloe.UserId], wellRated);
    }

    [SkippableFact]
    public async Task The_availability_window_is_compared_in_UTC_whatever_the_zones()
    {
        var search = await SearchAsync();
        // Dan is free on Mondays 18:00–20:00 in London; Paris is always one hour ahead of London.
        var parisMondayEvening = WeeklyTime.ToUtcWeekRanges(DayOfWeek.Monday, 20 * 60, 20 * 60 + 30, "Europe/Paris");
        var parisMondayLate = WeeklyTime.ToUtcWeekRanges(DayOfWeek.Monday, 21 * 60, 22 * 60, "Europe/Paris");

        var during = await search.SearchAsync(From() with { SkillId = "guitar", AvailableUtc = parisMondayEvening }, CancellationToken.None);
        var after = await search.SearchAsync(From() with { SkillId = "guitar", AvailableUtc = parisMondayLate }, CancellationToken.None);

        Assert.Equal([Data.Dan.UserId], during.Hits.Select(hit => hit.Document.UserId));
        Assert.Empty(after.Hits);
    }

    [SkippableFact]
    public async Task Blocks_hide_people_in_both_directions()
    {
        var search = await SearchAsync();
        var searcher = Guid.CreateVersion7();
        var blocker = Person("Karl Knitter", offers: [("Kintsugi", 4)]);
        blocker.BlockedUserIds.Add(searcher);
        var blocked = Person("Kim Knitwear", offers: [("Kintsugi", 3)]);
        var bystander = Person("Kay Knots", offers: [("Kintsugi", 2)]);
        await search.IndexAsync(blocker, blocked, bystander);

        var page = await search.SearchAsync(new ProfileSearchQuery(searcher, [blocked.UserId], Text: "kintsugi"), CancellationToken.None);
        var someoneElse = await search.SearchAsync(From() with { Text = "kintsugi" }, CancellationToken.None);

        Assert.Equal([bystander.UserId], page.Hits.Select(hit => hit.Document.UserId));
        Assert.Equal(3, someoneElse.Hits.Count);
    }

    [SkippableFact]
    public async Task Cursor_pages_visit_every_visible_profile_once_in_order()
    {
        var search = await SearchAsync();
        foreach (var text in new string?[] { null, "python spanish french guitar piano cooking javascript learning" })
        {
            var all = await search.SearchAsync(From() with { Text = text, Limit = 500 }, CancellationToken.None);
            var paged = new List<ProfileSearchHit>();
            SearchCursor? cursor = null;
            do
            {
                var page = await search.SearchAsync(From() with { Text = text, Limit = 7, After = cursor }, CancellationToken.None);
                Assert.True(page.Hits.Count <= 7);
                paged.AddRange(page.Hits);
                cursor = page.Next;
            }
            while (cursor is not null);

            Assert.True(all.Hits.Count > 7, $"the data set yields several pages for '{text}'");
            Assert.Equal(all.Hits.Select(hit => hit.Document.UserId), paged.Select(hit => hit.Document.UserId));
        }
    }

    [SkippableFact]
    public async Task Upserting_replaces_and_removing_removes()
    {
        var search = await SearchAsync();
        var person = Person("Quentin Quilter", offers: [("Falconry", 3)]);
        await search.IndexAsync(person);
        person.DisplayName = "Quentin Weaver";
        person.Offered = [new OfferedSkill(null, "Marquetry", 4, null, null)];
        await search.IndexAsync(person);

        var stored = await search.GetAsync(person.UserId, CancellationToken.None);
        Assert.Equal("Quentin Weaver", stored?.DisplayName);
        Assert.Empty((await search.SearchAsync(From() with { Text = "quilter" }, CancellationToken.None)).Hits);

        await search.RemoveAsync(person.UserId, CancellationToken.None);
        Assert.Null(await search.GetAsync(person.UserId, CancellationToken.None));
        Assert.Empty((await search.SearchAsync(From() with { Text = "marquetry" }, CancellationToken.None)).Hits);
    }

    [SkippableFact]
    public async Task Match_candidates_offer_and_want_the_concepts_asked_for_and_skip_blocks()
    {
        var search = await SearchAsync();
        var me = Guid.CreateVersion7();
        var hidden = Person("Hidden Match", offers: [("sourdough-baking", 3)], wants: [("origami", 1)]);
        var blockedMe = Person("Blocked Me", offers: [("sourdough-baking", 3)], wants: [("origami", 1)]);
        blockedMe.BlockedUserIds.Add(me);
        var twoSided = Person("Two Sided", offers: [("sourdough-baking", 3)], wants: [("origami", 1)], visibility: ProfileVisibility.MatchesOnly);
        var oneSided = Person("One Sided", offers: [("sourdough-baking", 3)], wants: [("tennis", 1)]);
        await search.IndexAsync(hidden, blockedMe, twoSided, oneSided);

        var both = await search.FindCandidatesAsync(
            new MatchCandidateQuery(me, [hidden.UserId], ["sourdough-baking"], ["origami"], null, 50), CancellationToken.None);
        var offering = await search.FindCandidatesAsync(
            new MatchCandidateQuery(me, [], ["sourdough-baking"], [], null, 50), CancellationToken.None);

        Assert.Equal([twoSided.UserId], both.Select(candidate => candidate.UserId));
        Assert.Equal(new[] { hidden.UserId, twoSided.UserId, oneSided.UserId }.Order(), offering.Select(candidate => candidate.UserId).Order());
    }
}
