using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using SkillSwap.IntegrationEvents;
using SkillSwap.Testing;

namespace SkillSwap.Chat.Tests;

/// <summary>Who may read and write what, bad input, blocks, reports and erasure.</summary>
[Collection(ChatClusterCollection.Name)]
public sealed class SafetyTests(ChatClusterApp app)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_non_member_can_neither_read_nor_post_nor_learn_that_the_conversation_exists()
    {
        var (alice, _, conversation) = await app.PairAsync();
        await using var aliceApp = await app.ConnectAsync(alice);
        await aliceApp.SendAsync(conversation, "private-1", "just between us");
        var mallory = await app.RegisterAsync();
        using var http = app.HttpFor(mallory, replica: 1);

        await (await http.GetAsync($"/api/v1/conversations/{conversation}")).AssertProblemAsync(HttpStatusCode.NotFound, "conversation-not-found");
        await (await http.GetAsync($"/api/v1/conversations/{conversation}/messages")).AssertProblemAsync(HttpStatusCode.NotFound, "conversation-not-found");
        await (await http.GetAsync($"/api/v1/conversations/{conversation}/messages?afterSequence=0")).AssertProblemAsync(HttpStatusCode.NotFound, "conversation-not-found");
        await (await http.PostAsJsonAsync($"/api/v1/conversations/{conversation}/messages", new { clientMessageId = "x", text = "let me in" }))
            .AssertProblemAsync(HttpStatusCode.NotFound, "conversation-not-found");
        await (await http.PutAsJsonAsync($"/api/v1/conversations/{conversation}/read", new { sequence = 1 })).AssertProblemAsync(HttpStatusCode.NotFound, "conversation-not-found");
        await (await http.PostAsJsonAsync($"/api/v1/conversations/{conversation}/messages/1/report", new { reason = "spam" }))
            .AssertProblemAsync(HttpStatusCode.NotFound, "conversation-not-found");
        await (await http.GetAsync("/api/v1/conversations/d-does-not-exist")).AssertProblemAsync(HttpStatusCode.NotFound, "conversation-not-found");
        Assert.Empty((await http.GetFromJsonAsync<JsonElement>("/api/v1/conversations")).GetProperty("items").EnumerateArray());

        await using var malloryApp = await app.ConnectAsync(mallory, replica: 0);
        foreach (var attempt in new Func<Task>[]
        {
            () => malloryApp.SendAsync(conversation, "x", "let me in"),
            () => malloryApp.Connection.InvokeAsync<JsonElement>("Backfill", conversation, 0L, 50),
            () => malloryApp.Connection.InvokeAsync<JsonElement>("MarkRead", conversation, 1L),
            () => malloryApp.Connection.InvokeAsync<bool>("Typing", conversation),
            () => malloryApp.Connection.InvokeAsync<JsonElement>("Delete", conversation, 1L),
        })
        {
            var refused = await Assert.ThrowsAsync<HubException>(attempt);
            Assert.Equal("conversation-not-found", ChatAppClient.RefusalOf(refused));
        }
        Assert.Empty(malloryApp.Held(conversation));
        Assert.Single((await app.HistoryAsync(alice, conversation)).Items);
    }

    [Fact]
    public async Task Without_a_valid_token_there_is_no_connection_and_no_api()
    {
        var server = app.Replicas[0].BaseAddress;
        await Assert.ThrowsAnyAsync<Exception>(() => ChatAppClient.ConnectAsync(server, TestTokenIssuer.Unsigned(Guid.CreateVersion7())));
        using var anonymous = new HttpClient { BaseAddress = server };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/conversations")).StatusCode);
    }

    [Fact]
    public async Task A_user_id_forged_in_a_payload_is_ignored()
    {
        var (alice, bob, conversation) = await app.PairAsync();
        using var aliceHttp = app.HttpFor(alice);
        var response = await aliceHttp.PostAsJsonAsync($"/api/v1/conversations/{conversation}/messages",
            new { clientMessageId = "forged-1", text = "from Bob, really", senderId = bob, userId = bob });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await using var aliceApp = await app.ConnectAsync(alice, replica: 1);
        var overHub = await aliceApp.Connection.InvokeAsync<ChatMessage>("Send", new { conversationId = conversation, clientMessageId = "forged-2", text = "me too", senderId = bob });

        var history = await app.HistoryAsync(bob, conversation);
        // Both messages, over HTTP and over the hub, each written as Alice's (an empty history would prove nothing).
        Assert.Equal(["forged-1", "forged-2"], history.Items.OrderBy(message => message.Sequence).Select(message => message.ClientMessageId));
        Assert.All(history.Items, message => Assert.Equal(alice, message.SenderId));
        Assert.Equal(alice, overHub.SenderId);
        // Bob cannot edit or delete what Alice wrote.
        using var bobHttp = app.HttpFor(bob);
        await (await bobHttp.PatchAsJsonAsync($"/api/v1/conversations/{conversation}/messages/1", new { text = "edited by Bob" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "not-the-author");
        await (await bobHttp.DeleteAsync($"/api/v1/conversations/{conversation}/messages/1")).AssertProblemAsync(HttpStatusCode.Forbidden, "not-the-author");
        Assert.Equal("from Bob, really", (await app.HistoryAsync(alice, conversation)).Items.Single(message => message.Sequence == 1).Text);
    }

    public static TheoryData<string, string> BadMessages => new()
    {
        { """{"clientMessageId":"ok-1","text":""}""", "validation" },
        { """{"clientMessageId":"ok-2","text":"   "}""", "validation" },
        { $$"""{"clientMessageId":"ok-3","text":"{{new string('x', 4001)}}"}""", "validation" },
        { """{"clientMessageId":"ok-4","text":"bell \u0007"}""", "validation" },
        { """{"text":"no client id"}""", "validation" },
        { """{"clientMessageId":"has space","text":"hi"}""", "validation" },
        { $$"""{"clientMessageId":"{{new string('a', 65)}}","text":"hi"}""", "validation" },
        { """{"clientMessageId":"ok-5","text":42}""", "" },
        { """not json""", "" },
    };

    [Theory]
    [MemberData(nameof(BadMessages))]
    public async Task Bad_messages_are_refused_with_a_problem_and_change_nothing(string body, string problemType)
    {
        var (alice, _, conversation) = await app.PairAsync();
        using var http = app.HttpFor(alice);
        var response = await http.PostAsync($"/api/v1/conversations/{conversation}/messages", new StringContent(body, Encoding.UTF8, "application/json"));
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, problemType.Length == 0 ? null : problemType);
        Assert.Empty((await app.HistoryAsync(alice, conversation)).Items);
    }

    [Fact]
    public async Task Bad_hub_payloads_and_queries_are_refused_and_change_nothing()
    {
        var (alice, _, conversation) = await app.PairAsync();
        await using var aliceApp = await app.ConnectAsync(alice);
        var tooLong = await Assert.ThrowsAsync<HubException>(() => aliceApp.SendAsync(conversation, "long", new string('x', 4001)));
        Assert.Equal("validation", ChatAppClient.RefusalOf(tooLong));
        await Assert.ThrowsAsync<HubException>(() => aliceApp.SendAsync(conversation, "", "no id"));
        await Assert.ThrowsAsync<HubException>(() => aliceApp.SendAsync("../../etc/passwd", "id-1", "hi"));
        await Assert.ThrowsAsync<HubException>(() => aliceApp.Connection.InvokeAsync<JsonElement>("MarkRead", conversation, -1L));
        await Assert.ThrowsAsync<HubException>(() => aliceApp.Connection.InvokeAsync<JsonElement>("Backfill", conversation, 0L, 10_000));
        // A payload of the wrong shape is refused by the hub itself; the connection stays usable.
        await Assert.ThrowsAsync<HubException>(() => aliceApp.Connection.InvokeAsync<JsonElement>("Send", "not an object"));
        Assert.Empty((await app.HistoryAsync(alice, conversation)).Items);
        Assert.Equal(1, (await aliceApp.SendAsync(conversation, "after", "still connected")).Sequence);

        using var http = app.HttpFor(alice);
        foreach (var query in new[] { "?limit=0", "?limit=1000", "?cursor=garbage", "?afterSequence=-1", "?afterSequence=1&cursor=YWZ0ZXJ8MQ" })
        {
            await (await http.GetAsync($"/api/v1/conversations/{conversation}/messages{query}")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        }
        await (await http.PostAsJsonAsync("/api/v1/conversations", new { userId = alice })).AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        await (await http.PostAsJsonAsync("/api/v1/conversations", new { userId = Guid.CreateVersion7() })).AssertProblemAsync(HttpStatusCode.NotFound, "user-not-found");
        await (await http.PostAsJsonAsync($"/api/v1/conversations/{conversation}/messages/1/report", new { reason = "" })).AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task A_connection_sending_faster_than_a_person_is_slowed_down_and_what_it_was_refused_is_not_stored()
    {
        var (alice, _, conversation) = await app.PairAsync();
        await using var aliceApp = await app.ConnectAsync(alice);
        var attempts = await Task.WhenAll(Enumerable.Range(0, 100).Select(async i =>
        {
            try
            {
                return (await aliceApp.SendAsync(conversation, $"flood-{i}", "spam")).ClientMessageId;
            }
            catch (HubException refused)
            {
                Assert.Equal("rate-limited", ChatAppClient.RefusalOf(refused));
                return null;
            }
        }));
        var accepted = attempts.OfType<string>().ToList();
        Assert.InRange(accepted.Count, 40, 60); // a burst of 40 (twice 20 a second), plus what refilled meanwhile
        var stored = (await app.HistoryAsync(alice, conversation, "?limit=100")).Items.Select(message => message.ClientMessageId).ToList();
        Assert.Equal(accepted.Order(), stored.Order());

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.NotNull(await aliceApp.SendAsync(conversation, "after-a-pause", "hello again"));
    }

    [Fact]
    public async Task Someone_who_blocked_a_member_receives_nothing_from_them()
    {
        var (alice, bob, conversation) = await app.PairAsync();
        await using var aliceApp = await app.ConnectAsync(alice, replica: 0);
        await using var bobApp = await app.ConnectAsync(bob, replica: 1);
        await aliceApp.SendAsync(conversation, "before", "before the block");
        await Eventually.WaitUntilAsync(() => Task.FromResult(bobApp.Held(conversation).Count == 1), Wait, "Bob receives before blocking");

        await app.PublishAsync(new UserBlocked(bob, alice));
        using var aliceHttp = app.HttpFor(alice);
        await Eventually.WaitUntilAsync(async () => (await app.HistoryAsync(bob, conversation)).Items.Count == 0, Wait, "Bob's history hides Alice");
        await aliceApp.SendAsync(conversation, "after", "after the block");
        await aliceApp.Connection.InvokeAsync<bool>("Typing", conversation);
        var bobsOwn = await bobApp.SendAsync(conversation, "bob-1", "Bob still talks");
        await Eventually.WaitUntilAsync(() => Task.FromResult(aliceApp.Held(conversation).Count == 3), Wait, "Alice still receives Bob");
        // Bob's own message comes to his app after anything of Alice's sent before it (one conversation, one order).
        await Eventually.WaitUntilAsync(() => Task.FromResult(bobApp.Held(conversation).Any(m => m.Sequence == bobsOwn.Sequence)), Wait, "Bob's app has his own message");

        Assert.Equal(["before the block"], bobApp.Held(conversation).Where(m => m.SenderId == alice).Select(m => m.Text));
        Assert.DoesNotContain(bobApp.Events<ChatTyping>("typing"), typing => typing.UserId == alice);
        Assert.DoesNotContain(await app.PresenceListAsync(alice), presence => presence.UserId == bob);
        Assert.DoesNotContain(await app.PresenceListAsync(bob), presence => presence.UserId == alice);
        await (await aliceHttp.PostAsJsonAsync("/api/v1/conversations", new { userId = bob })).AssertProblemAsync(HttpStatusCode.NotFound, "user-not-found");

        // A page of nothing but hidden messages is skipped in the query, so catching up goes on to what Bob may read.
        for (var i = 0; i < 6; i++)
        {
            await aliceApp.SendAsync(conversation, $"hidden-{i}", "Bob does not see this");
        }
        var visible = await bobApp.SendAsync(conversation, "bob-2", "still here");
        var page = await app.HistoryAsync(bob, conversation, $"?afterSequence={bobsOwn.Sequence}&limit=5");
        Assert.Equal([visible.Sequence], page.Items.Select(message => message.Sequence));
        Assert.Null(page.NextCursor);

        await app.PublishAsync(new UserUnblocked(bob, alice));
        await Eventually.WaitUntilAsync(async () => (await app.HistoryAsync(bob, conversation)).Items.Count == 10, Wait, "Bob sees Alice's 8 messages again after unblocking");
    }

    [Fact]
    public async Task A_reported_message_reaches_moderation_once()
    {
        var (alice, bob, conversation) = await app.PairAsync();
        await using var probe = await IntegrationEventProbe.StartAsync(app.Broker, nameof(ChatMessageReported));
        await using var aliceApp = await app.ConnectAsync(alice);
        await using var bobApp = await app.ConnectAsync(bob, replica: 1);
        var before = await bobApp.SendAsync(conversation, "before", "Can we move Tuesday's lesson?");
        var rude = await aliceApp.SendAsync(conversation, "rude", "something rude");
        var deleted = await aliceApp.SendAsync(conversation, "gone", "and I take that back");
        await aliceApp.Connection.InvokeAsync<ChatMessage>("Delete", conversation, deleted.Sequence);
        var after = await aliceApp.SendAsync(conversation, "after", "Fine, Wednesday");
        using var bobHttp = app.HttpFor(bob);
        var first = await bobHttp.PostAsJsonAsync($"/api/v1/conversations/{conversation}/messages/{rude.Sequence}/report", new { reason = "insulting" });
        var second = await bobHttp.PostAsJsonAsync($"/api/v1/conversations/{conversation}/messages/{rude.Sequence}/report", new { reason = "insulting" });
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());

        var report = await probe.WaitForAsync<ChatMessageReported>(r => r.ConversationId == conversation);
        Assert.Equal((bob, alice, "something rude", "insulting"), (report.ReporterId, report.SenderId, report.Text, report.Reason));
        // The exchange around it goes along for the moderator, without what was deleted.
        Assert.Equal([(before.Sequence, bob, "Can we move Tuesday's lesson?"), (after.Sequence, alice, "Fine, Wednesday")],
            report.Context.Select(m => (m.Sequence, m.SenderId, m.Text)));
        // The same event may be published twice (both replicas' relays, at least once by design; consumers' inboxes drop
        // the copy): a second report would be another event.
        await Assert.ThrowsAsync<TimeoutException>(() => probe.WaitForAsync<ChatMessageReported>(r => r.ConversationId == conversation && r.Id != report.Id, TimeSpan.FromSeconds(3)));
        using var aliceHttp = app.HttpFor(alice);
        await (await aliceHttp.PostAsJsonAsync($"/api/v1/conversations/{conversation}/messages/{rude.Sequence}/report", new { reason = "self" }))
            .AssertProblemAsync(HttpStatusCode.NotFound, "message-not-found");
    }

    [Fact]
    public async Task A_disputed_sessions_conversation_is_quoted_to_moderation_as_it_read_when_disputed()
    {
        var (teacher, learner, conversation) = await app.PairAsync();
        var session = Guid.CreateVersion7();
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        await app.PublishAsync(new SessionConfirmed(session, teacher, [learner], "Guitar", start, start.AddHours(1)));
        using var learnerHttp = app.HttpFor(learner);
        await Eventually.WaitUntilAsync(async () =>
            (await learnerHttp.GetFromJsonAsync<ChatConversation>($"/api/v1/conversations/{conversation}", ChatClusterApp.Json))!.SessionIds.Contains(session),
            Wait, "the session is linked to the pair's conversation");
        await using var probe = await IntegrationEventProbe.StartAsync(app.Broker, nameof(DisputedSessionChatQuoted));
        await using var teacherApp = await app.ConnectAsync(teacher);
        await using var learnerApp = await app.ConnectAsync(learner, replica: 1);
        var waiting = await learnerApp.SendAsync(conversation, "waiting", "I'm in the call, are you coming?");
        var taken = await teacherApp.SendAsync(conversation, "taken", "Something I take back");
        await teacherApp.Connection.InvokeAsync<ChatMessage>("Delete", conversation, taken.Sequence);
        var late = await teacherApp.SendAsync(conversation, "late", "Sorry, I can't make it today");
        var disputedAt = DateTimeOffset.UtcNow;
        await learnerApp.SendAsync(conversation, "after", "Written after the dispute");

        await app.PublishAsync(new BookingDisputed(session, session, learner, "no-show") { OccurredAt = disputedAt });

        var quoted = await probe.WaitForAsync<DisputedSessionChatQuoted>(q => q.BookingId == session);
        Assert.Equal((session, learner, conversation), (quoted.SessionId, quoted.DisputedBy, quoted.ConversationId));
        Assert.Equal([(waiting.Sequence, learner, "I'm in the call, are you coming?"), (late.Sequence, teacher, "Sorry, I can't make it today")],
            quoted.Messages.Select(m => (m.Sequence, m.SenderId, m.Text)));
        // A session without a conversation (its people never had one) is quoted nothing.
        var unlinked = Guid.CreateVersion7();
        var disputesHandled = await app.CounterAsync(ConversationTests.ConsumedCounter, nameof(BookingDisputed));
        await app.PublishAsync(new BookingDisputed(unlinked, unlinked, learner, "no-show"));
        await Eventually.WaitUntilAsync(async () => await app.CounterAsync(ConversationTests.ConsumedCounter, nameof(BookingDisputed)) > disputesHandled, Wait,
            "the second dispute handled");
        await Assert.ThrowsAsync<TimeoutException>(() => probe.WaitForAsync<DisputedSessionChatQuoted>(q => q.BookingId == unlinked, TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public async Task A_message_moderators_removed_is_blanked_for_every_reader_live_and_in_history()
    {
        var (alice, bob, conversation) = await app.PairAsync();
        await using var aliceApp = await app.ConnectAsync(alice);
        await using var bobApp = await app.ConnectAsync(bob, replica: 1);
        var rude = await aliceApp.SendAsync(conversation, "rude", "You are an idiot");
        var kept = await aliceApp.SendAsync(conversation, "kept", "Anyway, see you at ten");
        var removal = new ContentRemoved(Guid.CreateVersion7(), ContentRemoved.ChatMessage, $"{conversation}/{rude.Sequence}", alice, "Insults");

        await app.PublishAsync(removal);

        await Eventually.WaitUntilAsync(() => Task.FromResult(bobApp.Events<ChatMessage>("messageChanged").Any(m => m.Sequence == rude.Sequence)), Wait, "Bob sees the removal live");
        var live = Assert.Single(bobApp.Events<ChatMessage>("messageChanged"));
        Assert.Equal((true, true, ""), (live.RemovedByModeration, live.Deleted, live.Text));
        var history = (await app.HistoryAsync(bob, conversation)).Items.OrderBy(message => message.Sequence).ToList();
        Assert.Equal([(rude.Sequence, "", true), (kept.Sequence, "Anyway, see you at ten", false)], history.Select(m => (m.Sequence, m.Text, m.RemovedByModeration)));
        // Its author can no longer bring it back, nor anyone report it again; a repeated removal changes nothing.
        using var aliceHttp = app.HttpFor(alice);
        await (await aliceHttp.PatchAsJsonAsync($"/api/v1/conversations/{conversation}/messages/{rude.Sequence}", new { text = "You are an idiot!" }))
            .AssertProblemAsync(HttpStatusCode.NotFound, "message-not-found");
        using var bobHttp = app.HttpFor(bob);
        await (await bobHttp.PostAsJsonAsync($"/api/v1/conversations/{conversation}/messages/{rude.Sequence}/report", new { reason = "insulting" }))
            .AssertProblemAsync(HttpStatusCode.NotFound, "message-not-found");
        var removalsHandled = await app.CounterAsync(ConversationTests.ConsumedCounter, nameof(ContentRemoved));
        await app.PublishAsync(removal with { Id = Guid.CreateVersion7() });
        await Eventually.WaitUntilAsync(async () => await app.CounterAsync(ConversationTests.ConsumedCounter, nameof(ContentRemoved)) > removalsHandled, Wait,
            "the repeated removal handled");
        Assert.Single(bobApp.Events<ChatMessage>("messageChanged"));
    }

    [Fact]
    public async Task Erasure_empties_the_users_messages_keeps_their_places_and_acknowledges()
    {
        var (alice, bob, conversation) = await app.PairAsync();
        await using var probe = await IntegrationEventProbe.StartAsync(app.Broker, nameof(UserDataErased));
        await using var aliceApp = await app.ConnectAsync(alice);
        await aliceApp.SendAsync(conversation, "a1", "my secret plans");
        await using var bobApp = await app.ConnectAsync(bob, replica: 1);
        await bobApp.SendAsync(conversation, "b1", "Bob's own words");

        await app.PublishAsync(new UserErasureRequested(alice, DateTimeOffset.UtcNow.AddDays(30)));
        await probe.WaitForAsync<UserDataErased>(erased => erased.UserId == alice && erased.Service == "chat");

        var history = (await app.HistoryAsync(bob, conversation)).Items.OrderBy(message => message.Sequence).ToList();
        Assert.Equal([1L, 2L], history.Select(message => message.Sequence));
        Assert.Equal((Guid.Empty, "", true), (history[0].SenderId, history[0].Text, history[0].Deleted));
        Assert.Equal((bob, "Bob's own words"), (history[1].SenderId, history[1].Text));
        var closed = await Assert.ThrowsAsync<HubException>(() => bobApp.SendAsync(conversation, "b2", "anyone?"));
        Assert.Equal("conversation-closed", ChatAppClient.RefusalOf(closed));
        // Alice's app, still connected, is disconnected.
        await Eventually.WaitUntilAsync(() => Task.FromResult(aliceApp.Connection.State == HubConnectionState.Disconnected), Wait, "Alice's connection is closed");
        // Her access token, still within its lifetime, opens nothing any more: no reading, no new conversation, no connection.
        using var aliceHttp = app.HttpFor(alice);
        Assert.Equal(HttpStatusCode.Unauthorized, (await aliceHttp.GetAsync($"/api/v1/conversations/{conversation}/messages")).StatusCode);
        var carol = await app.RegisterAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await aliceHttp.PostAsJsonAsync("/api/v1/conversations", new { userId = carol })).StatusCode);
        Assert.False(await app.StaysOpenAsync(app.TokenFor(alice), replica: 1));
        Assert.DoesNotContain(await app.PresenceListAsync(bob), presence => presence.UserId == alice);
    }
}
