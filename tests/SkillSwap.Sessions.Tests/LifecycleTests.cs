using System.Net;
using System.Net.Http.Json;
using SkillSwap.IntegrationEvents;
using SkillSwap.Sessions.Model;
using SkillSwap.Sessions.Tests.Infrastructure;
using SkillSwap.Testing;

namespace SkillSwap.Sessions.Tests;

/// <summary>
/// Every action a participant (or a moderator) can take, tried in every status: allowed ones make exactly the
/// documented change — the status, the calendar quarters taken or freed, the events staged for Payments and the
/// others — forbidden ones answer 409 problem+json and leave the session, the calendars and the outbox as they were.
/// The sessions are stored directly in each status (a confirmed, completed or disputed one with its calendar quarters),
/// at a time that suits the action (before the start to plan or cancel, after the end to confirm or dispute), so only
/// the status decides.
/// </summary>
[Collection(SessionsCollection.Name)]
public sealed class LifecycleTests(SessionsApp app)
{
    public enum Action { Accept, Propose, Decline, Cancel, ConfirmCompletion, Dispute, Resolve }

    /// <summary>What each action leads to from the statuses where it is allowed (also the model's, in <see cref="StateMachineTests"/>).</summary>
    internal static readonly Dictionary<Action, Dictionary<SessionStatus, SessionStatus>> Allowed = new()
    {
        [Action.Accept] = new() { [SessionStatus.Requested] = SessionStatus.Confirmed },
        [Action.Propose] = new() { [SessionStatus.Requested] = SessionStatus.Requested },
        [Action.Decline] = new() { [SessionStatus.Requested] = SessionStatus.Declined },
        [Action.Cancel] = new()
        {
            [SessionStatus.PendingPayment] = SessionStatus.Cancelled,
            [SessionStatus.Requested] = SessionStatus.Cancelled,
            [SessionStatus.Confirmed] = SessionStatus.Cancelled,
        },
        [Action.ConfirmCompletion] = new() { [SessionStatus.Confirmed] = SessionStatus.Completed },
        [Action.Dispute] = new() { [SessionStatus.Confirmed] = SessionStatus.Disputed },
        [Action.Resolve] = new() { [SessionStatus.Disputed] = SessionStatus.Resolved },
    };

    /// <summary>The events each allowed action stages (sorted by name), whatever the status it was allowed in.</summary>
    private static readonly Dictionary<Action, string[]> Staged = new()
    {
        [Action.Accept] = [nameof(SessionConfirmed)],
        [Action.Propose] = [],
        [Action.Decline] = [nameof(BookingCancelled), nameof(SessionDeclined)],
        [Action.Cancel] = [nameof(BookingCancelled), nameof(SessionCancelled)],
        [Action.ConfirmCompletion] = [nameof(BookingCompleted), nameof(SessionCompleted), nameof(UserReliabilityChanged), nameof(UserReliabilityChanged)],
        [Action.Dispute] = [nameof(BookingDisputed)],
        [Action.Resolve] = [nameof(BookingDisputeResolved), nameof(UserReliabilityChanged)],
    };

    /// <summary>Statuses in which both participants hold the session's quarters.</summary>
    private static readonly HashSet<SessionStatus> Planned = [SessionStatus.Confirmed, SessionStatus.Completed, SessionStatus.Disputed, SessionStatus.Resolved];

    public static TheoryData<Action, SessionStatus> EveryActionInEveryStatus()
    {
        var data = new TheoryData<Action, SessionStatus>();
        foreach (var action in Enum.GetValues<Action>())
        {
            foreach (var status in Enum.GetValues<SessionStatus>())
            {
                data.Add(action, status);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryActionInEveryStatus))]
    public async Task An_action_changes_the_status_only_where_the_lifecycle_allows_it(Action action, SessionStatus status)
    {
        var teacherId = Guid.CreateVersion7();
        var learnerId = Guid.CreateVersion7();
        var afterTheEnd = action is Action.ConfirmCompletion or Action.Dispute;
        var start = new Bookings(app).Slot(afterTheEnd ? TimeSpan.FromHours(-3) : TimeSpan.FromDays(3));
        var session = Stored(status, teacherId, learnerId, start);
        await app.StoreAsync(session);
        if (Planned.Contains(status))
        {
            await app.StoreClaimsAsync(session);
        }
        var before = await app.LoadAsync(session.SessionId);
        var quartersBefore = (await app.ClaimCountAsync(teacherId), await app.ClaimCountAsync(learnerId));

        var responses = await ActAsync(action, session, teacherId, learnerId, start);

        var after = await app.LoadAsync(session.SessionId);
        var quartersAfter = (await app.ClaimCountAsync(teacherId), await app.ClaimCountAsync(learnerId));
        var staged = await app.StagedEventTypesAsync(session.SessionId, teacherId, learnerId);
        if (Allowed[action].TryGetValue(status, out var expected))
        {
            Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
            Assert.Equal(expected, after!.Status);
            // A one-hour session is four quarters in each calendar: taken when it is planned, freed when it is not.
            var quarters = Planned.Contains(expected) ? 4 : 0;
            Assert.Equal((quarters, quarters), quartersAfter);
            Assert.Equal(Staged[action], staged);
        }
        else
        {
            var refused = responses[^1];
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Equal(status, after!.Status);
            Assert.Equal(before!.Version, after.Version);
            Assert.Equal(quartersBefore, quartersAfter);
            Assert.Empty(staged);
        }
    }

