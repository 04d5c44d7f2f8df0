using System.Net;
using System.Net.Http.Json;
using SkillSwap.IntegrationEvents;
using SkillSwap.Profiles.Model;
using SkillSwap.Profiles.Skills;
using SkillSwap.Profiles.Tests.Infrastructure;
using SkillSwap.Testing;

namespace SkillSwap.Profiles.Tests;

/// <summary>PUT /me/skills: names in either language land on the catalogue, free text stays, bad input changes nothing.</summary>
[Collection(ProfilesCollection.Name)]
public sealed class SkillsEditingTests(ProfilesApp app)
{
    private const string MySkills = ProfileRequests.Me + "/skills";

    [Fact]
    public async Task Skill_names_in_French_or_English_are_normalised_onto_the_catalogue_and_free_text_is_kept()
    {
        var userId = await app.RegisterUserAsync(locale: "fr");
        var client = app.ClientFor(userId);
        var request = new UpdateSkillsRequest(
            [new("  ESPAGNOL ", 4, 6, "https://example.org/dele-c1"), new("Kintsugi", 3, null, null)],
            [new("guitar", 2, "Jouer au coin du feu"), new("apprentissage automatique", 3, null)],
            Version: 1);

        var response = await client.PutAsJsonAsync(MySkills, request);

        var profile = await response.ReadAsync<ProfileResponse>(HttpStatusCode.OK);
        Assert.Equal(
            [new OfferedSkillResponse("spanish", "Espagnol", 4, 6, "https://example.org/dele-c1"), new OfferedSkillResponse(null, "Kintsugi", 3, null, null)],
            profile.Offered);
        Assert.Equal(
            [new WantedSkillResponse("guitar", "Guitare", 2, "Jouer au coin du feu"), new WantedSkillResponse("machine-learning", "Apprentissage automatique", 3, null)],
            profile.Wanted);
        Assert.Equal(2, profile.Version);
        var published = await app.Probe.WaitForAsync<SkillsChanged>(e => e.UserId == userId);
        Assert.Equal([new SkillChange("spanish", "Espagnol", 4), new SkillChange(null, "Kintsugi", 3)], published.Offered);
        Assert.Equal(["guitar", "machine-learning"], published.Wanted.Select(skill => skill.SkillId));
    }

    public static TheoryData<string, string> BadSkills => new()
    {
        { """{"offered":[{"skill":"python","level":0}],"wanted":[],"version":1}""", "offered[0].level" },
        { """{"offered":[{"skill":"python","level":6}],"wanted":[],"version":1}""", "offered[0].level" },
        { """{"offered":[{"skill":"python","level":3,"yearsOfPractice":-1}],"wanted":[],"version":1}""", "offered[0].yearsOfPractice" },
        { """{"offered":[{"skill":"python","level":3,"evidenceUrl":"javascript:alert(1)"}],"wanted":[],"version":1}""", "offered[0].evidenceUrl" },
        { """{"offered":[{"skill":"python","level":3,"evidenceUrl":"http://plain.example"}],"wanted":[],"version":1}""", "offered[0].evidenceUrl" },
        { """{"offered":[{"skill":"guitar","level":3},{"skill":"Guitare","level":2}],"wanted":[],"version":1}""", "offered[1]" },
        { """{"offered":[{"skill":"<script>alert(1)</script>","level":3}],"wanted":[],"version":1}""", "offered[0].skill" },
        { """{"offered":[{"skill":"   ","level":3}],"wanted":[],"version":1}""", "offered[0].skill" },
        { """{"offered":[null],"wanted":[],"version":1}""", "offered[0]" },
        { """{"offered":[],"wanted":[{"skill":"piano","targetLevel":9}],"version":1}""", "wanted[0].targetLevel" },
        { """{"offered":[],"wanted":[{"skill":"piano","targetLevel":2,"goal":"line\u0007bell"}],"version":1}""", "wanted[0].goal" },
        { """{"offered":[],"wanted":[],"version":0}""", "version" },
        { $$"""{"offered":[{{string.Join(",", Enumerable.Range(0, 11).Select(i => $$"""{"skill":"skill {{i}}","level":2}"""))}}],"wanted":[],"version":1}""", "offered" },
        { $$"""{"offered":[],"wanted":[{"skill":"piano","targetLevel":2,"goal":"{{new string('g', 201)}}"}],"version":1}""", "wanted[0].goal" },
    };

    [Theory]
    [MemberData(nameof(BadSkills))]
    public async Task Bad_skills_are_refused_with_the_field_named_and_nothing_changes(string body, string field)
    {
        var userId = await app.RegisterUserAsync();
        var before = await app.FingerprintAsync();

        var response = await app.ClientFor(userId).PutRawAsync(MySkills, body);

        await response.AssertValidationProblemAsync(field);
        Assert.Equal(before, await app.FingerprintAsync());
    }

    [Fact]
    public async Task Skills_need_the_current_version_like_any_profile_edit()
    {
        var userId = await app.RegisterUserAsync();
        var client = app.ClientFor(userId);
        var request = new UpdateSkillsRequest([new("python", 3, null, null)], [], Version: null);

        await (await client.PutAsJsonAsync(MySkills, request)).AssertProblemAsync(HttpStatusCode.PreconditionRequired, "version-required");
        await (await client.PutAsJsonAsync(MySkills, request with { Version = 7 })).AssertProblemAsync(HttpStatusCode.Conflict, "version-conflict");
        Assert.Empty((await app.LoadProfileAsync(userId))!.Offered);
    }

    [Fact]
    public async Task The_catalogue_autocompletes_in_either_language_ignoring_accents()
    {
        var client = app.ClientFor(Guid.CreateVersion7());

        var french = await (await client.GetAsync("/api/v1/skills?q=echec&locale=fr")).ReadAsync<List<SkillsApi.CatalogueSkillResponse>>(HttpStatusCode.OK);
        var english = await (await client.GetAsync("/api/v1/skills?q=guit")).ReadAsync<List<SkillsApi.CatalogueSkillResponse>>(HttpStatusCode.OK);
        var categories = await (await client.GetAsync("/api/v1/skills/categories?locale=fr")).ReadAsync<List<SkillsApi.CategoryResponse>>(HttpStatusCode.OK);

        Assert.Contains(french, skill => skill.Id == "chess" && skill.Label == "Échecs");
        Assert.Contains(english, skill => skill.Id == "guitar" && skill.Label == "Guitar" && skill.Category == "music");
        Assert.True(categories.Count >= 14 && categories.Sum(category => category.SkillCount) >= 300);
        await (await client.GetAsync("/api/v1/skills?category=nope")).AssertValidationProblemAsync("category");
        await (await client.GetAsync("/api/v1/skills?limit=0")).AssertValidationProblemAsync("limit");
    }
}
