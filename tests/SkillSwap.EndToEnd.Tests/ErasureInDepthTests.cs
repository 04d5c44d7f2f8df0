using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SkillSwap.IntegrationEvents;
using SkillSwap.Testing;

namespace SkillSwap.EndToEnd.Tests;

/// <summary>
/// The right to erasure for someone who used everything: a public profile with skills, a conversation, a one-to-one
/// and a group session behind her (completed through Sessions, its clock moved past their end) and two ahead (credits
/// held), reviews given and received, notifications, a phone, preferences and a calendar feed. After the saga, every
/// service is looked at from the outside — her refused access, and the views of the teacher she met — and nothing
/// there names her: not her id, her name or her address.
/// </summary>
[Collection(SkillSwapAppCollection.Name)]
public sealed class ErasureInDepthTests(SkillSwapApp app)
{
    private const string Name = "Erinquist";
    private const int Minutes = 30;

    [Fact]
    public async Task Erasing_someone_with_data_in_every_service_leaves_nothing_that_names_her()
    {
        var client = new MobileClient(app.Gateway);
        var (erin, erinId, erinEmail) = await Journeys.SignedInWithEmailAsync(app, client, Name, "en");
        var (otto, ottoId) = await Journeys.SignedInAsync(app, client, "Otto");
        var ottoGranted = (await Journeys.WalletAsync(client, otto, wallet => wallet.GetProperty("balanceMinutes").GetInt64() > 0)).GetProperty("balanceMinutes").GetInt64();

        await DescribeHerselfAsync(client, erin);
        var conversation = await TalkAsync(client, erin, otto, ottoId);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Put, "/api/v1/notifications/devices", erin,
            new { token = "ExponentPushToken[erinquist-phone]", platform = "ios" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Put, "/api/v1/notifications/preferences", erin,
            new { categories = new { messages = new { email = true, push = false } } })).StatusCode);

        // Behind her: a one-to-one and a group seat with Otto, both completed once the hour has passed, and reviews both ways.
        var start = Journeys.QuarterHourAfter(TimeSpan.FromMinutes(75));
        var pastOneToOne = await Journeys.ConfirmedSessionAsync(client, erin, otto, ottoId, "Chess", start, Minutes);
        var pastGroup = await GroupSeatAsync(client, otto, erin, erinId, start.AddMinutes(45));
        using (app.MoveSessionsClockAhead(start.AddMinutes(90) - DateTimeOffset.UtcNow))
        {
            foreach (var session in new[] { pastOneToOne, pastGroup })
            {
                foreach (var token in new[] { erin, otto })
                {
                    Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Post, $"/api/v1/sessions/{session}/confirm-completion", token, new { })).StatusCode);
                }
                await Journeys.SessionAsync(client, otto, session, "completed");
            }
        }
        Assert.Equal(HttpStatusCode.Created, (await Journeys.EventuallyAsync(() => client.SendAsync(HttpMethod.Post, "/api/v1/reviews", erin,
            new { sessionId = pastOneToOne, revieweeId = ottoId, rating = 5, text = $"{Name} says: a patient teacher" }), HttpStatusCode.Created)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(HttpMethod.Post, "/api/v1/reviews", otto,
            new { sessionId = pastOneToOne, revieweeId = erinId, rating = 4, text = "A quick learner" })).StatusCode);

        // Ahead of her: a one-to-one and a seat in Otto's next group, their credits held, and a calendar feed showing them.
        var upcomingOneToOne = await Journeys.ConfirmedSessionAsync(client, erin, otto, ottoId, "Chess", start.AddDays(1), Minutes);
        var upcomingGroup = await GroupSeatAsync(client, otto, erin, erinId, start.AddDays(2));
        await Journeys.WalletAsync(client, erin, wallet => wallet.GetProperty("heldMinutes").GetInt64() == 2 * Minutes);
        await Journeys.WalletAsync(client, otto, wallet => wallet.GetProperty("incomingMinutes").GetInt64() == 2 * Minutes
            && wallet.GetProperty("balanceMinutes").GetInt64() == ottoGranted + 2 * Minutes);
        var feed = await client.SendAsync(HttpMethod.Post, "/api/v1/sessions/calendar-feed", erin, new { });
        Assert.Equal(HttpStatusCode.Created, feed.StatusCode);
        var feedUrl = (await feed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
        Assert.Equal(4, CountEvents(await (await client.GetAsync(feedUrl, accessToken: null)).Content.ReadAsStringAsync()));

        // Before: Otto's world names her, so the checks after are not blind.
        var before = await OttoSeesAsync(client, otto, ottoId, conversation, [pastOneToOne, pastGroup, upcomingOneToOne, upcomingGroup]);
        Assert.Contains(erinId, before, StringComparison.Ordinal);
        Assert.Contains(Name, before, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/profiles/{erinId}", otto)).StatusCode);
        await SearchFindsHerAsync(client, otto, erinId, expected: true);

        await using var events = await IntegrationEventProbe.StartAsync(await app.ConnectionStringAsync("eventbus"), nameof(UserDataErased), nameof(UserErased));
        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(HttpMethod.Delete, "/api/v1/identity/me", erin, new { password = MobileClient.Password })).StatusCode);
        foreach (var service in new[] { "profiles", "sessions", "payments", "chat", "reviews", "notifications", "administration" })
        {
            await events.WaitForAsync<UserDataErased>(e => e.UserId == Guid.Parse(erinId) && e.Service == service, TimeSpan.FromSeconds(60));
        }
        await events.WaitForAsync<UserErased>(e => e.UserId == Guid.Parse(erinId), TimeSpan.FromSeconds(60));

        // Her own access: the account is gone, every service refuses or has nothing, the feed no longer answers.
        Assert.Equal("completed", (await (await client.GetAsync("/api/v1/identity/me/erasure", erin)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.LogInAsync(erinEmail)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/profiles/me", erin)).StatusCode);
        foreach (var path in new[] { "/api/v1/sessions", "/api/v1/conversations", "/api/v1/reviews/mine", "/api/v1/notifications/devices" })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(path, erin)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(feedUrl, accessToken: null)).StatusCode);

        // Otto's view of each service.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/profiles/{erinId}", otto)).StatusCode);
        await SearchFindsHerAsync(client, otto, erinId, expected: false);
        var messages = (await (await client.GetAsync($"/api/v1/conversations/{conversation}/messages", otto)).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, messages.Count);
        Assert.Equal(("Hi! See you at the board.", false), (messages[0].GetProperty("text").GetString(), messages[0].GetProperty("deleted").GetBoolean()));
        Assert.Equal(("", true), (messages[1].GetProperty("text").GetString(), messages[1].GetProperty("deleted").GetBoolean()));
        var closed = await client.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{conversation}/messages", otto, new { clientMessageId = "o-2", text = "Still there?" });
        Assert.Equal(HttpStatusCode.Conflict, closed.StatusCode);

        await Journeys.SessionAsync(client, otto, upcomingOneToOne, "cancelled");
        Assert.Equal("confirmed", (await Journeys.SessionAsync(client, otto, upcomingGroup, "confirmed")).GetProperty("status").GetString());
        Assert.Equal(["cancelled"], await LearnerSeatsAsync(client, otto, upcomingGroup));
        Assert.Equal(["completed"], await LearnerSeatsAsync(client, otto, pastGroup));
        // The refunds of what she had booked, the credits she paid stay Otto's.
        await Journeys.WalletAsync(client, otto, wallet => wallet.GetProperty("incomingMinutes").GetInt64() == 0
            && wallet.GetProperty("balanceMinutes").GetInt64() == ottoGranted + 2 * Minutes);

        var received = (await (await client.GetAsync($"/api/v1/reviews/users/{ottoId}", otto)).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("items").EnumerateArray().Single();
        Assert.Equal((5, JsonValueKind.Null, JsonValueKind.Null),
            (received.GetProperty("rating").GetInt32(), received.GetProperty("authorId").ValueKind, received.GetProperty("text").ValueKind));
        var aboutHer = await (await client.GetAsync($"/api/v1/reviews/users/{erinId}", otto)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Empty(aboutHer.GetProperty("items").EnumerateArray());

        // Otto's inbox is written again without her name, then nothing anywhere in his views names her. The direct
        // conversation's id is made of both members' ids (one conversation per pair); it is the only trace left and is
        // a key nothing resolves any more: every service has dropped or replaced her id.
        var after = string.Empty;
        await Eventually.WaitUntilAsync(async () =>
        {
            after = await OttoSeesAsync(client, otto, ottoId, conversation, [pastOneToOne, pastGroup, upcomingOneToOne, upcomingGroup]);
            return !after.Contains(Name, StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(30), () => $"Otto's views still name her: {after}");
        Assert.Contains("A member", after, StringComparison.Ordinal);
        foreach (var trace in new[] { erinId, Guid.Parse(erinId).ToString("N"), erinEmail, Name })
        {
            Assert.DoesNotContain(trace, after, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static async Task DescribeHerselfAsync(MobileClient client, string erin)
    {
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Put, "/api/v1/profiles/me", erin, new
        {
            displayName = Name,
            bio = $"{Name} plays chess in Lyon.",
            locale = "en",
            languages = new List<string> { "en", "fr" },
            timeZone = "Europe/Paris",
            roles = new List<string> { "learner", "teacher" },
            visibility = "public",
            version = 1,
        })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Put, "/api/v1/profiles/me/skills", erin, new
        {
            offered = new[] { new { skill = "chess", level = 4 } },
            wanted = new[] { new { skill = "guitar", targetLevel = 2 } },
            version = 2,
        })).StatusCode);
    }

    /// <summary>Erin writes first, Otto answers; returns the conversation's id.</summary>
    private static async Task<string> TalkAsync(MobileClient client, string erin, string otto, string ottoId)
    {
        var opened = await Journeys.EventuallyAsync(() => client.SendAsync(HttpMethod.Post, "/api/v1/conversations", erin, new { userId = ottoId }), HttpStatusCode.OK);
        var conversation = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{conversation}/messages", erin,
            new { clientMessageId = "e-1", text = $"Hello Otto, {Name} here: chess on Tuesday?" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{conversation}/messages", otto,
            new { clientMessageId = "o-1", text = "Hi! See you at the board." })).StatusCode);
        return conversation;
    }

    /// <summary>Otto opens a group at <paramref name="startsAt"/> and Erin takes a seat Payments has paid for; returns the group's id.</summary>
    private static async Task<string> GroupSeatAsync(MobileClient client, string otto, string erin, string erinId, DateTimeOffset startsAt)
    {
        var created = await client.SendAsync(HttpMethod.Post, "/api/v1/sessions/groups", otto,
            new { skill = "Chess", startsAt, durationMinutes = Minutes, capacity = 4, format = "online" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var groupId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Post, $"/api/v1/sessions/{groupId}/seats", erin, new { })).StatusCode);
        await Eventually.WaitUntilAsync(async () =>
        {
            var group = await (await client.GetAsync($"/api/v1/sessions/{groupId}", otto)).Content.ReadFromJsonAsync<JsonElement>();
            return group.GetProperty("participants").EnumerateArray()
                .Any(participant => participant.GetProperty("userId").GetString() == erinId && participant.GetProperty("seatStatus").GetString() == "held");
        }, TimeSpan.FromSeconds(30), "Payments holds the credits of Erin's seat");
        return groupId;
    }

    private static async Task<string[]> LearnerSeatsAsync(MobileClient client, string teacher, string sessionId)
    {
        var session = await (await client.GetAsync($"/api/v1/sessions/{sessionId}", teacher)).Content.ReadFromJsonAsync<JsonElement>();
        return [.. session.GetProperty("participants").EnumerateArray()
            .Where(participant => participant.GetProperty("role").GetString() == "learner")
            .Select(participant => participant.GetProperty("seatStatus").GetString()!)];
    }

    private static async Task SearchFindsHerAsync(MobileClient client, string otto, string erinId, bool expected)
    {
        var hits = default(JsonElement);
        await Eventually.WaitUntilAsync(async () =>
        {
            hits = await (await client.GetAsync($"/api/v1/profiles/search?q={Name}&limit=10", otto)).Content.ReadFromJsonAsync<JsonElement>();
            return hits.GetProperty("items").EnumerateArray().Any(hit => hit.GetProperty("userId").GetString() == erinId) == expected;
        }, TimeSpan.FromSeconds(30), () => $"search for her name {(expected ? "finds" : "still finds")} her: {hits}");
    }

    /// <summary>Everything Otto's app can read that she could appear in, as one text (the pair's conversation id taken out).</summary>
    private static async Task<string> OttoSeesAsync(MobileClient client, string otto, string ottoId, string conversation, string[] sessions)
    {
        var paths = new List<string>
        {
            "/api/v1/profiles/me", "/api/v1/sessions?limit=50", "/api/v1/sessions/calendar.ics", "/api/v1/conversations",
            $"/api/v1/conversations/{conversation}/messages", $"/api/v1/reviews/users/{ottoId}", "/api/v1/reviews/mine",
            "/api/v1/notifications", "/api/v1/wallet", "/api/v1/wallet/statement",
        };
        paths.AddRange(sessions.Select(session => $"/api/v1/sessions/{session}"));
        var seen = new System.Text.StringBuilder();
        foreach (var path in paths)
        {
            var response = await client.GetAsync(path, otto);
            Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}");
            seen.AppendLine(await response.Content.ReadAsStringAsync());
        }
        return seen.Replace(conversation, "(the pair's conversation)").ToString();
    }

    private static int CountEvents(string calendar) =>
        calendar.Split('\n').Count(line => line.TrimEnd('\r') == "BEGIN:VEVENT");
}