    [Fact]
    public void The_transition_table_allows_only_the_documented_moves()
    {
        var documented = new HashSet<(SessionStatus, SessionStatus)>
        {
            (SessionStatus.PendingPayment, SessionStatus.Requested), (SessionStatus.PendingPayment, SessionStatus.Rejected),
            (SessionStatus.PendingPayment, SessionStatus.Cancelled),
            (SessionStatus.Requested, SessionStatus.Requested), (SessionStatus.Requested, SessionStatus.Confirmed),
            (SessionStatus.Requested, SessionStatus.Declined), (SessionStatus.Requested, SessionStatus.Cancelled),
            (SessionStatus.Requested, SessionStatus.Expired),
            (SessionStatus.Confirmed, SessionStatus.Completed), (SessionStatus.Confirmed, SessionStatus.Disputed),
            (SessionStatus.Confirmed, SessionStatus.Cancelled),
            (SessionStatus.Disputed, SessionStatus.Resolved),
        };
        foreach (var from in Enum.GetValues<SessionStatus>())
        {
            foreach (var to in Enum.GetValues<SessionStatus>())
            {
                if (documented.Contains((from, to)))
                {
                    SessionLifecycle.EnsureCanMove(from, to);
                    Assert.True(SessionLifecycle.CanMove(from, to));
                }
                else
                {
                    var refused = Assert.Throws<SessionRuleException>(() => SessionLifecycle.EnsureCanMove(from, to));
                    Assert.Equal("invalid-transition", refused.ProblemSlug);
                    Assert.False(SessionLifecycle.CanMove(from, to));
                }
            }
        }
    }

    [Fact]
    public async Task Payments_answers_move_a_pending_request_to_requested_or_rejected_and_a_late_answer_changes_nothing()
    {
        var bookings = new Bookings(app);
        var teacherId = Guid.CreateVersion7();
        var held = await bookings.RequestAsync(Guid.CreateVersion7(), teacherId, [bookings.Slot(TimeSpan.FromDays(2))]);
        var rejectedLearner = Guid.CreateVersion7();
        var rejected = await bookings.RequestAsync(rejectedLearner, teacherId, [bookings.Slot(TimeSpan.FromDays(3))]);
        var heldId = Guid.Parse(held.Id);
        var rejectedId = Guid.Parse(rejected.Id);
        Assert.Equal("pending-payment", held.Status);

        await bookings.HoldAsync(heldId, Guid.Parse(held.Participants.Single(p => p.Role == "learner").UserId));
        await app.PublishAsync(new CreditsRejected(rejectedId, rejectedId, rejectedLearner, "insufficient-credits"));
        await app.WaitForStatusAsync(rejectedId, SessionStatus.Rejected);

        // A hold that arrives after the rejection, or a second one, is ignored: the booking no longer waits for it.
        var rejectedVersion = (await app.LoadAsync(rejectedId))!.Version;
        var heldVersion = (await app.LoadAsync(heldId))!.Version;
        await app.PublishAsync(new CreditsHeld(rejectedId, rejectedId, rejectedLearner, 60));
        await app.PublishAsync(new CreditsHeld(heldId, heldId, Guid.Empty, 60));
        // One consumer handles the queue in order: once a later marker is applied, the two before it were handled.
        var markerLearner = Guid.CreateVersion7();
        var marker = Guid.Parse((await bookings.RequestAsync(markerLearner, teacherId, [bookings.Slot(TimeSpan.FromDays(4))])).Id);
        await bookings.HoldAsync(marker, markerLearner);
        Assert.Equal((SessionStatus.Rejected, rejectedVersion), ((await app.LoadAsync(rejectedId))!.Status, (await app.LoadAsync(rejectedId))!.Version));
        Assert.Equal((SessionStatus.Requested, heldVersion), ((await app.LoadAsync(heldId))!.Status, (await app.LoadAsync(heldId))!.Version));
    }

