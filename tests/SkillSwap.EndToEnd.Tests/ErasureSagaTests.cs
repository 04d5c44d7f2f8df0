using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SkillSwap.IntegrationEvents;
using SkillSwap.Testing;

namespace SkillSwap.EndToEnd.Tests;

/// <summary>The right to erasure across services: Identity asks, Profiles, Sessions and Payments erase and answer, Identity finishes.</summary>
[Collection(SkillSwapAppCollection.Name)]
public sealed class ErasureSagaTests(SkillSwapApp app)
{
    [Fact]
    public async Task Erasing_an_account_erases_every_services_part_then_the_account_and_shows_the_status()
    {
        var client = new MobileClient(app.Gateway);
        await using var events = await IntegrationEventProbe.StartAsync(
            await app.ConnectionStringAsync("eventbus"),
            nameof(EmailVerificationRequested), nameof(UserDataErased), nameof(UserErased));
        var email = $"erase-{Guid.NewGuid():N}@example.org";
        Assert.Equal(HttpStatusCode.Accepted, (await client.SignUpAsync(email)).StatusCode);
        var verification = await events.WaitForAsync<EmailVerificationRequested>(e => e.Email == email);
        Assert.Equal(HttpStatusCode.NoContent, (await client.VerifyEmailAsync(verification.Token)).StatusCode);
        var (accessToken, _) = await MobileClient.ReadTokensAsync(await client.LogInAsync(email));
        var userId = verification.UserId;
        await WaitUntilAsync(async () => (await client.GetAsync("/api/v1/profiles/me", accessToken)).StatusCode == HttpStatusCode.OK);

        using var erase = new HttpRequestMessage(HttpMethod.Delete, "/api/v1/identity/me")
        {
            Content = JsonContent.Create(new { password = MobileClient.Password }),
        };
        erase.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        Assert.Equal(HttpStatusCode.Accepted, (await app.Gateway.SendAsync(erase)).StatusCode);

        foreach (var service in new[] { "profiles", "sessions", "payments", "chat", "reviews", "notifications", "administration" })
        {
            await events.WaitForAsync<UserDataErased>(e => e.UserId == userId && e.Service == service, TimeSpan.FromSeconds(60));
        }
        await events.WaitForAsync<UserErased>(e => e.UserId == userId, TimeSpan.FromSeconds(60));

        var status = await (await client.GetAsync("/api/v1/identity/me/erasure", accessToken)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("completed", status.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/profiles/me", accessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.LogInAsync(email)).StatusCode);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 30 s");
            await Task.Delay(250);
        }
    }
}
