using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SkillSwap.Testing;

namespace SkillSwap.EndToEnd.Tests;

/// <summary>
/// The whole journey through the real services: a learner books a teacher, the teacher accepts, the hour passes (the
/// Sessions service's clock is moved ahead; every other service keeps the real one), both confirm it took place, the
/// credits go to the teacher, both review each other — the reviews show only once both are written — the teacher's
/// rating reaches their profile's trust, and each hears of it in the open app and by email in their own language.
/// </summary>
[Collection(SkillSwapAppCollection.Name)]
public sealed class ReviewJourneyTests(SkillSwapApp app)
{
    [Fact]
    public async Task A_booked_session_ends_both_confirm_the_teacher_is_paid_both_review_and_each_is_told_in_their_language()
    {
        var client = new MobileClient(app.Gateway);
        var (teacherToken, teacherId, teacherEmail) = await Journeys.SignedInWithEmailAsync(app, client, "Tom", "fr");
        var (learnerToken, learnerId, learnerEmail) = await Journeys.SignedInWithEmailAsync(app, client, "Lea", "en");
        // Both have the app open: one realtime connection each, through the gateway.
        await using var teacherApp = await ChatAppClient.ConnectAsync(app.Gateway.BaseAddress!, teacherToken);
        await using var learnerApp = await ChatAppClient.ConnectAsync(app.Gateway.BaseAddress!, learnerToken);
        var teacherBalance = (await Journeys.WalletAsync(client, teacherToken, wallet => wallet.GetProperty("balanceMinutes").GetInt64() > 0)).GetProperty("balanceMinutes").GetInt64();
        var learnerBalance = (await Journeys.WalletAsync(client, learnerToken, wallet => wallet.GetProperty("balanceMinutes").GetInt64() > 0)).GetProperty("balanceMinutes").GetInt64();

        var start = Journeys.QuarterHourAfter(TimeSpan.FromMinutes(75));
        var sessionId = await Journeys.ConfirmedSessionAsync(client, learnerToken, teacherToken, teacherId, "Guitar", start, minutes: 60);
        var tooEarly = await client.SendAsync(HttpMethod.Post, $"/api/v1/sessions/{sessionId}/confirm-completion", learnerToken, new { });
        Assert.Equal(HttpStatusCode.Conflict, tooEarly.StatusCode);
        Assert.Contains("too-early", await tooEarly.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using (app.MoveSessionsClockAhead(start.AddMinutes(75) - DateTimeOffset.UtcNow))
        {
            var learnerConfirmed = await client.SendAsync(HttpMethod.Post, $"/api/v1/sessions/{sessionId}/confirm-completion", learnerToken, new { });
            Assert.Equal(HttpStatusCode.OK, learnerConfirmed.StatusCode);
            Assert.Equal("confirmed", (await learnerConfirmed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
            var teacherConfirmed = await client.SendAsync(HttpMethod.Post, $"/api/v1/sessions/{sessionId}/confirm-completion", teacherToken, new { });
            Assert.Equal(HttpStatusCode.OK, teacherConfirmed.StatusCode);
            Assert.Equal("completed", (await teacherConfirmed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        }
        // Payments released the learner's hold to the teacher.
        await Journeys.WalletAsync(client, teacherToken, wallet => wallet.GetProperty("balanceMinutes").GetInt64() == teacherBalance + 60);
        var paid = await Journeys.WalletAsync(client, learnerToken, wallet => wallet.GetProperty("heldMinutes").GetInt64() == 0);
        Assert.Equal(learnerBalance - 60, paid.GetProperty("balanceMinutes").GetInt64());

        var first = await Journeys.EventuallyAsync(() => client.SendAsync(HttpMethod.Post, "/api/v1/reviews", learnerToken,
            new { sessionId, revieweeId = teacherId, rating = 5, clarity = 5, text = "Patient and clear" }), HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var hidden = await (await client.GetAsync($"/api/v1/reviews/users/{teacherId}", teacherToken)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Empty(hidden.GetProperty("items").EnumerateArray());

        var second = await client.SendAsync(HttpMethod.Post, "/api/v1/reviews", teacherToken, new { sessionId, revieweeId = learnerId, rating = 4 });
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var shown = await (await client.GetAsync($"/api/v1/reviews/users/{teacherId}", learnerToken)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Patient and clear", Assert.Single(shown.GetProperty("items").EnumerateArray()).GetProperty("text").GetString());

        var trust = default(JsonElement);
        await Eventually.WaitUntilAsync(async () =>
        {
            var profile = await (await client.GetAsync("/api/v1/profiles/me", teacherToken)).Content.ReadFromJsonAsync<JsonElement>();
            trust = profile.GetProperty("trust");
            return trust.ValueKind == JsonValueKind.Object && trust.GetProperty("reviewCount").GetInt32() == 1;
        }, TimeSpan.FromSeconds(30), () => $"the teacher's profile shows the review in its trust: {trust}");
        Assert.Equal(1, trust.GetProperty("completedSessions").GetInt32());

        // Each hears of the review they received at once, in their inbox and on their open app.
        foreach (var (appClient, token) in new[] { (teacherApp, teacherToken), (learnerApp, learnerToken) })
        {
            await Eventually.WaitUntilAsync(() => Task.FromResult(appClient.Events("notification").Any(n => n.GetProperty("type").GetString() == "review.received")),
                TimeSpan.FromSeconds(30), "the review notification reaches the open app");
            var inbox = await (await client.GetAsync("/api/v1/notifications", token)).Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains(inbox.GetProperty("items").EnumerateArray(), item => item.GetProperty("type").GetString() == "review.received");
        }
        var pushed = teacherApp.Events("notification").First(n => n.GetProperty("type").GetString() == "review.received");
        Assert.Equal("Lea a donné son avis sur votre séance de Guitar.", pushed.GetProperty("payload").GetProperty("body").GetString());

        // And by email, through the real SMTP server, each in the language they signed up in.
        foreach (var (address, subject, body) in new[]
        {
            (teacherEmail, "Vous avez reçu un avis", "Lea a donné son avis sur votre séance de Guitar."),
            (learnerEmail, "You received a review", "Tom reviewed your Guitar session."),
        })
        {
            MimeKit.MimeMessage? email = null;
            await Eventually.WaitUntilAsync(() => Task.FromResult((email = app.EmailsTo(address).FirstOrDefault(mail => mail.Subject == subject)) is not null),
                TimeSpan.FromSeconds(30), $"the review email to {address}");
            Assert.Contains(body, email!.TextBody, StringComparison.Ordinal);
            Assert.Contains(body, email.HtmlBody, StringComparison.Ordinal);
        }
        Assert.Contains(app.EmailsTo(teacherEmail), mail => mail.Subject == "Confirmez votre adresse e-mail");
    }
}
