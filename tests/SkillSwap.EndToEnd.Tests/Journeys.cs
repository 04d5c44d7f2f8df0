using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SkillSwap.IntegrationEvents;
using SkillSwap.Testing;

namespace SkillSwap.EndToEnd.Tests;

/// <summary>Steps several journeys share.</summary>
public static class Journeys
{
    /// <summary>Signs a new user up and follows the verification link from the event Identity published; returns the email.</summary>
    public static async Task<string> SignUpVerifiedAsync(SkillSwapApp app, MobileClient client, string locale = "en", string displayName = "Ada", string? email = null)
    {
        await using var events = await IntegrationEventProbe.StartAsync(
            await app.ConnectionStringAsync("eventbus"), nameof(EmailVerificationRequested));
        email ??= $"user-{Guid.NewGuid():N}@example.org";
        Assert.Equal(HttpStatusCode.Accepted, (await client.SignUpAsync(email, locale, displayName)).StatusCode);
        var verification = await events.WaitForAsync<EmailVerificationRequested>(e => e.Email == email);
        Assert.Equal(HttpStatusCode.NoContent, (await client.VerifyEmailAsync(verification.Token)).StatusCode);
        return email;
    }

    /// <summary>A verified user signed in, once Profiles has their profile: their access token and user id.</summary>
    public static async Task<(string AccessToken, string UserId)> SignedInAsync(SkillSwapApp app, MobileClient client, string name)
    {
        var (accessToken, userId, _) = await SignedInWithEmailAsync(app, client, name, "en");
        return (accessToken, userId);
    }

    /// <summary>As <see cref="SignedInAsync"/>, signing up in <paramref name="locale"/>; also returns the address.</summary>
    public static async Task<(string AccessToken, string UserId, string Email)> SignedInWithEmailAsync(
        SkillSwapApp app, MobileClient client, string name, string locale)
    {
        var email = await SignUpVerifiedAsync(app, client, locale, name);
        return await SignedInAsAsync(client, email);
    }

    /// <summary>The suite's staff member (<see cref="SkillSwapApp.StaffEmail"/>, an admin), signed up on first use, signed in.</summary>
    public static async Task<(string AccessToken, string UserId, string Email)> StaffSignedInAsync(SkillSwapApp app, MobileClient client) =>
        await SignedInAsAsync(client, await app.StaffSignedUpAsync(client));

    private static async Task<(string AccessToken, string UserId, string Email)> SignedInAsAsync(MobileClient client, string email)
    {
        var (accessToken, _) = await MobileClient.ReadTokensAsync(await client.LogInAsync(email));
        var profile = await EventuallyAsync(() => client.GetAsync("/api/v1/profiles/me", accessToken), HttpStatusCode.OK);
        var userId = (await profile.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("userId").GetString()!;
        return (accessToken, userId, email);
    }

    /// <summary>
    /// Retries until the expected status (30 s): what other services build from events takes a moment. Throws on
    /// timeout, naming the last answer, so a caller never goes on with an unexpected one.
    /// </summary>
    public static async Task<HttpResponseMessage> EventuallyAsync(Func<Task<HttpResponseMessage>> call, HttpStatusCode expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var response = await call();
            if (response.StatusCode == expected)
            {
                return response;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(
                    $"expected {(int)expected} within 30 s; the last answer was {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
            response.Dispose();
            await Task.Delay(250);
        }
    }

    /// <summary>The caller's wallet once <paramref name="condition"/> holds (30 s): Payments learns of bookings from events.</summary>
    public static async Task<JsonElement> WalletAsync(MobileClient client, string accessToken, Func<JsonElement, bool> condition)
    {
        var wallet = default(JsonElement);
        await Eventually.WaitUntilAsync(async () =>
        {
            wallet = await (await client.GetAsync("/api/v1/wallet", accessToken)).Content.ReadFromJsonAsync<JsonElement>();
            return condition(wallet);
        }, TimeSpan.FromSeconds(30), () => $"wallet never reached the expected state: {wallet}");
        return wallet;
    }

    /// <summary>The session as the caller sees it once it has <paramref name="status"/> (30 s).</summary>
    public static async Task<JsonElement> SessionAsync(MobileClient client, string accessToken, string sessionId, string status)
    {
        var session = default(JsonElement);
        await Eventually.WaitUntilAsync(async () =>
        {
            session = await (await client.GetAsync($"/api/v1/sessions/{sessionId}", accessToken)).Content.ReadFromJsonAsync<JsonElement>();
            return session.GetProperty("status").GetString() == status;
        }, TimeSpan.FromSeconds(30), () => $"session never became {status}: {session}");
        return session;
    }

    /// <summary>The first quarter hour at least <paramref name="after"/> from now: the earliest start Sessions accepts then.</summary>
    public static DateTimeOffset QuarterHourAfter(TimeSpan after)
    {
        var earliest = DateTimeOffset.UtcNow + after;
        var quarter = TimeSpan.FromMinutes(15).Ticks;
        return new DateTimeOffset((earliest.UtcTicks + quarter - 1) / quarter * quarter, TimeSpan.Zero);
    }

    /// <summary>
    /// A one-to-one session the learner asked for and the teacher accepted, its credits held by Payments: the learner
    /// asks (retried while Sessions learns of the teacher), Payments holds the minutes, the teacher accepts.
    /// </summary>
    public static async Task<string> ConfirmedSessionAsync(
        MobileClient client, string learnerToken, string teacherToken, string teacherId, string skill, DateTimeOffset start, int minutes)
    {
        var requested = await EventuallyAsync(() => client.SendAsync(HttpMethod.Post, "/api/v1/sessions", learnerToken, new
        {
            teacherId, skill, proposedStarts = new[] { start }, durationMinutes = minutes, format = "online",
        }), HttpStatusCode.Created);
        var sessionId = (await requested.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await WalletAsync(client, learnerToken, wallet => wallet.GetProperty("heldMinutes").GetInt64() >= minutes);
        await SessionAsync(client, learnerToken, sessionId, "requested");
        var accepted = await client.SendAsync(HttpMethod.Post, $"/api/v1/sessions/{sessionId}/accept", teacherToken, new { startsAt = start });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("confirmed", (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        return sessionId;
    }
}
