using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using SkillSwap.IntegrationEvents;
using SkillSwap.Testing;

namespace SkillSwap.Chat.Tests;

[Collection(ChatClusterCollection.Name)]
public sealed class ChatTests(ChatClusterApp app)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Two_people_on_different_replicas_chat_both_ways_with_receipts_and_typing()
    {
        var (alice, bob, conversation) = await app.PairAsync();
        await using var aliceApp = await app.ConnectAsync(alice, replica: 0);
        await using var bobApp = await app.ConnectAsync(bob, replica: 1);

        var hello = await aliceApp.SendAsync(conversation, "a-1", "Hola Bob!");
        Assert.Equal(1, hello.Sequence);
        Assert.Equal(alice, hello.SenderId);
        await Eventually.WaitUntilAsync(() => Task.FromResult(bobApp.Held(conversation).Count == 1), Wait, "Bob receives Alice's message");

        Assert.Equal(1, (await bobApp.Connection.InvokeAsync<ChatReadReceipt>("MarkRead", conversation, 1L)).Sequence);
        await Eventually.WaitUntilAsync(() => Task.FromResult(aliceApp.Events<ChatReadReceipt>("read").Any(receipt => receipt.UserId == bob && receipt.Sequence == 1)),
            Wait, "Alice sees Bob's read receipt");

        var answer = await bobApp.SendAsync(conversation, "b-1", "¡Hola Alice! <b>not bold</b>");
        Assert.Equal(2, answer.Sequence);
        await Eventually.WaitUntilAsync(() => Task.FromResult(aliceApp.Held(conversation).Count == 2), Wait, "Alice receives Bob's answer");
        Assert.Equal(["Hola Bob!", "¡Hola Alice! <b>not bold</b>"], aliceApp.Held(conversation).Select(message => message.Text));
        Assert.Equal([alice, bob], aliceApp.Held(conversation).Select(message => message.SenderId));

        await aliceApp.Connection.InvokeAsync<bool>("Typing", conversation);
        await Eventually.WaitUntilAsync(() => Task.FromResult(bobApp.Events<ChatTyping>("typing").Any(typing => typing.UserId == alice)), Wait, "Bob sees Alice typing");
        // Whatever Alice's replica gets for this conversation comes in order: once Bob's next message is there, her
        // own typing would have been too.
        var next = await bobApp.SendAsync(conversation, "b-2", "typing…?");
        await Eventually.WaitUntilAsync(() => Task.FromResult(aliceApp.Held(conversation).Any(m => m.Sequence == next.Sequence)), Wait, "Alice receives Bob's next message");
        Assert.DoesNotContain(aliceApp.Events<ChatTyping>("typing"), typing => typing.UserId == alice);

        // Typing is not stored; messages are, once each.
        var history = await app.HistoryAsync(bob, conversation);
        Assert.Equal([3L, 2L, 1L], history.Items.Select(message => message.Sequence));
    }

    [Fact]
    public async Task The_first_message_right_after_opening_reaches_the_other_already_connected()
    {
        var alice = await app.RegisterAsync();
        var bob = await app.RegisterAsync();
        await using var bobApp = await app.ConnectAsync(bob, replica: 1);
        await using var aliceApp = await app.ConnectAsync(alice, replica: 0);
        var conversation = await app.OpenAsync(alice, bob);
        var first = await aliceApp.SendAsync(conversation, "first", "Hi, I saw your profile");

        await Eventually.WaitUntilAsync(() => Task.FromResult(bobApp.Held(conversation).Count == 1), Wait, "Bob gets the first message pushed");
        Assert.Equal(first.Sequence, bobApp.Held(conversation)[0].Sequence);
        Assert.Contains(bobApp.Events("conversationOpened"), opened => opened.GetProperty("id").GetString() == conversation);
    }

    [Fact]
    public async Task A_members_writing_is_announced_once_a_day_for_the_kpis_without_the_text_or_the_conversation()
    {
        var (alice, bob, conversation) = await app.PairAsync();
        await using var probe = await IntegrationEventProbe.StartAsync(app.Broker, nameof(ChatMemberWrote));
        await using var aliceApp = await app.ConnectAsync(alice);
        var first = await aliceApp.SendAsync(conversation, "day-1", "Good morning");
        await aliceApp.SendAsync(conversation, "day-2", "Lesson at ten?");
        await aliceApp.SendAsync(conversation, "day-3", "See you");

        var wrote = await probe.WaitForAsync<ChatMemberWrote>(e => e.UserId == alice);
        Assert.Equal(DateOnly.FromDateTime(first.SentAt.UtcDateTime), wrote.Day);
        // Both replicas relay the shared outbox, so the same event may be delivered twice (consumers de-duplicate on
        // its id): what must not come is a second announcement.
        await Assert.ThrowsAsync<TimeoutException>(() => probe.WaitForAsync<ChatMemberWrote>(
            e => (e.UserId == alice && e.Id != wrote.Id) || e.UserId == bob, TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task Messages_to_a_member_with_no_app_open_are_reported_for_the_digest_push_and_only_those()
    {
        var (alice, bob, conversation) = await app.PairAsync();
        await using var probe = await IntegrationEventProbe.StartAsync(app.Broker, nameof(ChatMessagesWhileOffline));
        await using var aliceApp = await app.ConnectAsync(alice);
        await aliceApp.SendAsync(conversation, "away-1", "Are you there?");
        var lastAway = await aliceApp.SendAsync(conversation, "away-2", "Hello?");
        // Both are counted; a burst within the same second is reported once (or, across a flush, in parts).
        // Either replica's relay may deliver a report a second time: each counts once.
        var counted = 0;
        HashSet<Guid> reports = [];
        while (counted < 2)
        {
            var reported = await probe.WaitForAsync<ChatMessagesWhileOffline>(offline => offline.ConversationId == conversation && !reports.Contains(offline.Id));
            reports.Add(reported.Id);
            Assert.Equal(bob, reported.RecipientId);
            Assert.Equal([alice], reported.SenderIds);
            counted += reported.Count;
            if (counted == 2)
            {
                Assert.Equal(lastAway.Sequence, reported.LastSequence);
            }
        }

        var bobApp = await app.ConnectAsync(bob, replica: 1);
        var seen = await aliceApp.SendAsync(conversation, "seen", "There you are");
        await Eventually.WaitUntilAsync(() => Task.FromResult(bobApp.Held(conversation).Any(message => message.Sequence == seen.Sequence)), Wait, "Bob sees it live");
        // Bob answers (Alice is here: nothing to report), so they share presence: his leaving is what Alice is told.
        await bobApp.SendAsync(conversation, "b-here", "Here!");
        await app.TalkAsync(alice, bob, conversation);
        await bobApp.DisposeAsync();
        await Eventually.WaitUntilAsync(() => Task.FromResult(aliceApp.Events<ChatPresence>("presence").Any(p => p.UserId == bob && p.Status == "offline")),
            Wait, "Bob's disconnect registered");
        var afterLeaving = await aliceApp.SendAsync(conversation, "away-3", "Gone again?");

        // Ordering witness: the message after he left is reported; the one he saw live never was, nor any to Alice.
        // (Both replicas' outbox relays may publish a report: delivery is at least once, consumers drop repeats by id.)
        Assert.Equal(1, (await probe.WaitForAsync<ChatMessagesWhileOffline>(offline => offline.ConversationId == conversation && offline.LastSequence == afterLeaving.Sequence)).Count);
        await Assert.ThrowsAsync<TimeoutException>(() => probe.WaitForAsync<ChatMessagesWhileOffline>(
            offline => offline.ConversationId == conversation && (offline.LastSequence == seen.Sequence || offline.RecipientId == alice), TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task A_retried_send_is_stored_once_whether_over_the_hub_or_http()
    {
        var (alice, _, conversation) = await app.PairAsync();
        await using var aliceApp = await app.ConnectAsync(alice);
        var first = await aliceApp.SendAsync(conversation, "retry-1", "only once");
        var again = await aliceApp.SendAsync(conversation, "retry-1", "only once");
        using var http = app.HttpFor(alice, replica: 1);
        var response = await http.PostAsJsonAsync($"/api/v1/conversations/{conversation}/messages", new { clientMessageId = "retry-1", text = "only once" });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var overHttp = await response.Content.ReadFromJsonAsync<ChatMessage>(ChatClusterApp.Json);

        Assert.Equal(first, again);
        Assert.Equal(first, overHttp);
        var history = await app.HistoryAsync(alice, conversation);
        Assert.Single(history.Items);
    }
}
