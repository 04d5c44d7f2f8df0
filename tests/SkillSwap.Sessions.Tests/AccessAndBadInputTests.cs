using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SkillSwap.IntegrationEvents;
using SkillSwap.Sessions.Model;
using SkillSwap.Sessions.Tests.Infrastructure;
using SkillSwap.Testing;

namespace SkillSwap.Sessions.Tests;

/// <summary>Nobody reads or changes another's sessions; bad input is a 4xx problem+json and changes nothing.</summary>
[Collection(SessionsCollection.Name)]
public sealed class AccessAndBadInputTests(SessionsApp app)
{
    [Fact]
    public async Task A_stranger_cannot_read_or_change_someone_elses_session()
    {
        var bookings = new Bookings(app);
        var learnerId = Guid.CreateVersion7();
        var teacherId = Guid.CreateVersion7();
        var start = bookings.Slot(TimeSpan.FromDays(11));
        var sessionId = await bookings.ConfirmedAsync(learnerId, teacherId, start);
        var stranger = Guid.CreateVersion7();
        using var client = app.ClientFor(stranger);
        var before = await app.FingerprintAsync();

        await ProblemAssertions.AssertProblemAsync(await client.GetAsync($"/api/v1/sessions/{sessionId}"), HttpStatusCode.NotFound, "session-not-found");
        await ProblemAssertions.AssertProblemAsync(await client.GetAsync($"/api/v1/sessions/{sessionId}/calendar.ics"), HttpStatusCode.NotFound, "session-not-found");
        foreach (var action in new[] { "cancel", "decline", "confirm-completion" })
        {
            await ProblemAssertions.AssertProblemAsync(await client.PostAsJsonAsync($"/api/v1/sessions/{sessionId}/{action}", new { }), HttpStatusCode.NotFound, "session-not-found");
        }
        await ProblemAssertions.AssertProblemAsync(await client.PostAsJsonAsync($"/api/v1/sessions/{sessionId}/seats", new { }), HttpStatusCode.NotFound, "session-not-found");
        var list = await (await client.GetAsync("/api/v1/sessions")).ReadAsync<SessionsApi.SessionPage>(HttpStatusCode.OK);
        Assert.Empty(list.Items);
        using var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/v1/sessions/{sessionId}")).StatusCode);

        Assert.Equal(before, await app.FingerprintAsync());
    }

    [Fact]
    public async Task The_learner_is_the_caller_whatever_the_payload_says_and_a_teacher_cannot_act_as_learner()
    {
        var bookings = new Bookings(app);
        var caller = Guid.CreateVersion7();
        var someoneElse = Guid.CreateVersion7();
        var teacherId = Guid.CreateVersion7();
        await app.RegisterAsync(teacherId);
        using var client = app.ClientFor(caller);
        var created = await (await client.PostAsJsonAsync("/api/v1/sessions", new
        {
            teacherId,
            learnerId = someoneElse,
            skill = "Chess",
            proposedStarts = new[] { bookings.Slot(TimeSpan.FromDays(12)) },
            durationMinutes = 45,
            format = "online",
        })).ReadAsync<SessionResponse>(HttpStatusCode.Created);

        Assert.Equal(caller.ToString(), created.Participants.Single(p => p.Role == "learner").UserId);
        var requested = await app.Probe.WaitForAsync<SessionRequested>(e => e.SessionId == Guid.Parse(created.Id));
        Assert.Equal(caller, requested.LearnerId);
        Assert.Equal(45, requested.CreditMinutes);

        // The learner cannot decline on the teacher's behalf, nor accept their own request.
        await bookings.HoldAsync(Guid.Parse(created.Id), caller, 45);
        await ProblemAssertions.AssertProblemAsync(await client.PostAsJsonAsync($"/api/v1/sessions/{created.Id}/decline", new { }), HttpStatusCode.Forbidden, "not-allowed");
        await ProblemAssertions.AssertProblemAsync(
            await client.PostAsJsonAsync($"/api/v1/sessions/{created.Id}/accept", new { startsAt = created.StartsAt }), HttpStatusCode.Conflict, "not-your-turn");
    }

