using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.SignalR.Client;
using SkillSwap.IntegrationEvents;
using SkillSwap.Testing;

namespace SkillSwap.Chat.Tests;

/// <summary>
/// A realtime connection lasts no longer than the right to it: closed when its token expires, and within seconds of
/// Identity ending its sign-in (on every replica), after which that sign-in's tokens open nothing in Chat.
/// </summary>
[Collection(ChatClusterCollection.Name)]
public sealed class EndedSignInTests(ChatClusterApp app)
{
    private static readonly TimeSpan Promptly = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_connection_closes_when_its_token_expires_and_the_expired_token_keeps_none_open()
    {
        var me = await app.RegisterAsync();
        var shortLived = app.Tokens.ExpiringIn(me, TimeSpan.FromSeconds(4));
        await using var connection = await ChatAppClient.ConnectAsync(app.Replicas[0].BaseAddress, shortLived);

        await connection.Closed.WaitAsync(TimeSpan.FromSeconds(4) + Promptly);

        // Within the validation's clock skew the expired token may still pass the door, but the connection it opens
        // is closed at the next check: what must never happen is a connection that stays.
        await Eventually.WaitUntilAsync(async () => !await app.StaysOpenAsync(shortLived, replica: 1), Promptly, "the expired token keeps no connection open");
    }

    [Fact]
    public async Task An_ended_sign_in_loses_its_connections_on_every_replica_and_its_tokens_while_another_sign_in_keeps_its_own()
    {
        var me = await app.RegisterAsync();
        var (phoneSignIn, laptopSignIn) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var phoneToken = app.Tokens.TokenFor(me, phoneSignIn);
        var laptopToken = app.Tokens.TokenFor(me, laptopSignIn);
        await using var phoneOnReplica0 = await ChatAppClient.ConnectAsync(app.Replicas[0].BaseAddress, phoneToken);
        await using var phoneOnReplica1 = await ChatAppClient.ConnectAsync(app.Replicas[1].BaseAddress, phoneToken);
        await using var laptop = await ChatAppClient.ConnectAsync(app.Replicas[1].BaseAddress, laptopToken);

        await app.PublishAsync(new SignInsEnded(me, [phoneSignIn], DateTimeOffset.UtcNow, "logout"));

        await Task.WhenAll(phoneOnReplica0.Closed, phoneOnReplica1.Closed).WaitAsync(Promptly);
        Assert.Equal(HubConnectionState.Connected, laptop.Connection.State);
        await Assert.ThrowsAnyAsync<Exception>(() => ChatAppClient.ConnectAsync(app.Replicas[0].BaseAddress, phoneToken));
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetConversationsAsync(phoneToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetConversationsAsync(laptopToken)).StatusCode);

        await app.PublishAsync(new SignInsEnded(me, [phoneSignIn, laptopSignIn], DateTimeOffset.UtcNow, "password-reset"));

        await laptop.Closed.WaitAsync(Promptly);
        await Assert.ThrowsAnyAsync<Exception>(() => ChatAppClient.ConnectAsync(app.Replicas[1].BaseAddress, laptopToken));
        var newSignIn = app.Tokens.TokenFor(me, Guid.CreateVersion7());
        await using var afterReset = await ChatAppClient.ConnectAsync(app.Replicas[0].BaseAddress, newSignIn);
        Assert.Equal(HubConnectionState.Connected, afterReset.Connection.State);
    }

    private async Task<HttpResponseMessage> GetConversationsAsync(string token)
    {
        using var http = new HttpClient { BaseAddress = app.Replicas[0].BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.GetAsync("/api/v1/conversations");
    }
}
