using System.Net;
using System.Net.Http.Json;
using SkillSwap.IntegrationEvents;
using SkillSwap.Sessions.Model;
using SkillSwap.Sessions.Tests.Infrastructure;
using SkillSwap.Testing;

namespace SkillSwap.Sessions.Tests;

/// <summary>
/// Times are instants in UTC, checked against the teacher's availability and shown on each participant's clock on
/// the session's own date, so daylight-saving changes between now and then move nothing.
/// </summary>
[Collection(SessionsCollection.Name)]
public sealed class TimeZoneTests(SessionsApp app)
{
    [Fact]
    public async Task An_older_profile_edit_arriving_after_a_newer_one_changes_nothing()
    {
        var userId = Guid.CreateVersion7();
        var newer = new ProfileUpdated(userId, "Newer", ["en"], "Asia/Tokyo", "public") { ProfileVersion = 3, Availability = [] };
        var older = new ProfileUpdated(userId, "Older", ["en"], "Europe/Paris", "public") { ProfileVersion = 2, Availability = [] };

        await app.PublishAsync(newer);
        await app.WaitUntilHandledAsync(newer);
        await app.PublishAsync(older);
        await app.WaitUntilHandledAsync(older);

        Assert.Equal("Asia/Tokyo", await app.ParticipantZoneAsync(userId));
    }

    [Fact]
    public async Task Availability_and_local_times_follow_each_participants_daylight_saving_rules()
    {
        var bookings = new Bookings(app);
        var teacherId = Guid.CreateVersion7();
        var learnerId = Guid.CreateVersion7();
        // Mondays 18:00–20:00 in Paris; the learner lives in New York.
        await bookings.DescribeAsync(teacherId, "Europe/Paris", new WeeklyAvailability(DayOfWeek.Monday, 18 * 60, 20 * 60));
        await bookings.DescribeAsync(learnerId, "America/New_York");
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        // The first Monday in winter time and the first one in summer time (Paris) at least a week away.
        var winterMonday = NextMonday(app.Clock.GetUtcNow().AddDays(7), paris, summer: false);
        var summerMonday = NextMonday(winterMonday, paris, summer: true);
        var winterSlot = LocalSix(winterMonday, paris);
        var summerSlot = LocalSix(summerMonday, paris);
        Assert.NotEqual(winterSlot.UtcDateTime.Hour, summerSlot.UtcDateTime.Hour);

        var request = await bookings.RequestAsync(learnerId, teacherId, [winterSlot, summerSlot], 120);

        Assert.All(request.ProposedSlots, slot => Assert.Equal(TimeZoneInfo.ConvertTime(slot.StartsAt, TimeZoneInfo.FindSystemTimeZoneById("America/New_York")).Offset, slot.StartsAtLocal.Offset));
        var teacherView = request.Participants.Single(p => p.Role == "teacher");
        Assert.Equal("Europe/Paris", teacherView.TimeZone);
        Assert.Equal(18, teacherView.StartsAtLocal.Hour);
        Assert.Equal("America/New_York", request.TimeZone);

        // 19:00 local for two hours runs past 20:00 on the teacher's clock: refused, nothing stored.
        using var learner = app.ClientFor(learnerId);
        var outside = await learner.PostAsJsonAsync("/api/v1/sessions", new
        {
            teacherId,
            skill = "French",
            proposedStarts = new[] { summerSlot.AddHours(1) },
            durationMinutes = 120,
            format = "online",
        });
        await ProblemAssertions.AssertProblemAsync(outside, HttpStatusCode.UnprocessableEntity, "outside-availability");

        var sessionId = Guid.Parse(request.Id);
        await bookings.HoldAsync(sessionId, learnerId, 120);
        using var teacher = app.ClientFor(teacherId);
        var accepted = await (await teacher.PostAsJsonAsync($"/api/v1/sessions/{sessionId}/accept", new { startsAt = summerSlot }))
            .ReadAsync<SessionResponse>(HttpStatusCode.OK);
        Assert.Equal(summerSlot, accepted.StartsAt);
        Assert.Equal(TimeSpan.FromHours(2), accepted.StartsAtLocal.Offset);
        Assert.Equal(18, accepted.StartsAtLocal.Hour);
    }

    private static DateTimeOffset NextMonday(DateTimeOffset after, TimeZoneInfo zone, bool summer)
    {
        var day = after.UtcDateTime.Date.AddDays(1);
        while (day.DayOfWeek != DayOfWeek.Monday || zone.IsDaylightSavingTime(day.AddHours(12)) != summer)
        {
            day = day.AddDays(1);
        }
        return new DateTimeOffset(day, TimeSpan.Zero);
    }

    private static DateTimeOffset LocalSix(DateTimeOffset monday, TimeZoneInfo zone)
    {
        var local = monday.Date.AddHours(18);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
