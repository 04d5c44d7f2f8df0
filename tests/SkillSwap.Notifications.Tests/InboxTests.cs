using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SkillSwap.IntegrationEvents;
using SkillSwap.Testing;

namespace SkillSwap.Notifications.Tests;

[Collection(NotificationsCollection.Name)]
public sealed class InboxTests(NotificationsApp app)
{
    [Fact]
    public async Task A_session_journey_reaches_each_person_in_their_language_and_in_real_time()
    {
        var teacher = await app.RegisterAsync("Théo", "fr-FR");
        var learner = await app.RegisterAsync("Lea", "en");
        var session = Guid.CreateVersion7();
        var booking = Guid.CreateVersion7();
        var sessionRequested = new SessionRequested(session, booking, learner, teacher, 60, "Guitare");
        await app.PublishAsync(sessionRequested);
        // Only once the credits are held is the request the teacher's business.
        await app.WaitUntilHandledAsync(sessionRequested);
        Assert.Empty((await app.InboxAsync(teacher)).Items);
        await app.PublishAsync(new CreditsHeld(booking, session, learner, 60));

        var requested = Assert.Single((await app.WaitForInboxAsync(teacher, 1)).Items);
        Assert.Equal(("session.requested", "Nouvelle demande de séance", "Lea souhaite une séance de Guitare avec vous."), (requested.Type, requested.Title, requested.Body));
        Assert.Equal(session.ToString(), requested.Data["sessionId"]);
        var pushed = await app.Probe.WaitForAsync<RealtimeNotificationRequested>(push => push.UserId == teacher);
        Assert.Equal("session.requested", pushed.Type);
        Assert.Equal("Nouvelle demande de séance", JsonDocument.Parse(pushed.Payload).RootElement.GetProperty("title").GetString());

        var start = new DateTimeOffset(2026, 12, 3, 17, 0, 0, TimeSpan.Zero);
        await app.PublishAsync(new SessionConfirmed(session, teacher, [learner], "Guitare", start, start.AddHours(1)));
        var accepted = Assert.Single((await app.WaitForInboxAsync(learner, 1)).Items);
        Assert.Equal("Théo accepted your Guitare session on Thursday 3 December at 17:00.", accepted.Body);

        await app.PublishAsync(new SessionReminderDue(session, teacher, [learner], "Guitare", start, TimeSpan.FromHours(24)));
        await app.PublishAsync(new SessionCancelled(session, learner, teacher, [learner], "Guitare", start, Late: false));
        var teacherInbox = await app.WaitForInboxAsync(teacher, 3);
        Assert.Equal(["session.cancelled", "session.reminder", "session.requested"], teacherInbox.Items.Select(item => item.Type).Order());
        Assert.Contains(teacherInbox.Items, item => item.Body == "Lea a annulé la séance de Guitare.");
        Assert.Contains((await app.WaitForInboxAsync(learner, 2)).Items, item => item.Type == "session.reminder" && item.Body.Contains("Thursday 3 December", StringComparison.Ordinal));
        Assert.DoesNotContain((await app.InboxAsync(learner)).Items, item => item.Type == "session.cancelled"); // she cancelled it herself
    }

