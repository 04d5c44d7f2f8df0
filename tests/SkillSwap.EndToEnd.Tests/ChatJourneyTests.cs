using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using SkillSwap.Testing;

namespace SkillSwap.EndToEnd.Tests;

/// <summary>
/// Two members talk as the app does: one SignalR connection each through the gateway's WebSocket (the two Chat replicas
/// behind it form one Orleans cluster), the access token from sign-in, history over HTTP through the gateway.
/// </summary>
[Collection(SkillSwapAppCollection.Name)]
public sealed class ChatJourneyTests(SkillSwapApp app)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Two_members_chat_both_ways_in_real_time_through_the_gateway()
    {
        var client = new MobileClient(app.Gateway);
        var (aliceToken, aliceId) = await Journeys.SignedInAsync(app, client, "Alice");
        var (bobToken, bobId) = await Journeys.SignedInAsync(app, client, "Bob");
        // Chat learns of Bob's account from Identity's event: retried while it is on its way.
        var opened = await Journeys.EventuallyAsync(() => client.SendAsync(HttpMethod.Post, "/api/v1/conversations", aliceToken, new { userId = bobId }), HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        var conversation = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        await using var alice = await ChatAppClient.ConnectAsync(app.Gateway.BaseAddress!, aliceToken);
        await using var bob = await ChatAppClient.ConnectAsync(app.Gateway.BaseAddress!, bobToken);

        var hello = await alice.SendAsync(conversation, "a-1", "Hi Bob, ready for Thursday?");
        await Eventually.WaitUntilAsync(() => Task.FromResult(bob.Held(conversation).Count == 1), Wait, "Bob receives Alice's message");
        Assert.Equal((hello.Sequence, Guid.Parse(aliceId)), (bob.Held(conversation)[0].Sequence, bob.Held(conversation)[0].SenderId));

        await bob.Connection.InvokeAsync<JsonElement>("MarkRead", conversation, hello.Sequence);
        await Eventually.WaitUntilAsync(() => Task.FromResult(alice.Events<ChatReadReceipt>("read").Any(receipt => receipt.UserId == Guid.Parse(bobId))), Wait, "Alice sees Bob read it");
        await bob.Connection.InvokeAsync<bool>("Typing", conversation);
        await Eventually.WaitUntilAsync(() => Task.FromResult(alice.Events<ChatTyping>("typing").Any(typing => typing.UserId == Guid.Parse(bobId))), Wait, "Alice sees Bob typing");

        var answer = await bob.SendAsync(conversation, "b-1", "Yes! See you then.");
        await Eventually.WaitUntilAsync(() => Task.FromResult(alice.Held(conversation).Count == 2), Wait, "Alice receives Bob's answer");

        // The app lost the answer to a send and sent it again: stored once.
        var retried = await alice.SendAsync(conversation, "a-2", "I'll bring the music sheets");
        Assert.Equal(retried, await alice.SendAsync(conversation, "a-2", "I'll bring the music sheets"));

        var pages = new List<List<long>>();
        string? cursor = null;
        do
        {
            var response = await client.GetAsync($"/api/v1/conversations/{conversation}/messages?limit=2{(cursor is null ? "" : $"&cursor={cursor}")}", bobToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await response.Content.ReadFromJsonAsync<JsonElement>();
            pages.Add([.. page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("sequence").GetInt64())]);
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        Assert.Equal([[retried.Sequence, answer.Sequence], [hello.Sequence]], pages);

        var unread = await (await client.GetAsync("/api/v1/conversations/unread", bobToken)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, unread.GetProperty("total").GetInt64());
        var stranger = await client.GetAsync($"/api/v1/conversations/{conversation}/messages", (await Journeys.SignedInAsync(app, client, "Eve")).AccessToken);
        Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);
    }
}
