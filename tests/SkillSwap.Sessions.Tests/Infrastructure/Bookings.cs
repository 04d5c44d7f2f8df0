using System.Net;
using System.Net.Http.Json;
using SkillSwap.IntegrationEvents;
using SkillSwap.Sessions.Model;
using SkillSwap.Testing;

namespace SkillSwap.Sessions.Tests.Infrastructure;

/// <summary>The steps of a booking as the apps and Payments take them, for tests to reach a state the real way.</summary>
public sealed class Bookings(SessionsApp app)
{
    /// <summary>A quarter-hour start <paramref name="ahead"/> from the test clock's now.</summary>
    public DateTimeOffset Slot(TimeSpan ahead)
    {
        var instant = app.Clock.GetUtcNow().Add(ahead);
        var utc = instant.UtcDateTime;
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute / 15 * 15, 0, TimeSpan.Zero).AddMinutes(15);
    }

    public async Task<SessionResponse> RequestAsync(Guid learnerId, Guid teacherId, IReadOnlyList<DateTimeOffset> starts, int durationMinutes = 60)
    {
        await app.RegisterAsync(teacherId);
        using var client = app.ClientFor(learnerId);
        var response = await client.PostAsJsonAsync("/api/v1/sessions", new
        {
            teacherId,
            skill = "Spanish conversation",
            proposedStarts = starts,
            durationMinutes,
            format = "online",
            message = "Hola!",
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<SessionResponse>(SessionsApp.Json))!;
    }

    /// <summary>Payments' answer to the hold, published as Payments does; waits until Sessions applied it.</summary>
    public async Task HoldAsync(Guid sessionId, Guid learnerId, int minutes = 60)
    {
        await app.PublishAsync(new CreditsHeld(sessionId, sessionId, learnerId, minutes));
        await app.WaitForStatusAsync(sessionId, SessionStatus.Requested);
    }

    /// <summary>Requested, held and accepted: a planned one-to-one session.</summary>
    public async Task<Guid> ConfirmedAsync(Guid learnerId, Guid teacherId, DateTimeOffset start, int durationMinutes = 60)
    {
        var session = await RequestAsync(learnerId, teacherId, [start], durationMinutes);
        var sessionId = Guid.Parse(session.Id);
        await HoldAsync(sessionId, learnerId, durationMinutes);
        using var teacher = app.ClientFor(teacherId);
        var accepted = await teacher.PostAsJsonAsync($"/api/v1/sessions/{sessionId}/accept", new { startsAt = start });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        return sessionId;
    }

    public async Task<HttpResponseMessage> PostAsync(Guid userId, string path, object? body = null, string role = "member")
    {
        using var client = app.ClientFor(userId, role);
        return await client.PostAsJsonAsync(path, body ?? new { });
    }

    /// <summary>Describes a person to Sessions as Profiles does, and waits until Sessions knows them.</summary>
    public async Task DescribeAsync(Guid userId, string timeZone, params WeeklyAvailability[] availability)
    {
        await app.PublishAsync(new ProfileUpdated(userId, $"User {userId:N}"[..13], ["en"], timeZone, "public") { Availability = availability });
        await Eventually.WaitUntilAsync(async () => await app.ParticipantZoneAsync(userId) == timeZone, TimeSpan.FromSeconds(20),
            $"participant {userId} described");
    }
}
