using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SkillSwap.Testing;

namespace SkillSwap.EndToEnd.Tests;

/// <summary>
/// The KPIs through the whole application: real sign-ups and a first message travel from Identity, Payments and Chat
/// through the broker's history queue to Administration, and staff read them through the gateway.
/// </summary>
[Collection(SkillSwapAppCollection.Name)]
public sealed class KpiJourneyTests(SkillSwapApp app)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Two_sign_ups_and_a_first_message_move_the_funnel_and_the_credits_and_a_rebuild_keeps_the_figures()
    {
        var client = new MobileClient(app.Gateway);
        var (staffToken, _, _) = await Journeys.StaffSignedInAsync(app, client);
        var before = await ReportAsync(client, staffToken);

        var (doraToken, _) = await Journeys.SignedInAsync(app, client, "Dora");
        var (_, emilId) = await Journeys.SignedInAsync(app, client, "Emil");
        var opened = await Journeys.EventuallyAsync(() => client.SendAsync(HttpMethod.Post, "/api/v1/conversations", doraToken, new { userId = emilId }), HttpStatusCode.OK);
        var conversation = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.Created,
            (await client.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{conversation}/messages", doraToken, new { clientMessageId = "kpi-1", text = "Hello Emil" })).StatusCode);

        JsonElement after = default;
        await Eventually.WaitUntilAsync(async () =>
        {
            after = await ReportAsync(client, staffToken);
            return Step(after, "registered") >= Step(before, "registered") + 2
                && Step(after, "verified") >= Step(before, "verified") + 2
                && Step(after, "first-message") >= Step(before, "first-message") + 1
                && Credits(after) >= Credits(before) + 2 * 180
                && after.GetProperty("active").GetProperty("today").GetInt32() >= 1;
        }, Wait, () => $"the sign-ups and the message reach the KPIs (funnel now {after.GetProperty("funnel")})");
        Assert.Equal((65.0, 40.0, 50.0), (after.GetProperty("targets").GetProperty("activationPercent").GetDouble(),
            after.GetProperty("targets").GetProperty("retentionPercent").GetDouble(), after.GetProperty("targets").GetProperty("nps").GetDouble()));
        // This week's cohort holds them, its rates not yet measurable.
        var thisWeek = after.GetProperty("cohorts").EnumerateArray().Last();
        Assert.True(thisWeek.GetProperty("members").GetInt32() >= 2);
        Assert.Equal(JsonValueKind.Null, thisWeek.GetProperty("activationPercent").ValueKind);

        // Members reach neither the figures nor the rebuild.
        await (await client.GetAsync("/api/v1/admin/kpis", doraToken)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await client.SendAsync(HttpMethod.Post, "/api/v1/admin/kpis/rebuilding", doraToken, new { reason = "Members cannot rebuild" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden);

        var rebuilt = await (await client.SendAsync(HttpMethod.Post, "/api/v1/admin/kpis/rebuilding", staffToken, new { reason = "End-to-end check of the rebuild" }))
            .ReadAsync<JsonElement>(HttpStatusCode.OK);
        Assert.True(rebuilt.GetProperty("factsReplayed").GetInt64() > 0);
        Assert.Equal(after.GetProperty("funnel").ToString(), rebuilt.GetProperty("report").GetProperty("funnel").ToString());
        Assert.Equal(Credits(after), Credits(rebuilt.GetProperty("report")));
    }

    private static async Task<JsonElement> ReportAsync(MobileClient client, string staffToken) =>
        await (await client.GetAsync("/api/v1/admin/kpis", staffToken)).ReadAsync<JsonElement>(HttpStatusCode.OK);

    private static int Step(JsonElement report, string step) =>
        report.GetProperty("funnel").EnumerateArray().Single(s => s.GetProperty("step").GetString() == step).GetProperty("members").GetInt32();

    private static long Credits(JsonElement report) => report.GetProperty("creditMinutesInCirculation").GetInt64();
}
