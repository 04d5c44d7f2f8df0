using System.Net;
using System.Net.Http.Json;
using SkillSwap.IntegrationEvents;
using SkillSwap.Sessions.Model;
using SkillSwap.Sessions.Tests.Infrastructure;

namespace SkillSwap.Sessions.Tests;

/// <summary>What time does on its own: the saga's timeout, expiry, reminders and auto-completion.</summary>
[Collection(SessionsCollection.Name)]
public sealed class ClockTests(SessionsApp app)
{
    [Fact]
    public async Task A_booking_Payments_never_answered_is_given_up_and_its_hold_released()
    {
        var bookings = new Bookings(app);
        var learnerId = Guid.CreateVersion7();
        var sessionId = Guid.Parse((await bookings.RequestAsync(learnerId, Guid.CreateVersion7(), [bookings.Slot(TimeSpan.FromDays(10))])).Id);

        app.Clock.Advance(TimeSpan.FromMinutes(6));
        await app.RunClockAsync();

        Assert.Equal(SessionStatus.Rejected, (await app.LoadAsync(sessionId))!.Status);
        var compensation = await app.Probe.WaitForAsync<BookingCancelled>(e => e.BookingId == sessionId);
        Assert.Equal(BookingCancellationReason.PaymentTimedOut, compensation.Reason);
        Assert.False(compensation.Late);
    }

    [Fact]
    public async Task An_unanswered_request_expires_when_its_first_slot_begins_and_is_refunded()
    {
        var bookings = new Bookings(app);
        var learnerId = Guid.CreateVersion7();
        var slot = bookings.Slot(TimeSpan.FromHours(3));
        var sessionId = Guid.Parse((await bookings.RequestAsync(learnerId, Guid.CreateVersion7(), [slot])).Id);
        await bookings.HoldAsync(sessionId, learnerId);

        app.Clock.AdvanceTo(slot);
        await app.RunClockAsync();

        Assert.Equal(SessionStatus.Expired, (await app.LoadAsync(sessionId))!.Status);
        var refund = await app.Probe.WaitForAsync<BookingCancelled>(e => e.BookingId == sessionId);
        Assert.Equal(BookingCancellationReason.Expired, refund.Reason);
    }

    [Fact]
    public async Task A_request_stays_open_while_a_later_proposal_is_still_ahead()
    {
        var bookings = new Bookings(app);
        var learnerId = Guid.CreateVersion7();
        var teacherId = Guid.CreateVersion7();
        var soon = bookings.Slot(TimeSpan.FromHours(3));
        var later = bookings.Slot(TimeSpan.FromDays(2));
        var sessionId = Guid.Parse((await bookings.RequestAsync(learnerId, teacherId, [soon, later])).Id);
        await bookings.HoldAsync(sessionId, learnerId);

        app.Clock.AdvanceTo(soon.AddMinutes(1));
        await app.RunClockAsync();

        Assert.Equal(SessionStatus.Requested, (await app.LoadAsync(sessionId))!.Status);
        await SkillSwap.Testing.ProblemAssertions.AssertProblemAsync(
            await bookings.PostAsync(teacherId, $"/api/v1/sessions/{sessionId}/accept", new { startsAt = soon }), HttpStatusCode.Conflict, "too-late");
        Assert.Equal(HttpStatusCode.OK, (await bookings.PostAsync(teacherId, $"/api/v1/sessions/{sessionId}/accept", new { startsAt = later })).StatusCode);
    }

    [Fact]
    public async Task Reminders_go_out_a_day_and_an_hour_before_and_an_undisputed_session_completes_after_two_days()
    {
        var bookings = new Bookings(app);
        var learnerId = Guid.CreateVersion7();
        var teacherId = Guid.CreateVersion7();
        var start = bookings.Slot(TimeSpan.FromDays(3));
        var sessionId = await bookings.ConfirmedAsync(learnerId, teacherId, start);

        app.Clock.AdvanceTo(start - TimeSpan.FromHours(23));
        await app.RunClockAsync();
        var day = await app.Probe.WaitForAsync<SessionReminderDue>(e => e.SessionId == sessionId && e.Lead == TimeSpan.FromHours(24));
        Assert.Equal([learnerId], day.LearnerIds);

        app.Clock.AdvanceTo(start - TimeSpan.FromMinutes(50));
        await app.RunClockAsync();
        await app.Probe.WaitForAsync<SessionReminderDue>(e => e.SessionId == sessionId && e.Lead == TimeSpan.FromHours(1));

        app.Clock.AdvanceTo(start + TimeSpan.FromHours(2));
        await app.RunClockAsync();
        Assert.Equal(SessionStatus.Confirmed, (await app.LoadAsync(sessionId))!.Status);

        app.Clock.AdvanceTo(start + TimeSpan.FromHours(50));
        await app.RunClockAsync();
        Assert.Equal(SessionStatus.Completed, (await app.LoadAsync(sessionId))!.Status);
        await app.Probe.WaitForAsync<BookingCompleted>(e => e.BookingId == sessionId && e.TeacherId == teacherId);
        await app.Probe.WaitForAsync<SessionCompleted>(e => e.SessionId == sessionId);
        var reliability = await app.Probe.WaitForAsync<UserReliabilityChanged>(e => e.UserId == teacherId);
        Assert.Equal(1, reliability.CompletedSessions);
    }

