using System.Net;
using System.Net.Http.Json;
using SkillSwap.Sessions.Model;
using SkillSwap.Sessions.Tests.Infrastructure;
using SkillSwap.Testing;

namespace SkillSwap.Sessions.Tests;

/// <summary>Nobody is ever in two sessions at once, however many people try at the same moment.</summary>
[Collection(SessionsCollection.Name)]
public sealed class DoubleBookingTests(SessionsApp app)
{
    [Fact]
    public async Task Fifty_simultaneous_bookings_of_one_slot_confirm_exactly_one()
    {
        var bookings = new Bookings(app);
        var teacherId = Guid.CreateVersion7();
        var slot = bookings.Slot(TimeSpan.FromDays(6));
        var requests = new List<(Guid SessionId, Guid LearnerId)>();
        for (var i = 0; i < 50; i++)
        {
            var learnerId = Guid.CreateVersion7();
            var request = await bookings.RequestAsync(learnerId, teacherId, [slot]);
            requests.Add((Guid.Parse(request.Id), learnerId));
        }
        await Task.WhenAll(requests.Select(request => bookings.HoldAsync(request.SessionId, request.LearnerId)));

        using var start = new SemaphoreSlim(0);
        var accepts = requests.Select(async request =>
        {
            await start.WaitAsync();
            return await bookings.PostAsync(teacherId, $"/api/v1/sessions/{request.SessionId}/accept", new { startsAt = slot });
        }).ToList();
        start.Release(accepts.Count);
        var responses = await Task.WhenAll(accepts);

        Assert.Single(responses, response => response.StatusCode == HttpStatusCode.OK);
        Assert.All(responses.Where(response => response.StatusCode != HttpStatusCode.OK), response => Assert.Equal(HttpStatusCode.Conflict, response.StatusCode));
        var states = await Task.WhenAll(requests.Select(request => app.LoadAsync(request.SessionId)));
        Assert.Single(states, session => session!.Status == SessionStatus.Confirmed);
        Assert.Equal(49, states.Count(session => session!.Status == SessionStatus.Requested));
        Assert.Equal(4, await app.ClaimCountAsync(teacherId));
    }

    [Fact]
    public async Task A_learner_accepted_by_two_teachers_for_overlapping_times_is_booked_once()
    {
        var bookings = new Bookings(app);
        var learnerId = Guid.CreateVersion7();
        var first = bookings.Slot(TimeSpan.FromDays(7));
        var overlapping = first.AddMinutes(30);
        var teacherA = Guid.CreateVersion7();
        var teacherB = Guid.CreateVersion7();
        var a = Guid.Parse((await bookings.RequestAsync(learnerId, teacherA, [first])).Id);
        var b = Guid.Parse((await bookings.RequestAsync(learnerId, teacherB, [overlapping])).Id);
        await bookings.HoldAsync(a, learnerId);
        await bookings.HoldAsync(b, learnerId);

        var responses = await Task.WhenAll(
            bookings.PostAsync(teacherA, $"/api/v1/sessions/{a}/accept", new { startsAt = first }),
            bookings.PostAsync(teacherB, $"/api/v1/sessions/{b}/accept", new { startsAt = overlapping }));

        Assert.Single(responses, response => response.StatusCode == HttpStatusCode.OK);
        var refused = responses.Single(response => response.StatusCode != HttpStatusCode.OK);
        var problem = await refused.Content.ReadFromJsonAsync<Dictionary<string, object>>();
        Assert.EndsWith("/slot-taken", problem!["type"].ToString());
        Assert.Equal(4, await app.ClaimCountAsync(learnerId));
    }

    [Fact]
    public async Task Cancelling_frees_the_time_for_another_booking()
    {
        var bookings = new Bookings(app);
        var teacherId = Guid.CreateVersion7();
        var slot = bookings.Slot(TimeSpan.FromDays(8));
        var first = await bookings.ConfirmedAsync(Guid.CreateVersion7(), teacherId, slot);
        var secondLearner = Guid.CreateVersion7();
        var taken = await bookings.PostAsync(secondLearner, "/api/v1/sessions",
            new { teacherId, skill = "Piano", proposedStarts = new[] { slot }, durationMinutes = 60, format = "online" });
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await bookings.PostAsync(teacherId, $"/api/v1/sessions/{first}/cancel")).StatusCode);
        var second = Guid.Parse((await bookings.RequestAsync(secondLearner, teacherId, [slot])).Id);
        await bookings.HoldAsync(second, secondLearner);
        var accepted = await bookings.PostAsync(teacherId, $"/api/v1/sessions/{second}/accept", new { startsAt = slot });

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(4, await app.ClaimCountAsync(teacherId));
    }

    [Fact]
    public async Task Twenty_learners_joining_a_group_of_five_at_once_fill_exactly_five_seats()
    {
        var bookings = new Bookings(app);
        var teacherId = Guid.CreateVersion7();
        var created = await bookings.PostAsync(teacherId, "/api/v1/sessions/groups", new
        {
            skill = "Watercolour basics",
            startsAt = bookings.Slot(TimeSpan.FromDays(9)),
            durationMinutes = 90,
            capacity = 5,
            format = "in-person",
            location = "Atelier, 3 rue des Arts",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var groupId = (await created.Content.ReadFromJsonAsync<SessionResponse>(SessionsApp.Json))!.Id;

        var joins = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => bookings.PostAsync(Guid.CreateVersion7(), $"/api/v1/sessions/{groupId}/seats")));

        Assert.Equal(5, joins.Count(response => response.StatusCode == HttpStatusCode.OK));
        Assert.All(joins.Where(response => response.StatusCode != HttpStatusCode.OK), response => Assert.Equal(HttpStatusCode.Conflict, response.StatusCode));
        var group = await app.LoadAsync(Guid.Parse(groupId));
        Assert.Equal(5, group!.ActiveSeats.Count());
    }

    /// <summary>Issue 18: a group seat and a one-to-one session of the same learner cannot overlap either.</summary>
    [Fact]
    public async Task A_learner_cannot_take_a_group_seat_that_overlaps_their_confirmed_one_to_one_session()
    {
        var bookings = new Bookings(app);
        var (learnerId, tutorId, groupTeacherId) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        var slot = bookings.Slot(TimeSpan.FromDays(11));
        await bookings.ConfirmedAsync(learnerId, tutorId, slot);
        var created = await bookings.PostAsync(groupTeacherId, "/api/v1/sessions/groups", new
        {
            // Starts half an hour into the one-to-one hour.
            skill = "Choir", startsAt = slot.AddMinutes(30), durationMinutes = 60, capacity = 5, format = "online",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var groupId = (await created.Content.ReadFromJsonAsync<SessionResponse>(SessionsApp.Json))!.Id;
        var claimsBefore = await app.ClaimCountAsync(learnerId);
        var before = await app.FingerprintAsync();

        var join = await bookings.PostAsync(learnerId, $"/api/v1/sessions/{groupId}/seats");

        await ProblemAssertions.AssertProblemAsync(join, HttpStatusCode.Conflict, "slot-taken");
        Assert.Equal(before, await app.FingerprintAsync());
        Assert.Equal(4, claimsBefore);
        Assert.Empty((await app.LoadAsync(Guid.Parse(groupId)))!.Seats);
    }
}
