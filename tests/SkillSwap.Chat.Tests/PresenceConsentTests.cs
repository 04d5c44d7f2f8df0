using System.Net;
using System.Net.Http.Json;
using SkillSwap.Testing;

namespace SkillSwap.Chat.Tests;

/// <summary>
/// Presence is shared by consent: only between people who both took part in a conversation, and never for someone who
/// turned it off. Opening a conversation with a stranger shows nothing of them.
/// </summary>
[Collection(ChatClusterCollection.Name)]
public sealed class PresenceConsentTests(ChatClusterApp app)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_stranger_who_opens_a_conversation_sees_nothing_until_the_other_replies()
    {
        var (alice, bob, withBob) = await app.PairAsync();
        await app.TalkAsync(bob, alice, withBob);
        var mallory = await app.RegisterAsync();
        var withMallory = await app.OpenAsync(mallory, alice);
        using var malloryHttp = app.HttpFor(mallory);
        (await malloryHttp.PostAsJsonAsync($"/api/v1/conversations/{withMallory}/messages", new { clientMessageId = "m-1", text = "Are you online?" }))
            .EnsureSuccessStatusCode();
        await using var malloryApp = await app.ConnectAsync(mallory, replica: 1);
        await using var bobApp = await app.ConnectAsync(bob, replica: 0);

        var aliceApp = await app.ConnectAsync(alice, replica: 0);
        await Eventually.WaitUntilAsync(() => Task.FromResult(bobApp.Events<ChatPresence>("presence").Any(p => p.UserId == alice && p.Status == "online")), Wait, "Bob is told Alice came online");
        await aliceApp.DisposeAsync();
        await Eventually.WaitUntilAsync(() => Task.FromResult(bobApp.Events<ChatPresence>("presence").Any(p => p.UserId == alice && p.Status == "offline")), Wait, "Bob is told Alice left");
        Assert.DoesNotContain(await app.PresenceListAsync(mallory), presence => presence.UserId == alice);
        Assert.DoesNotContain(await app.PresenceListAsync(alice), presence => presence.UserId == mallory);

        // Alice answers: now they both took part.
        await app.TalkAsync(mallory, alice, withMallory);
        Assert.Contains(await app.PresenceListAsync(alice), presence => presence.UserId == mallory);
        // The witness: Alice comes online again and Mallory may be told. Her earlier visit left the same grain before
        // it, so had it reached Mallory it would be here too: one "online", not two.
        await using var aliceAgain = await app.ConnectAsync(alice, replica: 0);
        await Eventually.WaitUntilAsync(() => Task.FromResult(malloryApp.Events<ChatPresence>("presence").Any(p => p.UserId == alice && p.Status == "online")),
            Wait, "Mallory is told Alice came online once they both took part");
        Assert.Single(malloryApp.Events<ChatPresence>("presence"), presence => presence.UserId == alice && presence.Status == "online");
    }

    [Fact]
    public async Task Someone_who_hides_their_presence_is_seen_by_nobody_and_sees_nobody()
    {
        var (alice, bob, conversation) = await app.PairAsync();
        await app.TalkAsync(bob, alice, conversation);
        using var aliceHttp = app.HttpFor(alice);
        await using var bobApp = await app.ConnectAsync(bob, replica: 1);
        await using var aliceApp = await app.ConnectAsync(alice, replica: 0);
        await Eventually.WaitUntilAsync(() => Task.FromResult(bobApp.Events<ChatPresence>("presence").Any(p => p.UserId == alice && p.Status == "online")), Wait, "Bob sees Alice online");
        Assert.True((await aliceHttp.GetFromJsonAsync<PresenceSharingView>("/api/v1/chat/presence/sharing", ChatClusterApp.Json))!.Shares);

        await (await aliceHttp.PutAsJsonAsync("/api/v1/chat/presence/sharing", new { })).AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        var hidden = await aliceHttp.PutAsJsonAsync("/api/v1/chat/presence/sharing", new { shares = false });

        Assert.False((await hidden.Content.ReadFromJsonAsync<PresenceSharingView>(ChatClusterApp.Json))!.Shares);
        await Eventually.WaitUntilAsync(() => Task.FromResult(bobApp.Events<ChatPresence>("presence").Any(p => p.UserId == alice && p is { Status: "offline", LastSeen: null })),
            Wait, "Bob sees Alice go offline, without a last seen, while she is still connected");
        Assert.DoesNotContain(await app.PresenceListAsync(bob), presence => presence.UserId == alice);
        Assert.Empty(await app.PresenceListAsync(alice));
        Assert.False((await aliceHttp.GetFromJsonAsync<PresenceSharingView>("/api/v1/chat/presence/sharing", ChatClusterApp.Json))!.Shares);

        (await aliceHttp.PutAsJsonAsync("/api/v1/chat/presence/sharing", new { shares = true })).EnsureSuccessStatusCode();
        Assert.Equal("online", (await app.PresenceListAsync(bob)).Single(presence => presence.UserId == alice).Status);
    }

    private sealed record PresenceSharingView(bool Shares);
}