    [Fact]
    public async Task Both_confirming_completes_at_once_and_a_dispute_freezes_until_a_moderator_resolves_it()
    {
        var bookings = new Bookings(app);
        var learnerId = Guid.CreateVersion7();
        var teacherId = Guid.CreateVersion7();
        var start = bookings.Slot(TimeSpan.FromDays(2));
        var completed = await bookings.ConfirmedAsync(learnerId, teacherId, start);
        var disputed = await bookings.ConfirmedAsync(learnerId, teacherId, start.AddHours(2));
        app.Clock.AdvanceTo(start.AddHours(4));

        Assert.Equal(HttpStatusCode.OK, (await bookings.PostAsync(teacherId, $"/api/v1/sessions/{completed}/confirm-completion")).StatusCode);
        Assert.Equal(SessionStatus.Confirmed, (await app.LoadAsync(completed))!.Status);
        Assert.Equal(HttpStatusCode.OK, (await bookings.PostAsync(learnerId, $"/api/v1/sessions/{completed}/confirm-completion")).StatusCode);
        Assert.Equal(SessionStatus.Completed, (await app.LoadAsync(completed))!.Status);

        Assert.Equal(HttpStatusCode.OK, (await bookings.PostAsync(learnerId, $"/api/v1/sessions/{disputed}/dispute", new { reason = "no-show", details = "Waited 30 min." })).StatusCode);
        await app.Probe.WaitForAsync<BookingDisputed>(e => e.BookingId == disputed);
        app.Clock.Advance(TimeSpan.FromDays(3));
        await app.RunClockAsync();
        Assert.Equal(SessionStatus.Disputed, (await app.LoadAsync(disputed))!.Status);

        var member = await bookings.PostAsync(learnerId, $"/api/v1/sessions/{disputed}/dispute/resolution", new { learnerRefundPercent = 100 });
        Assert.Equal(HttpStatusCode.Forbidden, member.StatusCode);
        // A moderator who is the teacher of the session does not judge their own case.
        var ownCase = await bookings.PostAsync(teacherId, $"/api/v1/sessions/{disputed}/dispute/resolution", new { learnerRefundPercent = 0 }, "moderator");
        await SkillSwap.Testing.ProblemAssertions.AssertProblemAsync(ownCase, HttpStatusCode.Forbidden, "not-allowed");
        Assert.Equal(SessionStatus.Disputed, (await app.LoadAsync(disputed))!.Status);
        var resolved = await bookings.PostAsync(Guid.CreateVersion7(), $"/api/v1/sessions/{disputed}/dispute/resolution",
            new { learnerRefundPercent = 100, noShowBy = "teacher" }, "moderator");
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        Assert.Equal(SessionStatus.Resolved, (await app.LoadAsync(disputed))!.Status);
        await app.Probe.WaitForAsync<BookingDisputeResolved>(e => e.BookingId == disputed && e.LearnerRefundPercent == 100);
        await app.Probe.WaitForAsync<UserReliabilityChanged>(e => e.UserId == teacherId && e.NoShows == 1);
    }

