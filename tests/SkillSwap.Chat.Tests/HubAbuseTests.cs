using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using SkillSwap.Testing;

namespace SkillSwap.Chat.Tests;

/// <summary>
/// What one member can make the hub do: every method is rate limited per person whatever the number of their
/// connections, the connections per person are capped, and guessed conversation ids activate nothing.
/// </summary>
[Collection(ChatClusterCollection.Name)]
public sealed class HubAbuseTests(ChatClusterApp app)
{
    private const int CallsPerSecond = 50;

    [Fact]
    public async Task Every_hub_method_is_limited_per_person_across_their_connections()
    {
        var (alice, _, conversation) = await app.PairAsync();
        await using var first = await app.ConnectAsync(alice);
        await using var second = await app.ConnectAsync(alice);

        var clock = Stopwatch.StartNew();
        var calls = Enumerable.Range(0, 400).Select(async call =>
        {
            try
            {
                await (call % 2 == 0 ? first : second).Connection.InvokeAsync<bool>("Typing", conversation);
                return "ok";
            }
            catch (HubException refused)
            {
                return ChatAppClient.RefusalOf(refused);
            }
        });
        var answers = await Task.WhenAll(calls);
        clock.Stop();

        var accepted = answers.Count(answer => answer == "ok");
        Assert.Equal(400 - accepted, answers.Count(answer => answer == "rate-limited"));
        // A burst of twice the rate, then the rate: whatever the number of connections the calls came through.
        Assert.InRange(accepted, CallsPerSecond, 2 * CallsPerSecond + (int)Math.Ceiling(CallsPerSecond * clock.Elapsed.TotalSeconds));
    }

    [Fact]
    public async Task A_person_holds_at_most_ten_connections_and_gets_one_back_when_they_close_one()
    {
        var me = await app.RegisterAsync();
        var token = app.TokenFor(me);
        var open = new List<ChatAppClient>();
        try
        {
            for (var connection = 0; connection < 10; connection++)
            {
                open.Add(await ChatAppClient.ConnectAsync(app.Replicas[connection % 2].BaseAddress, token));
            }

            Assert.False(await app.StaysOpenAsync(token, replica: 0));
            Assert.False(await app.StaysOpenAsync(token, replica: 1));

            await open[0].DisposeAsync();
            open.RemoveAt(0);
            await Eventually.WaitUntilAsync(() => app.StaysOpenAsync(token, replica: 1), TimeSpan.FromSeconds(10), "a connection is allowed again");
            Assert.All(open, connection => Assert.Equal(HubConnectionState.Connected, connection.Connection.State));
        }
        finally
        {
            foreach (var connection in open)
            {
                await connection.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Guessed_conversation_ids_are_refused_without_activating_anything()
    {
        var mallory = await app.RegisterAsync();
        await using var hub = await app.ConnectAsync(mallory);
        using var http = app.HttpFor(mallory, replica: 1);
        string[] guesses =
        [
            .. Enumerable.Range(0, 10).Select(_ => $"s-{Guid.NewGuid():N}"),
            .. Enumerable.Range(0, 10).Select(_ => DirectIdOf(mallory, Guid.NewGuid())),
        ];
        var activationsBefore = await app.CounterAsync("skillswap_chat_conversation_activations_total");

        foreach (var guess in guesses)
        {
            var refused = await Assert.ThrowsAsync<HubException>(() => hub.Connection.InvokeAsync<bool>("Typing", guess));
            Assert.Equal("conversation-not-found", ChatAppClient.RefusalOf(refused));
            await (await http.GetAsync($"/api/v1/conversations/{guess}")).AssertProblemAsync(HttpStatusCode.NotFound, "conversation-not-found");
        }

        // The witness comes after the guesses: a real conversation opened now is one activation. Once the counter shows
        // it, it shows everything before it too, so exactly one more proves the forty guesses activated nothing.
        await app.PairAsync();
        var activationsAfter = activationsBefore;
        await Eventually.WaitUntilAsync(async () => (activationsAfter = await app.CounterAsync("skillswap_chat_conversation_activations_total")) > activationsBefore,
            TimeSpan.FromSeconds(10), "the opened conversation's activation is counted");
        Assert.Equal(activationsBefore + 1, activationsAfter);
    }

    /// <summary>Chat's id of the direct conversation of two people (the lower id first).</summary>
    private static string DirectIdOf(Guid one, Guid other) =>
        one.CompareTo(other) < 0 ? $"d-{one:N}-{other:N}" : $"d-{other:N}-{one:N}";
}
