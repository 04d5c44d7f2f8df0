using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SkillSwap.Testing;

namespace SkillSwap.EndToEnd.Tests;

/// <summary>A report reaches the moderators' queue, through the real Chat, broker, Administration and gateway.</summary>
[Collection(SkillSwapAppCollection.Name)]
public sealed class ModerationJourneyTests(SkillSwapApp app)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_reported_message_becomes_a_case_a_moderator_decides_and_the_audit_log_shows_it()
    {
        var client = new MobileClient(app.Gateway);
        var (aliceToken, _) = await Journeys.SignedInAsync(app, client, "Alice");
        var (bobToken, bobId) = await Journeys.SignedInAsync(app, client, "Bob");
        var (staffToken, staffId, _) = await Journeys.SignedInWithEmailAsync(app, client, "Moderation", "en", SkillSwapApp.StaffEmail);
        var opened = await Journeys.EventuallyAsync(() => client.SendAsync(HttpMethod.Post, "/api/v1/conversations", aliceToken, new { userId = bobId }), HttpStatusCode.OK);
        var conversation = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var sent = await client.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{conversation}/messages", bobToken, new { clientMessageId = "m-1", text = "You are useless" });
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        var sequence = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sequence").GetInt64();

        var reported = await client.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{conversation}/messages/{sequence}/report", aliceToken, new { reason = "insults" });
        Assert.Equal(HttpStatusCode.Accepted, reported.StatusCode);

        JsonElement found = default;
        await Eventually.WaitUntilAsync(async () =>
        {
            var queue = await (await client.GetAsync("/api/v1/admin/cases?kind=chat-message&limit=200", staffToken)).ReadAsync<JsonElement>(HttpStatusCode.OK);
            found = queue.EnumerateArray().FirstOrDefault(c => c.GetProperty("subject").GetString() == $"{conversation}/{sequence}");
            return found.ValueKind == JsonValueKind.Object;
        }, Wait, () => "the report reaches the moderators' queue");
        Assert.Equal((bobId, 20), (found.GetProperty("reportedUserId").GetString(), found.GetProperty("priority").GetInt32()));
        var casePath = $"/api/v1/admin/cases/{found.GetProperty("id").GetString()}";

        // Members reach no staff route through the gateway.
        await (await client.GetAsync("/api/v1/admin/cases", bobToken)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await client.GetAsync("/api/v1/admin/audit", aliceToken)).AssertProblemAsync(HttpStatusCode.Forbidden);

        var detail = await (await client.GetAsync(casePath, staffToken)).ReadAsync<JsonElement>(HttpStatusCode.OK);
        Assert.Equal("You are useless", detail.GetProperty("reportedText").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Post, $"{casePath}/assignment", staffToken, new { })).StatusCode);
        var decided = await (await client.SendAsync(HttpMethod.Post, $"{casePath}/decision", staffToken, new { outcome = "dismiss", reason = "Rude but not abusive" }))
            .ReadAsync<JsonElement>(HttpStatusCode.OK);
        Assert.Equal(("decided", "dismissed"), (decided.GetProperty("status").GetString(), decided.GetProperty("outcome").GetString()));

        var audit = await (await client.GetAsync($"/api/v1/admin/audit?target=case:{found.GetProperty("id").GetString()}", staffToken)).ReadAsync<JsonElement>(HttpStatusCode.OK);
        Assert.Equal(["case.decided", "case.assigned"], audit.EnumerateArray().Select(e => e.GetProperty("action").GetString()));
        Assert.All(audit.EnumerateArray(), e => Assert.Equal(staffId, e.GetProperty("actorId").GetString()));
        var verification = await (await client.GetAsync("/api/v1/admin/audit/verification", staffToken)).ReadAsync<JsonElement>(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, verification.GetProperty("brokenAt").ValueKind);
    }
}
