using System.Net;
using System.Net.Http.Json;
using SkillSwap.IntegrationEvents;
using SkillSwap.Sessions.Model;
using SkillSwap.Sessions.Tests.Infrastructure;

namespace SkillSwap.Sessions.Tests;

[Collection(SessionsCollection.Name)]
public sealed class CalendarAndErasureTests(SessionsApp app)
{
    [Fact]
    public async Task The_calendar_feed_holds_ones_own_sessions_in_UTC_with_escaped_and_folded_text()
    {
        var bookings = new Bookings(app);
        var learnerId = Guid.CreateVersion7();
        var teacherId = Guid.CreateVersion7();
        var start = bookings.Slot(TimeSpan.FromDays(15));
        await app.RegisterAsync(teacherId);
        using (var learner = app.ClientFor(learnerId))
        {
            var longSkill = "Cuisine; sauces, fonds & émulsions — niveau avancé pour curieux patients";
            var created = await (await learner.PostAsJsonAsync("/api/v1/sessions", new
            {
                teacherId, skill = longSkill, proposedStarts = new[] { start }, durationMinutes = 90, format = "online",
            })).Content.ReadFromJsonAsync<SessionResponse>(SessionsApp.Json);
            var sessionId = Guid.Parse(created!.Id);
            await bookings.HoldAsync(sessionId, learnerId, 90);
            Assert.Equal(HttpStatusCode.OK, (await bookings.PostAsync(teacherId, $"/api/v1/sessions/{sessionId}/accept", new { startsAt = start })).StatusCode);
        }
        var unrelated = await bookings.ConfirmedAsync(Guid.CreateVersion7(), Guid.CreateVersion7(), start);

        using var client = app.ClientFor(learnerId);
        var response = await client.GetAsync("/api/v1/sessions/calendar.ics");

        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        var ics = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("BEGIN:VCALENDAR\r\n", ics);
        Assert.Contains($"DTSTART:{start.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}\r\n", ics);
        Assert.Contains($"DTEND:{start.AddMinutes(90).UtcDateTime:yyyyMMdd'T'HHmmss'Z'}\r\n", ics);
        Assert.Contains("STATUS:CONFIRMED", ics);
        Assert.DoesNotContain($"{unrelated:N}@skillswap.app", ics);
        var lines = ics.Split("\r\n");
        Assert.All(lines, line => Assert.True(System.Text.Encoding.UTF8.GetByteCount(line) <= 75, line));
        var unfolded = ics.Replace("\r\n ", "", StringComparison.Ordinal);
        Assert.Contains(@"SUMMARY:SkillSwap: Cuisine\; sauces\, fonds & émulsions — niveau avancé pour curieux patients", unfolded);
    }

    [Fact]
    public async Task A_private_feed_address_serves_the_calendar_without_a_token_until_it_is_replaced()
    {
        var bookings = new Bookings(app);
        var learnerId = Guid.CreateVersion7();
        var start = bookings.Slot(TimeSpan.FromDays(17));
        var sessionId = await bookings.ConfirmedAsync(learnerId, Guid.CreateVersion7(), start);
        var first = await (await bookings.PostAsync(learnerId, "/api/v1/sessions/calendar-feed"))
            .Content.ReadFromJsonAsync<SkillSwap.Sessions.Calendar.CalendarApi.CalendarFeedResponse>(SessionsApp.Json);
        using var calendarApp = app.CreateClient();

        var subscribed = await calendarApp.GetAsync(first!.Url);

        Assert.Equal(HttpStatusCode.OK, subscribed.StatusCode);
        Assert.Contains($"{sessionId:N}@skillswap.app", await subscribed.Content.ReadAsStringAsync());
        var second = await (await bookings.PostAsync(learnerId, "/api/v1/sessions/calendar-feed"))
            .Content.ReadFromJsonAsync<SkillSwap.Sessions.Calendar.CalendarApi.CalendarFeedResponse>(SessionsApp.Json);
        Assert.NotEqual(first.Url, second!.Url);
        await SkillSwap.Testing.ProblemAssertions.AssertProblemAsync(await calendarApp.GetAsync(first.Url), HttpStatusCode.NotFound, "calendar-feed-not-found");
        Assert.Equal(HttpStatusCode.OK, (await calendarApp.GetAsync(second.Url)).StatusCode);
        await SkillSwap.Testing.ProblemAssertions.AssertProblemAsync(
            await calendarApp.GetAsync($"/api/v1/sessions/calendar-feeds/{new string('a', 64)}.ics"), HttpStatusCode.NotFound, "calendar-feed-not-found");
    }

    [Fact]
    public async Task A_password_reset_revokes_the_private_feed_address_and_a_single_logout_does_not()
    {
        var bookings = new Bookings(app);
        var learnerId = Guid.CreateVersion7();
        var feed = await (await bookings.PostAsync(learnerId, "/api/v1/sessions/calendar-feed"))
            .Content.ReadFromJsonAsync<SkillSwap.Sessions.Calendar.CalendarApi.CalendarFeedResponse>(SessionsApp.Json);
        using var calendarApp = app.CreateClient();

        var logout = new SignInsEnded(learnerId, [Guid.CreateVersion7()], DateTimeOffset.UtcNow, SignInsEnded.Logout);
        await app.PublishAsync(logout);
        await app.WaitUntilHandledAsync(logout);
        Assert.Equal(HttpStatusCode.OK, (await calendarApp.GetAsync(feed!.Url)).StatusCode);

        var reset = new SignInsEnded(learnerId, [Guid.CreateVersion7()], DateTimeOffset.UtcNow, SignInsEnded.PasswordReset);
        await app.PublishAsync(reset);
        await app.WaitUntilHandledAsync(reset);
        await SkillSwap.Testing.ProblemAssertions.AssertProblemAsync(await calendarApp.GetAsync(feed.Url), HttpStatusCode.NotFound, "calendar-feed-not-found");
        var renewed = await (await bookings.PostAsync(learnerId, "/api/v1/sessions/calendar-feed"))
            .Content.ReadFromJsonAsync<SkillSwap.Sessions.Calendar.CalendarApi.CalendarFeedResponse>(SessionsApp.Json);
        Assert.Equal(HttpStatusCode.OK, (await calendarApp.GetAsync(renewed!.Url)).StatusCode);
    }

