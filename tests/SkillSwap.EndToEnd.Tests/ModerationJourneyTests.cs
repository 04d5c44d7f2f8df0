using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.Testing;
using Microsoft.AspNetCore.SignalR.Client;
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
        var (staffToken, staffId, _) = await Journeys.StaffSignedInAsync(app, client);

        var (_, _, caseId) = await ReportedMessageCaseAsync(client, aliceToken, bobToken, bobId, staffToken, "You are useless");
        var casePath = $"/api/v1/admin/cases/{caseId}";

        // Members reach no staff route through the gateway.
        await (await client.GetAsync("/api/v1/admin/cases", bobToken)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await client.GetAsync("/api/v1/admin/audit", aliceToken)).AssertProblemAsync(HttpStatusCode.Forbidden);

        var detail = await (await client.GetAsync(casePath, staffToken)).ReadAsync<JsonElement>(HttpStatusCode.OK);
        Assert.Equal(("You are useless", bobId, 20),
            (detail.GetProperty("reportedText").GetString(), detail.GetProperty("reportedUserId").GetString(), detail.GetProperty("priority").GetInt32()));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Post, $"{casePath}/assignment", staffToken, new { })).StatusCode);
        var decided = await (await client.SendAsync(HttpMethod.Post, $"{casePath}/decision", staffToken, new { outcome = "dismiss", reason = "Rude but not abusive" }))
            .ReadAsync<JsonElement>(HttpStatusCode.OK);
        Assert.Equal(("decided", "dismissed"), (decided.GetProperty("status").GetString(), decided.GetProperty("outcome").GetString()));

        var audit = await (await client.GetAsync($"/api/v1/admin/audit?target=case:{caseId}", staffToken)).ReadAsync<JsonElement>(HttpStatusCode.OK);
        Assert.Equal(["case.decided", "case.assigned"], audit.EnumerateArray().Select(e => e.GetProperty("action").GetString()));
        Assert.All(audit.EnumerateArray(), e => Assert.Equal(staffId, e.GetProperty("actorId").GetString()));
        var verification = await (await client.GetAsync("/api/v1/admin/audit/verification", staffToken)).ReadAsync<JsonElement>(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, verification.GetProperty("brokenAt").ValueKind);
    }

    [Fact]
    public async Task A_message_moderators_remove_is_removed_for_the_whole_conversation_and_its_author_is_told_why()
    {
        var client = new MobileClient(app.Gateway);
        var (aliceToken, _) = await Journeys.SignedInAsync(app, client, "Alice");
        var (bobToken, bobId, bobEmail) = await Journeys.SignedInWithEmailAsync(app, client, "Bob", "en");
        var (staffToken, _, _) = await Journeys.StaffSignedInAsync(app, client);
        var (conversation, sequence, caseId) = await ReportedMessageCaseAsync(client, aliceToken, bobToken, bobId, staffToken, "Pay me outside the app, idiot");

        var decided = await (await client.SendAsync(HttpMethod.Post, $"/api/v1/admin/cases/{caseId}/decision", staffToken, new { outcome = "remove-content", reason = "Insults and off-platform payment" }))
            .ReadAsync<JsonElement>(HttpStatusCode.OK);
        Assert.Equal("content-removed", decided.GetProperty("outcome").GetString());

        foreach (var reader in new[] { aliceToken, bobToken })
        {
            JsonElement message = default;
            await Eventually.WaitUntilAsync(async () =>
            {
                var history = await (await client.GetAsync($"/api/v1/conversations/{conversation}/messages", reader)).ReadAsync<JsonElement>(HttpStatusCode.OK);
                message = history.GetProperty("items").EnumerateArray().Single(m => m.GetProperty("sequence").GetInt64() == sequence);
                return message.GetProperty("removedByModeration").GetBoolean();
            }, Wait, () => "the message shows as removed by moderation");
            Assert.Equal("", message.GetProperty("text").GetString());
        }
        var email = await EmailAsync(bobEmail, "SkillSwap's moderators removed something you wrote");
        Assert.Contains("(a chat message)", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("\"Insults and off-platform payment\"", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_suspended_member_contests_from_the_emails_link_without_signing_in_and_another_moderator_restores_the_account()
    {
        var client = new MobileClient(app.Gateway);
        var (aliceToken, _) = await Journeys.SignedInAsync(app, client, "Alice");
        var (bobToken, bobId, bobEmail) = await Journeys.SignedInWithEmailAsync(app, client, "Bob", "en");
        var (firstModerator, _, _) = await Journeys.StaffSignedInAsync(app, client);
        // The admin makes a colleague a moderator; the role comes with her next sign-in.
        var (_, secondModeratorId, secondModeratorEmail) = await Journeys.SignedInWithEmailAsync(app, client, "Mona", "en");
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(HttpMethod.Put, $"/api/v1/identity/users/{secondModeratorId}/role", firstModerator, new { role = "moderator" })).StatusCode);
        var (secondModerator, _) = await MobileClient.ReadTokensAsync(await client.LogInAsync(secondModeratorEmail));
        var (_, _, caseId) = await ReportedMessageCaseAsync(client, aliceToken, bobToken, bobId, firstModerator, "Lend me 50 euros, I will teach you later");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Post, $"/api/v1/admin/cases/{caseId}/decision", firstModerator,
            new { outcome = "suspend", reason = "Asking a member for money", days = 3 })).StatusCode);

        var email = await EmailAsync(bobEmail, "Your SkillSwap account is suspended");
        var link = System.Text.RegularExpressions.Regex.Match(email.TextBody ?? "", @"Contest this decision: \S+/appeal\?token=([A-Za-z0-9_-]+)");
        Assert.True(link.Success, email.TextBody);
        await Journeys.EventuallyAsync(() => client.LogInAsync(bobEmail), HttpStatusCode.Forbidden);
        var appealed = await client.AppealAsync(link.Groups[1].Value, "It was a joke between friends; we settled it in the chat.");
        Assert.Equal(HttpStatusCode.Accepted, appealed.StatusCode);

        var reopened = await (await client.GetAsync($"/api/v1/admin/cases/{caseId}", secondModerator)).ReadAsync<JsonElement>(HttpStatusCode.OK);
        Assert.Equal(("open", "It was a joke between friends; we settled it in the chat."),
            (reopened.GetProperty("status").GetString(), reopened.GetProperty("appeal").GetProperty("text").GetString()));
        await (await client.SendAsync(HttpMethod.Post, $"/api/v1/admin/cases/{caseId}/decision", firstModerator, new { outcome = "dismiss", reason = "Fine, a joke after all" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "decided-before");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Post, $"/api/v1/admin/cases/{caseId}/decision", secondModerator,
            new { outcome = "dismiss", reason = "A joke between friends, settled between them" })).StatusCode);

        var signedIn = await Journeys.EventuallyAsync(() => client.LogInAsync(bobEmail), HttpStatusCode.OK);
        var (freshToken, _) = await MobileClient.ReadTokensAsync(signedIn);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/conversations", freshToken)).StatusCode);
        var lifted = (await (await client.GetAsync($"/api/v1/admin/audit?target=user:{bobId}", secondModerator)).ReadAsync<JsonElement>(HttpStatusCode.OK)).EnumerateArray().First();
        Assert.Equal(("sanction.lifted", secondModeratorId), (lifted.GetProperty("action").GetString(), lifted.GetProperty("actorId").GetString()));
        await (await client.AppealAsync(link.Groups[1].Value, "And once more, since it worked so well.")).AssertProblemAsync(HttpStatusCode.Conflict, "already-appealed");
    }

    /// <summary>Bob writes <paramref name="text"/> to Alice, she reports it, and the moderators' queue has its case.</summary>
    private static async Task<(string Conversation, long Sequence, string CaseId)> ReportedMessageCaseAsync(
        MobileClient client, string aliceToken, string bobToken, string bobId, string staffToken, string text)
    {
        var opened = await Journeys.EventuallyAsync(() => client.SendAsync(HttpMethod.Post, "/api/v1/conversations", aliceToken, new { userId = bobId }), HttpStatusCode.OK);
        var conversation = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var sent = await (await client.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{conversation}/messages", bobToken, new { clientMessageId = "m-1", text }))
            .ReadAsync<JsonElement>(HttpStatusCode.Created);
        var sequence = sent.GetProperty("sequence").GetInt64();
        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{conversation}/messages/{sequence}/report", aliceToken, new { reason = "abuse" })).StatusCode);
        string? caseId = null;
        await Eventually.WaitUntilAsync(async () =>
        {
            var queue = await (await client.GetAsync("/api/v1/admin/cases?kind=chat-message&limit=200", staffToken)).ReadAsync<JsonElement>(HttpStatusCode.OK);
            caseId = queue.EnumerateArray().FirstOrDefault(c => c.GetProperty("subject").GetString() == $"{conversation}/{sequence}") is { ValueKind: JsonValueKind.Object } found
                ? found.GetProperty("id").GetString() : null;
            return caseId is not null;
        }, Wait, () => "the report reaches the moderators' queue");
        return (conversation, sequence, caseId!);
    }

    private async Task<MimeKit.MimeMessage> EmailAsync(string address, string subject)
    {
        MimeKit.MimeMessage? email = null;
        await Eventually.WaitUntilAsync(() => Task.FromResult((email = app.EmailsTo(address).FirstOrDefault(mail => mail.Subject == subject)) is not null),
            Wait, () => $"the email \"{subject}\" to {address}");
        return email!;
    }

    /// <summary>The issue's must-show: a suspension reaches every service within 5 s, and lifting it restores everything.</summary>
    [Fact]
    public async Task A_moderator_suspends_a_reported_sender_who_loses_access_everywhere_within_seconds_until_the_suspension_is_lifted()
    {
        var client = new MobileClient(app.Gateway);
        var (aliceToken, _) = await Journeys.SignedInAsync(app, client, "Alice");
        var (bobToken, bobId, bobEmail) = await Journeys.SignedInWithEmailAsync(app, client, "Bob", "en");
        var (staffToken, staffId, _) = await Journeys.StaffSignedInAsync(app, client);
        // Bob teaches something only he offers, so a search for it finds him alone.
        var skill = "zither" + new string([.. Guid.NewGuid().ToString("N").Where(char.IsLetter).Take(8)]);
        await MakePublicTeacherAsync(client, bobToken, skill);
        await Journeys.EventuallyAsync(() => SearchAsync(client, aliceToken, skill, bobId, expectFound: true), HttpStatusCode.OK);
        await using var bobHub = await ChatAppClient.ConnectAsync(app.Gateway.BaseAddress!, bobToken);

        var (_, _, caseId) = await ReportedMessageCaseAsync(client, aliceToken, bobToken, bobId, staffToken, "Send me your bank details or else");
        // A service reached from inside the cluster, not through the gateway, accepts Bob's token until the decision.
        using var sessionsInside = app.App.CreateHttpClient("sessions");
        Assert.Equal(HttpStatusCode.OK, await InsideStatusAsync(sessionsInside, bobToken));

        var decided = await (await client.SendAsync(HttpMethod.Post, $"/api/v1/admin/cases/{caseId}/decision", staffToken,
            new { outcome = "suspend", reason = "Threatening another member", days = 7 })).ReadAsync<JsonElement>(HttpStatusCode.OK);
        var clock = Stopwatch.StartNew();
        Assert.Equal("suspended", decided.GetProperty("outcome").GetString());

        // Within 5 s of the decision: the token Bob still holds is refused at the gateway, his realtime connection is
        // closed, sign-in says why and until when, and nobody finds him.
        var untilSeen = DateTimeOffset.MinValue;
        await WithinAsync(clock, async () => (await client.GetAsync("/api/v1/profiles/me", bobToken)).StatusCode == HttpStatusCode.Unauthorized, "the gateway refuses Bob's token");
        await WithinAsync(clock, async () => await InsideStatusAsync(sessionsInside, bobToken) == HttpStatusCode.Unauthorized, "Sessions itself refuses Bob's token");
        await (await client.GetAsync("/api/v1/conversations", bobToken)).AssertProblemAsync(HttpStatusCode.Unauthorized, "account-suspended");
        await bobHub.Closed.WaitAsync(Remaining(clock));
        await WithinAsync(clock, async () =>
        {
            var signIn = await client.LogInAsync(bobEmail);
            if (signIn.StatusCode != HttpStatusCode.Forbidden)
            {
                return false;
            }
            untilSeen = (await signIn.AssertProblemAsync(HttpStatusCode.Forbidden, "account-suspended")).GetProperty("until").GetDateTimeOffset();
            return true;
        }, "sign-in answers account-suspended");
        await WithinAsync(clock, async () => (await SearchAsync(client, aliceToken, skill, bobId, expectFound: false)).StatusCode == HttpStatusCode.OK, "search no longer finds Bob");
        Assert.InRange(untilSeen, DateTimeOffset.UtcNow.AddDays(7).AddMinutes(-2), DateTimeOffset.UtcNow.AddDays(7));
        await Assert.ThrowsAnyAsync<Exception>(() => ChatAppClient.ConnectAsync(app.Gateway.BaseAddress!, bobToken));

        var audit = await (await client.GetAsync($"/api/v1/admin/audit?target=user:{bobId}", staffToken)).ReadAsync<JsonElement>(HttpStatusCode.OK);
        var imposed = Assert.Single(audit.EnumerateArray());
        Assert.Equal(("sanction.imposed", staffId, "Threatening another member"),
            (imposed.GetProperty("action").GetString(), imposed.GetProperty("actorId").GetString(), imposed.GetProperty("reason").GetString()));

        // Lifting restores everything: sign-in, a token that works, a realtime connection, search.
        var sanctions = await (await client.GetAsync($"/api/v1/admin/sanctions?userId={bobId}&inForce=true", staffToken)).ReadAsync<JsonElement>(HttpStatusCode.OK);
        var sanctionId = Assert.Single(sanctions.EnumerateArray()).GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Post, $"/api/v1/admin/sanctions/{sanctionId}/lifting", staffToken,
            new { reason = "Appeal accepted: the threat was a quote" })).StatusCode);
        clock.Restart();
        var signedIn = await Journeys.EventuallyAsync(() => client.LogInAsync(bobEmail), HttpStatusCode.OK);
        var (freshToken, _) = await MobileClient.ReadTokensAsync(signedIn);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/conversations", freshToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, await InsideStatusAsync(sessionsInside, freshToken));
        await using var freshHub = await ChatAppClient.ConnectAsync(app.Gateway.BaseAddress!, freshToken);
        Assert.Equal(HubConnectionState.Connected, freshHub.Connection.State);
        await WithinAsync(clock, async () => (await SearchAsync(client, aliceToken, skill, bobId, expectFound: true)).StatusCode == HttpStatusCode.OK, "search finds Bob again");
        Assert.Equal(["sanction.lifted", "sanction.imposed"],
            (await (await client.GetAsync($"/api/v1/admin/audit?target=user:{bobId}", staffToken)).ReadAsync<JsonElement>(HttpStatusCode.OK))
                .EnumerateArray().Select(e => e.GetProperty("action").GetString()));
    }

    /// <summary>How Sessions answers a request sent to it directly, as another service inside the cluster would.</summary>
    private static async Task<HttpStatusCode> InsideStatusAsync(HttpClient service, string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/sessions");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await service.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task A_reported_profile_reaches_the_queue_and_supports_look_up_of_that_person_is_in_the_audit_log()
    {
        var client = new MobileClient(app.Gateway);
        var (aliceToken, _) = await Journeys.SignedInAsync(app, client, "Alice");
        var (carlToken, carlId, carlEmail) = await Journeys.SignedInWithEmailAsync(app, client, "Carl", "en");
        var (staffToken, staffId, _) = await Journeys.StaffSignedInAsync(app, client);
        await MakePublicTeacherAsync(client, carlToken, "zither" + new string([.. Guid.NewGuid().ToString("N").Where(char.IsLetter).Take(8)]));

        var reported = await (await client.SendAsync(HttpMethod.Post, $"/api/v1/profiles/{carlId}/report", aliceToken, new { reason = "Fake teacher asking for money" }))
            .ReadAsync<JsonElement>(HttpStatusCode.Accepted);
        Assert.NotEqual(Guid.Empty, reported.GetProperty("reportId").GetGuid());
        JsonElement found = default;
        await Eventually.WaitUntilAsync(async () =>
        {
            var queue = await (await client.GetAsync("/api/v1/admin/cases?kind=profile&limit=200", staffToken)).ReadAsync<JsonElement>(HttpStatusCode.OK);
            found = queue.EnumerateArray().FirstOrDefault(c => c.GetProperty("subject").GetString() == carlId);
            return found.ValueKind == JsonValueKind.Object;
        }, Wait, () => "the profile report reaches the moderators' queue");
        Assert.Equal(15, found.GetProperty("priority").GetInt32());

        // The staff member (an admin, so also support) looks Carl up in Identity; Administration's audit log records it.
        var view = await (await client.SendAsync(HttpMethod.Post, "/api/v1/identity/support/accounts/look-ups", staffToken,
            new { email = carlEmail, reason = "Checking a reported profile" })).ReadAsync<JsonElement>(HttpStatusCode.OK);
        Assert.True(view.GetProperty("emailVerified").GetBoolean());
        await (await client.SendAsync(HttpMethod.Post, "/api/v1/identity/support/accounts/look-ups", aliceToken,
            new { email = carlEmail, reason = "Just curious about him" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await Eventually.WaitUntilAsync(async () =>
        {
            var audit = await (await client.GetAsync($"/api/v1/admin/audit?target=user:{carlId}", staffToken)).ReadAsync<JsonElement>(HttpStatusCode.OK);
            return audit.EnumerateArray().Any(e => e.GetProperty("action").GetString() == "support.look-up"
                && e.GetProperty("actorId").GetString() == staffId && e.GetProperty("reason").GetString() == "Checking a reported profile");
        }, Wait, () => "the look-up is in the audit log");
    }

    private static readonly TimeSpan Promptly = TimeSpan.FromSeconds(5);

    private static TimeSpan Remaining(Stopwatch clock) => Promptly - clock.Elapsed is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero;

    private static Task WithinAsync(Stopwatch clock, Func<Task<bool>> condition, string what) =>
        Eventually.WaitUntilAsync(condition, Remaining(clock), () => $"{what} within {Promptly.TotalSeconds} s of the decision");

    private static async Task MakePublicTeacherAsync(MobileClient client, string accessToken, string skill)
    {
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Put, "/api/v1/profiles/me", accessToken, new
        {
            displayName = "Bob",
            bio = "I teach an unusual instrument.",
            locale = "en",
            languages = new List<string> { "en" },
            timeZone = "Europe/Paris",
            roles = new List<string> { "teacher" },
            visibility = "public",
            availability = new[] { new { day = "tuesday", start = "18:00", end = "22:00" } },
            sessionFormats = new List<string> { "online" },
            version = 1,
        })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Put, "/api/v1/profiles/me/skills", accessToken, new
        {
            offered = new[] { new { skill, level = 4 } },
            wanted = Array.Empty<object>(),
            version = 2,
        })).StatusCode);
    }

    /// <summary>200 when a search for <paramref name="skill"/> finds <paramref name="userId"/> exactly as <paramref name="expectFound"/> says; 204 otherwise.</summary>
    private static async Task<HttpResponseMessage> SearchAsync(MobileClient client, string accessToken, string skill, string userId, bool expectFound)
    {
        var response = await client.GetAsync($"/api/v1/profiles/search?q={skill}&limit=20", accessToken);
        var items = (await response.ReadAsync<JsonElement>(HttpStatusCode.OK)).GetProperty("items");
        var found = items.EnumerateArray().Any(item => item.GetProperty("userId").GetString() == userId);
        return new HttpResponseMessage(found == expectFound ? HttpStatusCode.OK : HttpStatusCode.NoContent);
    }
}
