using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using SkillSwap.IntegrationEvents;
using SkillSwap.Testing;

namespace SkillSwap.Chat.Tests;

/// <summary>History, unread counts, edits, presence, notifications, session links: what the app shows around messages.</summary>
[Collection(ChatClusterCollection.Name)]
public sealed class ConversationTests(ChatClusterApp app)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task History_pages_back_newest_first_and_catches_up_oldest_first()
    {
        var (alice, bob, conversation) = await app.PairAsync();
        using var http = app.HttpFor(alice);
        for (var i = 1; i <= 120; i++)
        {
            var sent = await http.PostAsJsonAsync($"/api/v1/conversations/{conversation}/messages", new { clientMessageId = $"m{i}", text = $"message {i}" });
            Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        }

        var sequences = new List<long>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await app.HistoryAsync(bob, conversation, cursor is null ? "?limit=50" : $"?limit=50&cursor={cursor}");
            sequences.AddRange(page.Items.Select(message => message.Sequence));
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);
        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(1, 120).Reverse().Select(i => (long)i), sequences);

        var catchUp = await app.HistoryAsync(bob, conversation, "?afterSequence=100&limit=15");
        Assert.Equal(Enumerable.Range(101, 15).Select(i => (long)i), catchUp.Items.Select(message => message.Sequence));
        var rest = await app.HistoryAsync(bob, conversation, $"?limit=15&cursor={catchUp.NextCursor}");
        Assert.Equal(Enumerable.Range(116, 5).Select(i => (long)i), rest.Items.Select(message => message.Sequence));
        Assert.Null(rest.NextCursor);
    }

    [Fact]
    public async Task Unread_counts_per_conversation_and_in_total_follow_read_receipts()
    {
        var (alice, bob, withAlice) = await app.PairAsync();
        var carol = await app.RegisterAsync();
        var withCarol = await app.OpenAsync(carol, bob);
        await using var aliceApp = await app.ConnectAsync(alice);
        await using var carolApp = await app.ConnectAsync(carol);
        for (var i = 0; i < 3; i++)
        {
            await aliceApp.SendAsync(withAlice, $"a{i}", "hi");
        }
        await carolApp.SendAsync(withCarol, "c0", "hello");

        using var bobHttp = app.HttpFor(bob, replica: 1);
        var unread = await bobHttp.GetFromJsonAsync<JsonElement>("/api/v1/conversations/unread");
        Assert.Equal(4, unread.GetProperty("total").GetInt64());
        var read = await bobHttp.PutAsJsonAsync($"/api/v1/conversations/{withAlice}/read", new { sequence = 2 });
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var list = await bobHttp.GetFromJsonAsync<JsonElement>("/api/v1/conversations");
        var unreadById = list.GetProperty("items").EnumerateArray().ToDictionary(item => item.GetProperty("id").GetString()!, item => item.GetProperty("unread").GetInt64());
        Assert.Equal(1, unreadById[withAlice]);
        Assert.Equal(1, unreadById[withCarol]);
        Assert.Equal(2, (await bobHttp.GetFromJsonAsync<JsonElement>("/api/v1/conversations/unread")).GetProperty("total").GetInt64());
        // Alice wrote them: nothing unread for her.
        using var aliceHttp = app.HttpFor(alice);
        Assert.Equal(0, (await aliceHttp.GetFromJsonAsync<JsonElement>("/api/v1/conversations/unread")).GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Authors_edit_and_delete_their_own_messages_and_everyone_sees_the_change()
    {
        var (alice, bob, conversation) = await app.PairAsync();
        await using var aliceApp = await app.ConnectAsync(alice);
        await using var bobApp = await app.ConnectAsync(bob, replica: 1);
        var sent = await aliceApp.SendAsync(conversation, "e1", "Se vemos mañana");

        var edited = await aliceApp.Connection.InvokeAsync<ChatMessage>("Edit", new { conversationId = conversation, sequence = sent.Sequence, text = "Nos vemos mañana" });
        Assert.Equal("Nos vemos mañana", edited.Text);
        Assert.NotNull(edited.EditedAt);
        var deleted = await aliceApp.Connection.InvokeAsync<ChatMessage>("Delete", conversation, sent.Sequence);
        Assert.True(deleted.Deleted);
        Assert.Equal("", deleted.Text);
        await Eventually.WaitUntilAsync(() => Task.FromResult(bobApp.Events<ChatMessage>("messageChanged").Count == 2), Wait, "Bob sees the edit and the deletion");

        var stored = Assert.Single((await app.HistoryAsync(bob, conversation)).Items);
        Assert.True(stored.Deleted);
        Assert.Equal("", stored.Text);
    }

    [Fact]
    public async Task Contacts_see_presence_across_devices_and_replicas_with_last_seen_rounded()
    {
        var (alice, bob, conversation) = await app.PairAsync();
        await app.TalkAsync(bob, alice, conversation);
        var stranger = await app.RegisterAsync();
        await using var bobApp = await app.ConnectAsync(bob, replica: 1);
        var phone = await app.ConnectAsync(alice, replica: 0);
        var tablet = await app.ConnectAsync(alice, replica: 1);
        await Eventually.WaitUntilAsync(async () => await PresenceOfAsync(bob, alice) == "online", Wait, "Alice online for Bob");
        await Eventually.WaitUntilAsync(() => Task.FromResult(bobApp.Events<ChatPresence>("presence").Any(presence => presence.UserId == alice && presence.Status == "online")),
            Wait, "Bob is told Alice came online");

        await phone.Connection.InvokeAsync<ChatPresence>("SetAway", true);
        Assert.Equal("online", await PresenceOfAsync(bob, alice)); // the tablet is still in the foreground
        await tablet.Connection.InvokeAsync<ChatPresence>("SetAway", true);
        Assert.Equal("away", await PresenceOfAsync(bob, alice));

        // The phone comes back to the foreground, then goes: Alice is "away" (her tablet), neither still "online" (the
        // disconnection unseen) nor "offline" (last writer instead of a count of connections). The change to "away" is
        // itself the witness that the disconnection was handled.
        await phone.Connection.InvokeAsync<ChatPresence>("SetAway", false);
        Assert.Equal("online", await PresenceOfAsync(bob, alice));
        await phone.DisposeAsync();
        await Eventually.WaitUntilAsync(async () => await PresenceOfAsync(bob, alice) == "away", Wait, "Alice away once only her tablet (in the background) is left");
        Assert.DoesNotContain(bobApp.Events<ChatPresence>("presence"), presence => presence.UserId == alice && presence.Status == "offline");
        await tablet.DisposeAsync();
        await Eventually.WaitUntilAsync(async () => await PresenceOfAsync(bob, alice) == "offline", Wait, "Alice offline once both devices left");
        using var bobHttp = app.HttpFor(bob);
        var presence = (await bobHttp.GetFromJsonAsync<ChatPresence[]>("/api/v1/chat/presence", ChatClusterApp.Json))!.Single(p => p.UserId == alice);
        Assert.NotNull(presence.LastSeen);
        Assert.Equal(0, presence.LastSeen!.Value.UtcTicks % TimeSpan.FromMinutes(5).Ticks);
        Assert.True(DateTimeOffset.UtcNow - presence.LastSeen < TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(30));

        // Someone who shares no conversation with Alice sees nothing of her.
        using var strangerHttp = app.HttpFor(stranger);
        Assert.Empty((await strangerHttp.GetFromJsonAsync<ChatPresence[]>("/api/v1/chat/presence", ChatClusterApp.Json))!);
    }

    [Fact]
    public async Task Other_services_push_notifications_to_every_connection_of_the_user()
    {
        var user = await app.RegisterAsync();
        await using var phone = await app.ConnectAsync(user, replica: 0);
        await using var tablet = await app.ConnectAsync(user, replica: 1);
        await app.PublishAsync(new RealtimeNotificationRequested(user, "session.requested", """{"sessionId":"42","skill":"Guitar"}"""));

        foreach (var device in new[] { phone, tablet })
        {
            await Eventually.WaitUntilAsync(() => Task.FromResult(device.Events("notification").Count == 1), Wait, "the notification reaches each device");
            var notification = device.Events("notification")[0];
            Assert.Equal("session.requested", notification.GetProperty("type").GetString());
            Assert.Equal("Guitar", notification.GetProperty("payload").GetProperty("skill").GetString());
        }
    }

    [Fact]
    public async Task A_confirmed_session_links_the_pair_and_a_group_session_gets_one_conversation_of_its_paid_seats()
    {
        var teacher = await app.RegisterAsync();
        var learners = new[] { await app.RegisterAsync(), await app.RegisterAsync(), await app.RegisterAsync() };
        var oneToOne = Guid.CreateVersion7();
        var group = Guid.CreateVersion7();
        var start = DateTimeOffset.UtcNow.AddDays(2);
        await app.PublishAsync(new SessionConfirmed(oneToOne, teacher, [learners[0]], "Guitar", start, start.AddHours(1)));
        var seatsPaid = DateTimeOffset.UtcNow;
        await app.PublishAsync(new GroupSessionParticipantsChanged(group, teacher, learners, "Guitar") { OccurredAt = seatsPaid });

        await using var learnerApp = await app.ConnectAsync(learners[2], replica: 1);
        await Eventually.WaitUntilAsync(async () => (await learnerApp.CatchUpAllAsync()).Any(c => c.Kind == "session"), Wait, "the group conversation exists");
        using var teacherHttp = app.HttpFor(teacher);
        // Two events, handled by whichever replica takes each: the direct conversation may come a moment after the group's.
        var list = new List<JsonElement>();
        await Eventually.WaitUntilAsync(async () =>
        {
            list = [.. (await teacherHttp.GetFromJsonAsync<JsonElement>("/api/v1/conversations")).GetProperty("items").EnumerateArray()];
            return list.Count == 2;
        }, Wait, () => $"the teacher has both conversations, not {list.Count}");
        var direct = list.Single(c => c.GetProperty("kind").GetString() == "direct");
        Assert.Equal([oneToOne], direct.GetProperty("sessionIds").EnumerateArray().Select(id => id.GetGuid()));
        var groupConversation = list.Single(c => c.GetProperty("kind").GetString() == "session");
        var groupId = groupConversation.GetProperty("id").GetString()!;
        Assert.Equal(4, groupConversation.GetProperty("memberIds").GetArrayLength());

        await using var teacherApp = await app.ConnectAsync(teacher, replica: 0);
        await teacherApp.SendAsync(groupId, "welcome", "Bring your guitars");
        await Eventually.WaitUntilAsync(() => Task.FromResult(learnerApp.Held(groupId).Count == 1), Wait, "a learner receives the group message");

        // The third learner gives up their seat; a list older than that, delivered late, changes nothing.
        var listsHandled = await app.CounterAsync(ConsumedCounter, nameof(GroupSessionParticipantsChanged));
        await app.PublishAsync(new GroupSessionParticipantsChanged(group, teacher, learners[..2], "Guitar") { OccurredAt = seatsPaid.AddSeconds(1) });
        using var leaverHttp = app.HttpFor(learners[2]);
        await Eventually.WaitUntilAsync(async () => (await leaverHttp.GetAsync($"/api/v1/conversations/{groupId}")).StatusCode == HttpStatusCode.NotFound, Wait,
            "the learner who left no longer sees the group conversation");
        await app.PublishAsync(new GroupSessionParticipantsChanged(group, teacher, learners, "Guitar") { OccurredAt = seatsPaid.AddMilliseconds(500) });
        // Both lists handled, the late one after the newer: only then does "nothing changed" prove it was ignored.
        await Eventually.WaitUntilAsync(async () => await app.CounterAsync(ConsumedCounter, nameof(GroupSessionParticipantsChanged)) >= listsHandled + 2, Wait,
            "both member lists handled");
        await (await leaverHttp.GetAsync($"/api/v1/conversations/{groupId}/messages")).AssertProblemAsync(HttpStatusCode.NotFound, "conversation-not-found");
        var members = (await teacherHttp.GetFromJsonAsync<JsonElement>($"/api/v1/conversations/{groupId}")).GetProperty("memberIds").EnumerateArray().Select(id => id.GetGuid());
        Assert.Equal(new[] { teacher, learners[0], learners[1] }.Order(), members.Order());
    }

    [Fact]
    public async Task Who_takes_a_seat_later_reads_the_group_conversation_from_their_arrival_on()
    {
        var teacher = await app.RegisterAsync();
        var (early, late) = (await app.RegisterAsync(), await app.RegisterAsync());
        var group = Guid.CreateVersion7();
        var seatsPaid = DateTimeOffset.UtcNow;
        await app.PublishAsync(new GroupSessionParticipantsChanged(group, teacher, [early], "Pottery") { OccurredAt = seatsPaid });
        var groupId = $"s-{group:N}";
        using var teacherHttp = app.HttpFor(teacher);
        await Eventually.WaitUntilAsync(async () => (await teacherHttp.GetAsync($"/api/v1/conversations/{groupId}")).IsSuccessStatusCode, Wait, "the group conversation exists");
        await using var teacherApp = await app.ConnectAsync(teacher, replica: 0);
        var before = await teacherApp.SendAsync(groupId, "before", "Between us: the kiln is broken");

        await app.PublishAsync(new GroupSessionParticipantsChanged(group, teacher, [early, late], "Pottery") { OccurredAt = seatsPaid.AddSeconds(1) });
        using var lateHttp = app.HttpFor(late);
        await Eventually.WaitUntilAsync(async () => (await lateHttp.GetAsync($"/api/v1/conversations/{groupId}")).IsSuccessStatusCode, Wait, "the late learner is a member");
        await using var lateApp = await app.ConnectAsync(late, replica: 1);
        await teacherApp.Connection.InvokeAsync<ChatMessage>("Edit", new { conversationId = groupId, sequence = before.Sequence, text = "Between us: the kiln is still broken" });
        var welcome = await teacherApp.SendAsync(groupId, "welcome", "Welcome, everyone");
        await Eventually.WaitUntilAsync(() => Task.FromResult(lateApp.Held(groupId).Any(message => message.Sequence == welcome.Sequence)), Wait, "the late learner receives what comes after");

        Assert.Equal([welcome.Sequence], (await app.HistoryAsync(late, groupId)).Items.Select(message => message.Sequence));
        Assert.Equal([welcome.Sequence], (await app.HistoryAsync(late, groupId, $"?afterSequence=0")).Items.Select(message => message.Sequence));
        Assert.DoesNotContain(lateApp.Events("messageChanged"), changed => changed.GetProperty("sequence").GetInt64() == before.Sequence);
        Assert.Equal(2, (await app.HistoryAsync(early, groupId)).Items.Count);
    }

    [Fact]
    public async Task Operators_see_connections_stored_messages_commits_and_pushes_in_the_metrics()
    {
        var (alice, bob, conversation) = await app.PairAsync();
        await using var aliceApp = await app.ConnectAsync(alice, replica: 0);
        await using var bobApp = await app.ConnectAsync(bob, replica: 0);
        await aliceApp.SendAsync(conversation, "metrics-1", "counted");
        await Eventually.WaitUntilAsync(() => Task.FromResult(bobApp.Held(conversation).Count == 1), Wait, "Bob receives it");

        using var http = new HttpClient { BaseAddress = app.Replicas[0].BaseAddress };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ChatClusterApp.MetricsScrapeToken);
        string metrics = "";
        await Eventually.WaitUntilAsync(async () =>
        {
            metrics = await http.GetStringAsync("/metrics");
            return metrics.Contains("skillswap_chat_pushed", StringComparison.Ordinal);
        }, Wait, () => $"chat metrics exported: {metrics.Length} characters");
        foreach (var name in new[] { "skillswap_chat_connections", "skillswap_chat_messages_stored", "skillswap_chat_archive_batch_size", "skillswap_chat_archive_commit_duration" })
        {
            Assert.Contains(name, metrics, StringComparison.Ordinal);
        }
        var health = await http.GetStringAsync("/health");
        Assert.Equal("Healthy", health);
    }

    /// <summary>The event bus's count of settled deliveries, as the replicas export it.</summary>
    internal const string ConsumedCounter = "skillswap_eventbus_consumed_total";

    private async Task<string> PresenceOfAsync(Guid viewer, Guid contact) =>
        (await app.PresenceListAsync(viewer)).Single(presence => presence.UserId == contact).Status;
}