    [Fact]
    public async Task Erasing_a_learner_cancels_their_upcoming_sessions_with_full_refunds_and_anonymises_the_past()
    {
        var bookings = new Bookings(app);
        var learnerId = Guid.CreateVersion7();
        var teacherId = Guid.CreateVersion7();
        var past = bookings.Slot(TimeSpan.FromHours(2));
        var pastSession = await bookings.ConfirmedAsync(learnerId, teacherId, past);
        var upcoming = await bookings.ConfirmedAsync(learnerId, teacherId, bookings.Slot(TimeSpan.FromDays(16)));
        app.Clock.AdvanceTo(past.AddHours(2));

        await app.PublishAsync(new UserErasureRequested(learnerId, app.Clock.GetUtcNow().AddDays(30)));

        await app.Probe.WaitForAsync<UserDataErased>(e => e.UserId == learnerId && e.Service == "sessions");
        var refund = await app.Probe.WaitForAsync<BookingCancelled>(e => e.BookingId == upcoming);
        Assert.False(refund.Late);
        var cancelled = await app.LoadAsync(upcoming);
        Assert.Equal(SessionStatus.Cancelled, cancelled!.Status);
        var anonymised = await app.LoadAsync(pastSession);
        Assert.DoesNotContain(learnerId, anonymised!.ParticipantIds);
        Assert.All(anonymised.Seats, seat => Assert.Equal(Guid.Empty, seat.LearnerId));
        Assert.Null(anonymised.Message);
        Assert.Equal(0, await app.ClaimCountAsync(learnerId));
        // The teacher still sees the past session, with "a former member" as learner.
        using var teacher = app.ClientFor(teacherId);
        var view = await (await teacher.GetAsync($"/api/v1/sessions/{pastSession}")).Content.ReadFromJsonAsync<SessionResponse>(SessionsApp.Json);
        Assert.Contains(view!.Participants, p => p.Role == "learner" && p.UserId == Guid.Empty.ToString());
        // The learner's access token, still within its lifetime, neither reads nor books any more.
        using var erased = app.ClientFor(learnerId);
        Assert.Equal(HttpStatusCode.Unauthorized, (await erased.GetAsync("/api/v1/sessions")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bookings.PostAsync(learnerId, "/api/v1/sessions", new { teacherId })).StatusCode);
    }

    [Fact]
    public async Task A_sanctioned_teacher_has_their_upcoming_sessions_cancelled_with_full_refunds_and_the_past_kept()
    {
        var bookings = new Bookings(app);
        var (learnerId, teacherId) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var past = bookings.Slot(TimeSpan.FromHours(2));
        var pastSession = await bookings.ConfirmedAsync(learnerId, teacherId, past);
        var soon = await bookings.ConfirmedAsync(learnerId, teacherId, bookings.Slot(TimeSpan.FromDays(15)));
        app.Clock.AdvanceTo(past.AddHours(2));
        var sanction = new AccountSanctioned(Guid.CreateVersion7(), teacherId, AccountSanctioned.Suspension, app.Clock.GetUtcNow().AddDays(7), "Harassment");

        await app.PublishAsync(sanction);
        await app.WaitUntilHandledAsync(sanction);

        var refund = await app.Probe.WaitForAsync<BookingCancelled>(e => e.BookingId == soon);
        Assert.False(refund.Late);
        Assert.Equal(SessionStatus.Cancelled, (await app.LoadAsync(soon))!.Status);
        var kept = await app.LoadAsync(pastSession);
        Assert.NotEqual(SessionStatus.Cancelled, kept!.Status);
        Assert.Contains(teacherId, kept.ParticipantIds);
    }

    [Fact]
    public async Task A_sanction_that_arrives_after_its_lift_cancels_nothing()
    {
        var bookings = new Bookings(app);
        var (learnerId, teacherId) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var upcoming = await bookings.ConfirmedAsync(learnerId, teacherId, bookings.Slot(TimeSpan.FromDays(15)));
        var sanction = new AccountSanctioned(Guid.CreateVersion7(), teacherId, AccountSanctioned.Suspension, app.Clock.GetUtcNow().AddDays(7), "Harassment");
        var lift = new AccountSanctionLifted(sanction.SanctionId, teacherId, AccountSanctionLifted.Lifted);

        // A retry delivered the lift first: the teacher is free again and may have booked since.
        await app.PublishAsync(lift);
        await app.WaitUntilHandledAsync(lift);
        await app.PublishAsync(sanction);
        await app.WaitUntilHandledAsync(sanction);

        Assert.Equal(SessionStatus.Confirmed, (await app.LoadAsync(upcoming))!.Status);
    }
}
