using System.Net;
using System.Net.Http.Json;
using SkillSwap.Profiles.Matching;
using SkillSwap.Profiles.Model;
using SkillSwap.Profiles.Skills;
using SkillSwap.Profiles.Tests.Infrastructure;
using SkillSwap.Testing;

namespace SkillSwap.Profiles.Tests.Matching;

/// <summary>What asking for matches costs: a person's free-text skills are embedded once, not at every request.</summary>
[Collection(ProfilesCollection.Name)]
public sealed class MatchingCostTests(ProfilesApp app)
{
    [Fact]
    public async Task Asking_for_matches_again_and_again_embeds_free_text_skills_once()
    {
        var userId = await app.RegisterUserAsync("Wendy", "en");
        var client = app.ClientFor(userId);
        var unique = Guid.NewGuid().ToString("N")[..8];
        string[] freeText = [$"Underwater basket weaving {unique}", $"Competitive cheese rolling {unique}"];
        var skills = new UpdateSkillsRequest(
            [.. freeText.Select(label => new OfferedSkillRequest(label, 4, null, null))],
            [new WantedSkillRequest("spanish", 2, null)],
            Version: 1);
        await (await client.PutAsJsonAsync(ProfileRequests.Me + "/skills", skills)).ReadAsync<ProfileResponse>(HttpStatusCode.OK);
        await app.WaitUntilIndexedAsync(userId, entry => entry.Offered.Count == freeText.Length);

        for (var request = 0; request < 5; request++)
        {
            await (await client.GetAsync(MatchingApi.Route)).ReadAsync<MatchingApi.MatchesResponse>(HttpStatusCode.OK);
        }

        Assert.All(freeText, label => Assert.Equal(1, app.Embeddings.TimesEmbedded(SkillVectors.FreeTextForEmbedding(label))));
    }
}
