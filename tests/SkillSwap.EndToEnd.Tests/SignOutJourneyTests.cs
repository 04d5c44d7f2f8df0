using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using SkillSwap.IntegrationEvents;
using SkillSwap.Testing;

namespace SkillSwap.EndToEnd.Tests;

/// <summary>
/// What a stolen access token is worth after its owner acts, through the gateway as the app and an attacker use it:
/// the realtime connection opened with it closes within seconds of a logout or a password reset, and the token (still
/// within its lifetime) opens no new one.
/// </summary>
[Collection(SkillSwapAppCollection.Name)]
public sealed class SignOutJourneyTests(SkillSwapApp app)
{
    private static readonly TimeSpan Promptly = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_logout_closes_that_devices_connection_within_seconds_and_its_token_opens_no_other()
    {
        var client = new MobileClient(app.Gateway);
        var email = await Journeys.SignUpVerifiedAsync(app, client);
        var (phoneToken, phoneRefresh) = await MobileClient.ReadTokensAsync(await client.LogInAsync(email));
        var (laptopToken, _) = await MobileClient.ReadTokensAsync(await client.LogInAsync(email));
        await using var phone = await ChatAppClient.ConnectAsync(app.Gateway.BaseAddress!, phoneToken);
        await using var laptop = await ChatAppClient.ConnectAsync(app.Gateway.BaseAddress!, laptopToken);

        Assert.Equal(HttpStatusCode.NoContent, (await client.LogOutAsync(phoneRefresh)).StatusCode);

        await phone.Closed.WaitAsync(Promptly);
        await Assert.ThrowsAnyAsync<Exception>(() => ChatAppClient.ConnectAsync(app.Gateway.BaseAddress!, phoneToken));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/conversations", phoneToken)).StatusCode);
        // The laptop signed in on its own: the phone's logout is not its logout.
        Assert.Equal(HubConnectionState.Connected, laptop.Connection.State);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/conversations", laptopToken)).StatusCode);
    }

    [Fact]
    public async Task A_password_reset_closes_every_connection_of_the_account_within_seconds()
    {
        var client = new MobileClient(app.Gateway);
        var email = await Journeys.SignUpVerifiedAsync(app, client);
        var (victimToken, _) = await MobileClient.ReadTokensAsync(await client.LogInAsync(email));
        var (attackerToken, _) = await MobileClient.ReadTokensAsync(await client.LogInAsync(email));
        await using var victim = await ChatAppClient.ConnectAsync(app.Gateway.BaseAddress!, victimToken);
        await using var attacker = await ChatAppClient.ConnectAsync(app.Gateway.BaseAddress!, attackerToken);
        await using var events = await IntegrationEventProbe.StartAsync(await app.ConnectionStringAsync("eventbus"), nameof(PasswordResetRequested));

        Assert.Equal(HttpStatusCode.Accepted, (await app.Gateway.PostAsJsonAsync("/api/v1/identity/password-reset", new { email })).StatusCode);
        var reset = await events.WaitForAsync<PasswordResetRequested>(e => e.Email == email);
        Assert.Equal(HttpStatusCode.NoContent, (await app.Gateway.PostAsJsonAsync("/api/v1/identity/password-reset/confirm",
            new { token = reset.Token, newPassword = "a brand new passphrase" })).StatusCode);

        await Task.WhenAll(victim.Closed, attacker.Closed).WaitAsync(Promptly);
        await Assert.ThrowsAnyAsync<Exception>(() => ChatAppClient.ConnectAsync(app.Gateway.BaseAddress!, attackerToken));
        var (freshToken, _) = await MobileClient.ReadTokensAsync(await client.LogInAsync(email, "a brand new passphrase"));
        await using var afterReset = await ChatAppClient.ConnectAsync(app.Gateway.BaseAddress!, freshToken);
        Assert.Equal(HubConnectionState.Connected, afterReset.Connection.State);
    }
}