    [Fact]
    public async Task A_counter_proposal_hands_the_turn_to_the_other_side()
    {
        var bookings = new Bookings(app);
        var teacherId = Guid.CreateVersion7();
        var learnerId = Guid.CreateVersion7();
        var request = await bookings.RequestAsync(learnerId, teacherId, [bookings.Slot(TimeSpan.FromDays(4))]);
        var sessionId = Guid.Parse(request.Id);
        await bookings.HoldAsync(sessionId, learnerId);
        var other = bookings.Slot(TimeSpan.FromDays(5));

        var proposed = await bookings.PostAsync(teacherId, $"/api/v1/sessions/{sessionId}/propose", new { proposedStarts = new[] { other } });
        Assert.Equal(HttpStatusCode.OK, proposed.StatusCode);
        var waiting = await proposed.Content.ReadFromJsonAsync<SessionResponse>(SessionsApp.Json);
        Assert.Equal("learner", waiting!.AwaitingResponseFrom);

        // Now the teacher must wait; the learner accepts the teacher's slot.
        var teacherAgain = await bookings.PostAsync(teacherId, $"/api/v1/sessions/{sessionId}/accept", new { startsAt = other });
        await ProblemAssertions.AssertProblemAsync(teacherAgain, HttpStatusCode.Conflict, "not-your-turn");
        var accepted = await bookings.PostAsync(learnerId, $"/api/v1/sessions/{sessionId}/accept", new { startsAt = other });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var confirmed = (await app.LoadAsync(sessionId))!;
        Assert.Equal(SessionStatus.Confirmed, confirmed.Status);
        Assert.Equal(other, confirmed.StartsAt);
        await app.Probe.WaitForAsync<SessionConfirmed>(e => e.SessionId == sessionId && e.StartsAt == other);
    }

    private async Task<List<HttpResponseMessage>> ActAsync(Action action, SessionDocument session, Guid teacherId, Guid learnerId, DateTimeOffset start)
    {
        var bookings = new Bookings(app);
        var path = $"/api/v1/sessions/{session.SessionId}";
        return action switch
        {
            Action.Accept => [await bookings.PostAsync(teacherId, $"{path}/accept", new { startsAt = start })],
            Action.Propose => [await bookings.PostAsync(teacherId, $"{path}/propose", new { proposedStarts = new[] { start.AddDays(1) } })],
            Action.Decline => [await bookings.PostAsync(teacherId, $"{path}/decline")],
            Action.Cancel => [await bookings.PostAsync(learnerId, $"{path}/cancel")],
            Action.ConfirmCompletion =>
            [
                await bookings.PostAsync(teacherId, $"{path}/confirm-completion"),
                await bookings.PostAsync(learnerId, $"{path}/confirm-completion"),
            ],
            Action.Dispute => [await bookings.PostAsync(learnerId, $"{path}/dispute", new { reason = "no-show" })],
            Action.Resolve => [await bookings.PostAsync(Guid.CreateVersion7(), $"{path}/dispute/resolution", new { learnerRefundPercent = 100, noShowBy = "teacher" }, "moderator")],
            _ => throw new ArgumentOutOfRangeException(nameof(action)),
        };
    }

    private SessionDocument Stored(SessionStatus status, Guid teacherId, Guid learnerId, DateTimeOffset start) =>
        OneToOneIn(status, teacherId, learnerId, start, app.Clock.GetUtcNow());

    /// <summary>
    /// A one-to-one session brought to <paramref name="status"/> by the session's own methods, as the service would
    /// (also the model's, in <see cref="StateMachineTests"/>): requested at <paramref name="now"/> for <paramref name="start"/>,
    /// answered, held, confirmed, completed or disputed at the instants those moves allow.
    /// </summary>
    internal static SessionDocument OneToOneIn(SessionStatus status, Guid teacherId, Guid learnerId, DateTimeOffset start, DateTimeOffset now)
    {
        var (session, _) = SessionDocument.Request(
            Guid.CreateVersion7(), teacherId, learnerId, new SessionTerms("Guitar", 60, SessionFormat.Online, null, null), [start], now);
        if (status == SessionStatus.PendingPayment)
        {
            return session;
        }
        if (status == SessionStatus.Rejected)
        {
            session.RejectSeat(session.Seats[0]);
            return session;
        }
        session.HoldSeat(session.Seats[0]);
        switch (status)
        {
            case SessionStatus.Requested:
                return session;
            case SessionStatus.Declined:
                session.Decline(SessionRole.Teacher);
                return session;
            case SessionStatus.Cancelled:
                session.CallOff(learnerId, BookingCancellationReason.LearnerCancelled, late: false);
                return session;
            case SessionStatus.Expired:
                session.ExpireIfUnanswered(start);
                return session;
        }
        session.Accept(SessionRole.Teacher, start, start, minimumNotice: TimeSpan.Zero);
        switch (status)
        {
            case SessionStatus.Completed:
                session.ConfirmCompletion(learnerId, session.EndsAt);
                session.ConfirmCompletion(teacherId, session.EndsAt);
                session.Complete();
                break;
            case SessionStatus.Disputed or SessionStatus.Resolved:
                session.RaiseDispute(learnerId, "no-show", null, start, timeToDispute: TimeSpan.Zero);
                if (status == SessionStatus.Resolved)
                {
                    session.Resolve(Guid.CreateVersion7(), null, 100, noShowBy: null, start);
                }
                break;
        }
        Assert.Equal(status, session.Status);
        return session;
    }
}