    public static TheoryData<string, string> BadRequests() => new()
    {
        { """{"skill":"Chess","proposedStarts":["{slot}"],"durationMinutes":60,"format":"online"}""", "teacherId" },
        { """{"teacherId":"{teacher}","skill":"","proposedStarts":["{slot}"],"durationMinutes":60,"format":"online"}""", "skill" },
        { """{"teacherId":"{teacher}","skill":"Chess","proposedStarts":[],"durationMinutes":60,"format":"online"}""", "proposedStarts" },
        { """{"teacherId":"{teacher}","skill":"Chess","proposedStarts":["{slot}","{slot}"],"durationMinutes":60,"format":"online"}""", "proposedStarts" },
        { """{"teacherId":"{teacher}","skill":"Chess","proposedStarts":["{offQuarter}"],"durationMinutes":60,"format":"online"}""", "proposedStarts" },
        { """{"teacherId":"{teacher}","skill":"Chess","proposedStarts":["2020-01-06T10:00:00Z"],"durationMinutes":60,"format":"online"}""", "proposedStarts" },
        { """{"teacherId":"{teacher}","skill":"Chess","proposedStarts":["{slot}"],"durationMinutes":50,"format":"online"}""", "durationMinutes" },
        { """{"teacherId":"{teacher}","skill":"Chess","proposedStarts":["{slot}"],"durationMinutes":600,"format":"online"}""", "durationMinutes" },
        { """{"teacherId":"{teacher}","skill":"Chess","proposedStarts":["{slot}"],"durationMinutes":60,"format":"by-pigeon"}""", "format" },
        { """{"teacherId":"{teacher}","skill":"Chess","proposedStarts":["{slot}"],"durationMinutes":60,"format":"online","message":"{long}"}""", "message" },
        { """{"teacherId":"{self}","skill":"Chess","proposedStarts":["{slot}"],"durationMinutes":60,"format":"online"}""", "teacherId" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task A_bad_request_is_a_validation_problem_naming_the_field_and_stores_nothing(string template, string field)
    {
        var bookings = new Bookings(app);
        var caller = Guid.CreateVersion7();
        var slot = bookings.Slot(TimeSpan.FromDays(13));
        var body = template
            .Replace("{teacher}", Guid.CreateVersion7().ToString(), StringComparison.Ordinal)
            .Replace("{self}", caller.ToString(), StringComparison.Ordinal)
            .Replace("{slot}", slot.ToString("O"), StringComparison.Ordinal)
            .Replace("{offQuarter}", slot.AddMinutes(7).ToString("O"), StringComparison.Ordinal)
            .Replace("{long}", new string('x', 1001), StringComparison.Ordinal);
        using var client = app.ClientFor(caller);
        var before = await app.FingerprintAsync();

        var response = await client.PostAsync("/api/v1/sessions", new StringContent(body, Encoding.UTF8, "application/json"));

        await response.AssertValidationProblemAsync(field);
        Assert.Equal(before, await app.FingerprintAsync());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"teacherId":"not-a-guid"}""")]
    [InlineData("""{"proposedStarts":"tomorrow"}""")]
    public async Task An_unreadable_body_is_a_400_problem_and_stores_nothing(string body)
    {
        using var client = app.ClientFor(Guid.CreateVersion7());
        var before = await app.FingerprintAsync();

        var response = await client.PostAsync("/api/v1/sessions", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await app.FingerprintAsync());
    }

    [Fact]
    public async Task Asking_someone_who_is_not_a_member_is_a_404_and_holds_nothing()
    {
        var bookings = new Bookings(app);
        using var client = app.ClientFor(Guid.CreateVersion7());
        var before = await app.FingerprintAsync();

        var response = await client.PostAsJsonAsync("/api/v1/sessions", new
        {
            teacherId = Guid.CreateVersion7(), skill = "Chess", proposedStarts = new[] { bookings.Slot(TimeSpan.FromDays(20)) }, durationMinutes = 60, format = "online",
        });

        await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.NotFound, "teacher-not-found");
        Assert.Equal(before, await app.FingerprintAsync());
    }

    [Fact]
    public async Task A_skill_name_cannot_carry_a_link_or_a_second_line_into_the_teachers_email()
    {
        var bookings = new Bookings(app);
        var teacherId = Guid.CreateVersion7();
        await app.RegisterAsync(teacherId);
        using var client = app.ClientFor(Guid.CreateVersion7());
        var before = await app.FingerprintAsync();

        foreach (var skill in new[] { "Guitar https://evil.example/win", "Guitar\nClaim your prize now", "Guitar (see www.evil.example)", "Guitar, write to me@evil.example" })
        {
            var response = await client.PostAsJsonAsync("/api/v1/sessions", new
            {
                teacherId, skill, proposedStarts = new[] { bookings.Slot(TimeSpan.FromDays(20)) }, durationMinutes = 60, format = "online",
            });
            await response.AssertValidationProblemAsync("skill");
        }
        Assert.Equal(before, await app.FingerprintAsync());
    }

    [Fact]
    public async Task A_learner_can_ask_one_teacher_three_times_a_day_and_is_told_when_to_try_again()
    {
        var bookings = new Bookings(app);
        var (learnerId, teacherId, otherTeacher) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        for (var request = 1; request <= 3; request++)
        {
            var asked = await bookings.RequestAsync(learnerId, teacherId, [bookings.Slot(TimeSpan.FromDays(20 + request))]);
            // Cancelling costs nothing, and does not give the request back.
            Assert.Equal(HttpStatusCode.OK, (await bookings.PostAsync(learnerId, $"/api/v1/sessions/{asked.Id}/cancel")).StatusCode);
        }
        var before = await app.FingerprintAsync();

        using var client = app.ClientFor(learnerId);
        var fourth = await client.PostAsJsonAsync("/api/v1/sessions", new
        {
            teacherId, skill = "Spanish conversation", proposedStarts = new[] { bookings.Slot(TimeSpan.FromDays(30)) }, durationMinutes = 60, format = "online",
        });

        await ProblemAssertions.AssertProblemAsync(fourth, HttpStatusCode.TooManyRequests, "too-many-requests");
        Assert.InRange(fourth.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromHours(23), TimeSpan.FromHours(24));
        Assert.Equal(before, await app.FingerprintAsync());
        await bookings.RequestAsync(learnerId, otherTeacher, [bookings.Slot(TimeSpan.FromDays(30))]);
        app.Clock.Advance(TimeSpan.FromDays(1));
        await bookings.RequestAsync(learnerId, teacherId, [bookings.Slot(TimeSpan.FromDays(31))]);
    }

    /// <summary>
    /// Issue 14, finding 4: fresh accounts each bring a welcome grant; a teacher filling a group with them was paid in
    /// minted credits. Before, the eleventh new member took a seat like the others.
    /// </summary>
    [Fact]
    public async Task A_teachers_groups_take_ten_seats_a_week_from_new_members_and_no_more()
    {
        var bookings = new Bookings(app);
        var teacherId = Guid.CreateVersion7();
        var created = await bookings.PostAsync(teacherId, "/api/v1/sessions/groups", new
        {
            skill = "Guitar circle", startsAt = bookings.Slot(TimeSpan.FromDays(12)), durationMinutes = 60, capacity = 20, format = "online",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var groupId = (await created.Content.ReadFromJsonAsync<SessionResponse>(SessionsApp.Json))!.Id;
        var now = app.Clock.GetUtcNow();
        var newcomers = Enumerable.Range(0, 11).Select(_ => Guid.CreateVersion7()).ToList();
        var member = Guid.CreateVersion7();
        foreach (var newcomer in newcomers)
        {
            await app.RegisterAsync(newcomer, registeredAt: now - TimeSpan.FromDays(1));
        }
        await app.RegisterAsync(member, registeredAt: now - TimeSpan.FromDays(30));
        foreach (var newcomer in newcomers.Take(10))
        {
            Assert.Equal(HttpStatusCode.OK, (await bookings.PostAsync(newcomer, $"/api/v1/sessions/{groupId}/seats")).StatusCode);
        }
        var before = await app.FingerprintAsync();

        var eleventh = await bookings.PostAsync(newcomers[10], $"/api/v1/sessions/{groupId}/seats");

        await ProblemAssertions.AssertProblemAsync(eleventh, HttpStatusCode.Conflict, "new-member-limit");
        Assert.Equal(before, await app.FingerprintAsync());
        // Someone who has been a member for a while is not held back.
        Assert.Equal(HttpStatusCode.OK, (await bookings.PostAsync(member, $"/api/v1/sessions/{groupId}/seats")).StatusCode);
        Assert.Equal(11, (await app.LoadAsync(Guid.Parse(groupId)))!.ActiveSeats.Count());
    }

    [Fact]
    public async Task Bad_list_filters_and_cursors_are_validation_problems()
    {
        using var client = app.ClientFor(Guid.CreateVersion7());
        await (await client.GetAsync("/api/v1/sessions?status=sleeping")).AssertValidationProblemAsync("status");
        await (await client.GetAsync("/api/v1/sessions?role=boss")).AssertValidationProblemAsync("role");
        await (await client.GetAsync("/api/v1/sessions?limit=0")).AssertValidationProblemAsync("limit");
        await (await client.GetAsync("/api/v1/sessions?cursor=%%%")).AssertValidationProblemAsync("cursor");
    }

    [Fact]
    public async Task A_blocked_pair_cannot_plan_a_session_and_a_retried_request_is_stored_once()
    {
        var bookings = new Bookings(app);
        var learnerId = Guid.CreateVersion7();
        var teacherId = Guid.CreateVersion7();
        await app.PublishAsync(new UserBlocked(teacherId, learnerId));
        await SkillSwap.Testing.Eventually.WaitUntilAsync(async () => await BlockedAsync(teacherId, learnerId), TimeSpan.FromSeconds(20), "block recorded");
        using var client = app.ClientFor(learnerId);
        var body = new { teacherId, skill = "Chess", proposedStarts = new[] { bookings.Slot(TimeSpan.FromDays(14)) }, durationMinutes = 60, format = "online" };
        await ProblemAssertions.AssertProblemAsync(await client.PostAsJsonAsync("/api/v1/sessions", body), HttpStatusCode.Forbidden, "blocked");

        var otherTeacher = Guid.CreateVersion7();
        await app.RegisterAsync(otherTeacher);
        var retried = new { teacherId = otherTeacher, body.skill, body.proposedStarts, body.durationMinutes, body.format };
        client.DefaultRequestHeaders.Add("Idempotency-Key", "request-42");
        var first = await client.PostAsJsonAsync("/api/v1/sessions", retried);
        var second = await client.PostAsJsonAsync("/api/v1/sessions", retried);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var list = await (await client.GetAsync("/api/v1/sessions?role=learner")).ReadAsync<SessionsApi.SessionPage>(HttpStatusCode.OK);
        Assert.Single(list.Items);
    }

    [Fact]
    public async Task A_block_set_after_the_request_stops_the_teacher_from_accepting_it()
    {
        var bookings = new Bookings(app);
        var learnerId = Guid.CreateVersion7();
        var teacherId = Guid.CreateVersion7();
        var slot = bookings.Slot(TimeSpan.FromDays(18));
        var sessionId = Guid.Parse((await bookings.RequestAsync(learnerId, teacherId, [slot])).Id);
        await bookings.HoldAsync(sessionId, learnerId);

        await app.PublishAsync(new UserBlocked(learnerId, teacherId));
        await SkillSwap.Testing.Eventually.WaitUntilAsync(() => BlockedAsync(learnerId, teacherId), TimeSpan.FromSeconds(20), "block recorded");

        var accept = await bookings.PostAsync(teacherId, $"/api/v1/sessions/{sessionId}/accept", new { startsAt = slot });
        await ProblemAssertions.AssertProblemAsync(accept, HttpStatusCode.Forbidden, "blocked");
        Assert.Equal(SessionStatus.Requested, (await app.LoadAsync(sessionId))!.Status);
        Assert.Equal(0, await app.ClaimCountAsync(teacherId));
    }

    private async Task<bool> BlockedAsync(Guid blockerId, Guid blockedId)
    {
        await using var session = app.Services.GetRequiredService<SkillSwap.DocumentStore.IDocumentStore>().OpenSession();
        var participant = await session.LoadAsync<SkillSwap.Sessions.Participants.ParticipantDocument>(
            SkillSwap.Sessions.Participants.ParticipantDocument.IdFor(blockerId));
        return participant?.BlockedUserIds.Contains(blockedId) == true;
    }
}