    [Fact]
    public async Task Unread_counts_follow_marking_read_and_nobody_touches_anothers_inbox()
    {
        var reviewee = await app.RegisterAsync("Ana", "en");
        var author = await app.RegisterAsync("Ben", "en");
        for (var i = 0; i < 3; i++)
        {
            await app.PublishAsync(new ReviewRevealed(Guid.CreateVersion7(), Guid.CreateVersion7(), author, reviewee, 5, "Chess"));
        }
        var inbox = await app.WaitForInboxAsync(reviewee, 3);
        Assert.All(inbox.Items, item => Assert.Equal("Ben reviewed your Chess session.", item.Body));
        using var http = app.ClientFor(reviewee);
        Assert.Equal(3, (await http.GetFromJsonAsync<JsonElement>("/api/v1/notifications/unread-count")).GetProperty("unread").GetInt32());

        using var stranger = app.ClientFor(author);
        await (await stranger.PostAsync($"/api/v1/notifications/{inbox.Items[0].Id}/read", null)).AssertProblemAsync(HttpStatusCode.NotFound, "notification-not-found");
        Assert.Empty((await app.InboxAsync(author)).Items);

        Assert.True((await (await http.PostAsync($"/api/v1/notifications/{inbox.Items[0].Id}/read", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("read").GetBoolean());
        Assert.Equal(2, (await http.GetFromJsonAsync<JsonElement>("/api/v1/notifications/unread-count")).GetProperty("unread").GetInt32());
        Assert.Equal(0, (await (await http.PostAsync("/api/v1/notifications/read-all", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("unread").GetInt32());

        var firstPage = await app.InboxAsync(reviewee, "?limit=2");
        Assert.Equal(2, firstPage.Items.Count);
        var secondPage = await app.InboxAsync(reviewee, $"?limit=2&cursor={firstPage.NextCursor}");
        Assert.Single(secondPage.Items);
        Assert.Null(secondPage.NextCursor);
    }

    [Fact]
    public async Task A_category_turned_off_in_app_brings_nothing_and_bad_switches_are_refused()
    {
        var user = await app.RegisterAsync("Cleo", "en");
        using var http = app.ClientFor(user);
        var set = await http.PutAsJsonAsync("/api/v1/notifications/preferences",
            new { categories = new Dictionary<string, Dictionary<string, bool>> { ["reviews"] = new() { ["inApp"] = false, ["email"] = false } } });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var preferences = await set.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(preferences.GetProperty("categories").GetProperty("reviews").GetProperty("inApp").GetBoolean());
        Assert.True(preferences.GetProperty("categories").GetProperty("sessions").GetProperty("inApp").GetBoolean());

        await app.PublishAsync(new ReviewRevealed(Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), user, 4, "Chess"));
        await app.PublishAsync(new SessionDeclined(Guid.CreateVersion7(), Guid.CreateVersion7(), user, "Chess"));
        var inbox = await app.WaitForInboxAsync(user, 1);
        Assert.Equal("session.declined", Assert.Single(inbox.Items).Type);

        foreach (var body in new[]
        {
            """{"categories":{"gossip":{"inApp":false}}}""", """{"categories":{"reviews":{"pigeon":false}}}""", """{"categories":{"reviews":{"email":"no"}}}""",
            """{"categories":{"0":{"email":false}}}""", """{"categories":{"reviews":null}}""", """{}""", "not json",
        })
        {
            var response = await http.PutAsync("/api/v1/notifications/preferences", new StringContent(body, Encoding.UTF8, "application/json"));
            await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        }
        var unchanged = await http.GetFromJsonAsync<JsonElement>("/api/v1/notifications/preferences");
        Assert.False(unchanged.GetProperty("categories").GetProperty("reviews").GetProperty("email").GetBoolean());
        Assert.True(unchanged.GetProperty("categories").GetProperty("matches").GetProperty("push").GetBoolean());
        await (await http.GetAsync("/api/v1/notifications?limit=0")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        await (await http.GetAsync("/api/v1/notifications?cursor=nope")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task When_someone_is_erased_the_entries_that_named_them_no_longer_do()
    {
        var reviewee = await app.RegisterAsync("Chloé", "fr");
        var author = await app.RegisterAsync("Zoltan Erasable", "en");
        await app.PublishAsync(new ReviewRevealed(Guid.CreateVersion7(), Guid.CreateVersion7(), author, reviewee, 4, "Échecs"));
        var named = Assert.Single((await app.WaitForInboxAsync(reviewee, 1)).Items);
        Assert.Equal("Zoltan Erasable a donné son avis sur votre séance de Échecs.", named.Body);

        await app.PublishAsync(new UserErasureRequested(author, DateTimeOffset.UtcNow.AddDays(30)));
        await app.Probe.WaitForAsync<UserDataErased>(erased => erased.UserId == author && erased.Service == "notifications");

        var rewritten = Assert.Single((await app.InboxAsync(reviewee)).Items);
        Assert.Equal((named.Id, "Un membre a donné son avis sur votre séance de Échecs."), (rewritten.Id, rewritten.Body));
    }

    [Fact]
    public async Task A_redelivered_event_notifies_once_and_erasure_empties_the_inbox_for_good()
    {
        var user = await app.RegisterAsync("Dan", "en");
        var revealed = new ReviewRevealed(Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), user, 3, "Chess");
        var consumedBefore = app.ConsumedCount<ReviewRevealed>();
        await app.PublishAsync(revealed);
        await app.PublishAsync(revealed);
        await app.WaitForInboxAsync(user, 1);
        // Both deliveries settled (the second, the duplicate, after the first): only then is "one entry" a proof.
        await Eventually.WaitUntilAsync(() => Task.FromResult(app.ConsumedCount<ReviewRevealed>() >= consumedBefore + 2),
            TimeSpan.FromSeconds(20), "both deliveries of the event settled");
        Assert.Single((await app.InboxAsync(user)).Items);

        await app.PublishAsync(new UserErasureRequested(user, DateTimeOffset.UtcNow.AddDays(30)));
        await app.Probe.WaitForAsync<UserDataErased>(erased => erased.UserId == user && erased.Service == "notifications");
        Assert.Equal(0, await app.NotificationCountAsync(user));
        // Their last access token, still within its lifetime, opens nothing.
        using (var erased = app.ClientFor(user))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await erased.GetAsync("/api/v1/notifications")).StatusCode);
        }
        var before = await app.NotificationCountAsync();
        var late = new ReviewRevealed(Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), user, 3, "Chess");
        await app.PublishAsync(late);
        await app.WaitUntilHandledAsync(late);
        Assert.Equal(before, await app.NotificationCountAsync());
    }
}
