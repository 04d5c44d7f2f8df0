using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SkillSwap.Testing;

namespace SkillSwap.EndToEnd.Tests;

/// <summary>
/// A newcomer, through the gateway as the app would: fills in a profile and skills, then finds teachers and gets
/// matches among the demo population the AppHost seeds in development.
/// </summary>
[Collection(SkillSwapAppCollection.Name)]
public sealed class DiscoveryJourneyTests(SkillSwapApp app)
{
    [Fact]
    public async Task A_newcomer_describes_their_skills_then_searches_and_gets_explained_matches()
    {
        var client = new MobileClient(app.Gateway);
        var email = await Journeys.SignUpVerifiedAsync(app, client, locale: "fr", displayName: "Nina");
        var (accessToken, _) = await MobileClient.ReadTokensAsync(await client.LogInAsync(email));
        await Journeys.EventuallyAsync(() => client.GetAsync("/api/v1/profiles/me", accessToken), HttpStatusCode.OK);

        var catalogue = await app.Gateway.GetFromJsonAsync<JsonElement>("/api/v1/skills?q=guit&locale=fr");
        Assert.Contains(catalogue.EnumerateArray(), skill => skill.GetProperty("label").GetString() == "Guitare");

        var profile = await client.SendAsync(HttpMethod.Put, "/api/v1/profiles/me", accessToken, new
        {
            displayName = "Nina",
            bio = "J'enseigne le français.",
            locale = "fr",
            languages = new List<string> { "fr", "en" },
            timeZone = "Europe/Paris",
            roles = new List<string> { "learner", "teacher" },
            visibility = "public",
            availability = new[] { new { day = "tuesday", start = "18:00", end = "22:00" }, new { day = "saturday", start = "09:00", end = "18:00" } },
            sessionFormats = new List<string> { "online" },
            version = 1,
        });
        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        var skills = await client.SendAsync(HttpMethod.Put, "/api/v1/profiles/me/skills", accessToken, new
        {
            offered = new[] { new { skill = "Français", level = 5 }, new { skill = "Anglais", level = 4 } },
            wanted = new[] { new { skill = "guitare", targetLevel = 2 }, new { skill = "cuisine", targetLevel = 2 } },
            version = 2,
        });
        Assert.Equal(HttpStatusCode.OK, skills.StatusCode);

        // The 200 demo profiles are seeded in the background at start-up; wait for some teachers to be there.
        var found = await Journeys.EventuallyAsync(async () =>
        {
            var response = await client.GetAsync("/api/v1/profiles/search?q=guitare&limit=5", accessToken);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            return body.GetProperty("items").GetArrayLength() > 0 ? response : new HttpResponseMessage(HttpStatusCode.NoContent);
        }, HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, found.StatusCode);

        var matches = await (await client.GetAsync("/api/v1/matches?limit=10", accessToken)).Content.ReadFromJsonAsync<JsonElement>();
        var items = matches.GetProperty("items").EnumerateArray().ToList();
        Assert.NotEmpty(items);
        Assert.All(items, item => Assert.False(string.IsNullOrWhiteSpace(item.GetProperty("summary").GetString())));
        // Nina's app speaks French, and so do the reasons.
        Assert.Contains(items, item => item.GetProperty("summary").GetString()!.Contains("enseigne", StringComparison.Ordinal));
    }
}
