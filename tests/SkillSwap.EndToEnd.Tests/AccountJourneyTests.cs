using System.Net;
using SkillSwap.IntegrationEvents;
using SkillSwap.Testing;

namespace SkillSwap.EndToEnd.Tests;

[Collection(SkillSwapAppCollection.Name)]
public sealed class AccountJourneyTests(SkillSwapApp app)
{
    [Fact]
    public async Task A_new_user_signs_up_verifies_logs_in_refreshes_uses_another_service_and_logs_out()
    {
        var client = new MobileClient(app.Gateway);
        await using var events = await IntegrationEventProbe.StartAsync(
            await app.ConnectionStringAsync("eventbus"), nameof(EmailVerificationRequested));
        var email = $"ada-{Guid.NewGuid():N}@example.org";

        Assert.Equal(HttpStatusCode.Accepted, (await client.SignUpAsync(email)).StatusCode);
        // The email a user would receive carries this token; here it is read from the event Identity published.
        var verification = await events.WaitForAsync<EmailVerificationRequested>(e => e.Email == email);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.LogInAsync(email)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.VerifyEmailAsync(verification.Token)).StatusCode);
        // Single use: the same link a second time is refused.
        Assert.Equal(HttpStatusCode.BadRequest, (await client.VerifyEmailAsync(verification.Token)).StatusCode);

        var (_, firstRefresh) = await MobileClient.ReadTokensAsync(await client.LogInAsync(email));
        var (accessToken, refreshToken) = await MobileClient.ReadTokensAsync(await client.RefreshAsync(firstRefresh));

        // Identity's own endpoint, and a second service that only knows Identity through its JWKS document.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/identity/me", accessToken)).StatusCode);
        var profile = await Journeys.EventuallyAsync(() => client.GetAsync("/api/v1/profiles/me", accessToken), HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/profiles/me", accessToken: null)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await client.LogOutAsync(refreshToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.RefreshAsync(refreshToken)).StatusCode);
    }

    [Fact]
    public async Task Reusing_a_refresh_token_revokes_its_whole_family()
    {
        var client = new MobileClient(app.Gateway);
        var email = await Journeys.SignUpVerifiedAsync(app, client);

        var (_, original) = await MobileClient.ReadTokensAsync(await client.LogInAsync(email));
        var (_, rotated) = await MobileClient.ReadTokensAsync(await client.RefreshAsync(original));

        // A thief replays the old token: refused, and the legitimate, newer token dies with it.
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.RefreshAsync(original)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.RefreshAsync(rotated)).StatusCode);

        // Logging in again starts a new family.
        var (_, fresh) = await MobileClient.ReadTokensAsync(await client.LogInAsync(email));
        Assert.Equal(HttpStatusCode.OK, (await client.RefreshAsync(fresh)).StatusCode);
    }
}
