using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SkillSwap.Testing;

namespace SkillSwap.EndToEnd.Tests;

/// <summary>
/// Two people plan a session through the gateway as the app would: the learner asks, Payments holds the credits from
/// the welcome grant, the teacher accepts, the session is in both calendars, and a timely cancellation refunds the
/// learner in full.
/// </summary>
[Collection(SkillSwapAppCollection.Name)]
public sealed class BookingJourneyTests(SkillSwapApp app)
{
    [Fact]
    public async Task A_learner_books_a_teacher_pays_in_credits_and_gets_them_back_after_cancelling_in_time()
    {
        var client = new MobileClient(app.Gateway);
        var (teacherToken, teacherId) = await Journeys.SignedInAsync(app, client, "Tom");
        var (learnerToken, _) = await Journeys.SignedInAsync(app, client, "Lea");
        var grant = await Journeys.WalletAsync(client, learnerToken, wallet => wallet.GetProperty("balanceMinutes").GetInt64() > 0);
        var granted = grant.GetProperty("balanceMinutes").GetInt64();
        var start = DateTimeOffset.UtcNow.AddDays(3);
        start = new DateTimeOffset(start.Year, start.Month, start.Day, 17, 0, 0, TimeSpan.Zero);

        // Sessions learns of the teacher's account from the same event as the other services: retried while it is on its way.
        var requested = await Journeys.EventuallyAsync(() => client.SendAsync(HttpMethod.Post, "/api/v1/sessions", learnerToken, new
        {
            teacherId, skill = "Guitar", proposedStarts = new[] { start }, durationMinutes = 90, format = "online", message = "Beginner, own guitar.",
        }), HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.Created, requested.StatusCode);
        var sessionId = (await requested.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        await Journeys.SessionAsync(client, learnerToken, sessionId!, "requested");
        var held = await Journeys.WalletAsync(client, learnerToken, wallet => wallet.GetProperty("heldMinutes").GetInt64() == 90);
        Assert.Equal(granted - 90, held.GetProperty("balanceMinutes").GetInt64());
        await Journeys.WalletAsync(client, teacherToken, wallet => wallet.GetProperty("incomingMinutes").GetInt64() == 90);

        var accepted = await client.SendAsync(HttpMethod.Post, $"/api/v1/sessions/{sessionId}/accept", teacherToken, new { startsAt = start });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("confirmed", (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var calendar = await client.GetAsync("/api/v1/sessions/calendar.ics", learnerToken);
        Assert.Contains($"DTSTART:{start.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}", await calendar.Content.ReadAsStringAsync());

        var cancelled = await client.SendAsync(HttpMethod.Post, $"/api/v1/sessions/{sessionId}/cancel", learnerToken, new { });
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var refunded = await Journeys.WalletAsync(client, learnerToken, wallet => wallet.GetProperty("heldMinutes").GetInt64() == 0);
        Assert.Equal(granted, refunded.GetProperty("balanceMinutes").GetInt64());

        // The teacher's view of the learner's wallet does not exist: each reads only their own.
        var strangerEscrow = await client.GetAsync($"/api/v1/wallet/escrows/{Guid.NewGuid()}", teacherToken);
        Assert.Equal(HttpStatusCode.NotFound, strangerEscrow.StatusCode);
    }
}