    [Fact]
    public async Task A_settlement_decided_in_administration_resolves_the_dispute_once_through_the_same_rule()
    {
        var bookings = new Bookings(app);
        var (learnerId, teacherId) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var start = bookings.Slot(TimeSpan.FromDays(2));
        var disputed = await bookings.ConfirmedAsync(learnerId, teacherId, start);
        app.Clock.AdvanceTo(start.AddHours(2));
        Assert.Equal(HttpStatusCode.OK, (await bookings.PostAsync(teacherId, $"/api/v1/sessions/{disputed}/dispute", new { reason = "no-show" })).StatusCode);
        var moderator = Guid.CreateVersion7();
        // The teacher, even as a moderator, cannot settle their own session: refused, nothing changes.
        var byParty = new DisputeSettled(Guid.CreateVersion7(), disputed, disputed, teacherId, 0, null);
        await app.PublishAsync(byParty);
        await app.WaitUntilHandledAsync(byParty);
        Assert.Equal(SessionStatus.Disputed, (await app.LoadAsync(disputed))!.Status);

        var settled = new DisputeSettled(Guid.CreateVersion7(), disputed, disputed, moderator, 30, "learner");
        await app.PublishAsync(settled);
        await app.WaitUntilHandledAsync(settled);

        var resolved = (await app.LoadAsync(disputed))!;
        Assert.Equal((SessionStatus.Resolved, moderator, 30), (resolved.Status, resolved.Dispute!.ResolvedBy!.Value, resolved.Dispute.LearnerRefundPercent!.Value));
        await app.Probe.WaitForAsync<BookingDisputeResolved>(e => e.BookingId == disputed && e.LearnerRefundPercent == 30);
        await app.Probe.WaitForAsync<UserReliabilityChanged>(e => e.UserId == learnerId && e.NoShows == 1);
        // A second settlement of the same booking (a retried decision) changes nothing.
        var again = new DisputeSettled(Guid.CreateVersion7(), disputed, disputed, moderator, 100, null);
        await app.PublishAsync(again);
        await app.WaitUntilHandledAsync(again);
        Assert.Equal(30, (await app.LoadAsync(disputed))!.Dispute!.LearnerRefundPercent);
    }

    [Fact]
    public async Task A_hold_that_arrives_after_a_group_session_began_is_given_back()
    {
        var bookings = new Bookings(app);
        var teacherId = Guid.CreateVersion7();
        var learnerId = Guid.CreateVersion7();
        var start = bookings.Slot(TimeSpan.FromHours(2));
        var created = await bookings.PostAsync(teacherId, "/api/v1/sessions/groups", new { skill = "Choir", startsAt = start, durationMinutes = 60, capacity = 10, format = "online" });
        var groupId = Guid.Parse((await created.Content.ReadFromJsonAsync<SessionResponse>(SessionsApp.Json))!.Id);
        Assert.Equal(HttpStatusCode.OK, (await bookings.PostAsync(learnerId, $"/api/v1/sessions/{groupId}/seats")).StatusCode);
        var booking = await app.Probe.WaitForAsync<SessionRequested>(e => e.SessionId == groupId && e.LearnerId == learnerId);

        app.Clock.AdvanceTo(start.AddMinutes(2));
        await app.PublishAsync(new CreditsHeld(booking.BookingId, groupId, learnerId, 60));

        var refund = await app.Probe.WaitForAsync<BookingCancelled>(e => e.BookingId == booking.BookingId);
        Assert.Equal(BookingCancellationReason.PaymentTimedOut, refund.Reason);
        var group = await app.LoadAsync(groupId);
        Assert.Equal(SeatStatus.Rejected, group!.SeatByBooking(booking.BookingId)!.Status);
        Assert.Equal(0, await app.ClaimCountAsync(learnerId));
    }

    [Fact]
    public async Task A_late_cancellation_is_recorded_and_announced_as_late()
    {
        var bookings = new Bookings(app);
        var learnerId = Guid.CreateVersion7();
        var start = bookings.Slot(TimeSpan.FromHours(20));
        var sessionId = await bookings.ConfirmedAsync(learnerId, Guid.CreateVersion7(), start);

        Assert.Equal(HttpStatusCode.OK, (await bookings.PostAsync(learnerId, $"/api/v1/sessions/{sessionId}/cancel")).StatusCode);

        var cancelled = await app.Probe.WaitForAsync<BookingCancelled>(e => e.BookingId == sessionId);
        Assert.True(cancelled.Late);
        Assert.Equal(BookingCancellationReason.LearnerCancelled, cancelled.Reason);
        await app.Probe.WaitForAsync<UserReliabilityChanged>(e => e.UserId == learnerId && e.LateCancellations == 1);
        Assert.Equal(0, await app.ClaimCountAsync(learnerId));
    }
}
