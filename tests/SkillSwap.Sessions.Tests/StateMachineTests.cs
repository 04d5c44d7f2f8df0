using SkillSwap.IntegrationEvents;
using SkillSwap.Sessions.Model;
using Action = SkillSwap.Sessions.Tests.LifecycleTests.Action;

namespace SkillSwap.Sessions.Tests;

/// <summary>
/// The session's own rules, on the model alone (no server, no store): every action in every status either makes the
/// documented move and returns exactly the documented events, or is refused and leaves the session as it was; then
/// each refusal that does not depend on the status. <see cref="LifecycleTests"/> drives the same actions through the
/// API, with the calendars and the outbox.
/// </summary>
public sealed class StateMachineTests
{

    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan MinimumNotice = TimeSpan.FromHours(1);
    private static readonly TimeSpan TimeToDispute = TimeSpan.FromHours(48);
    private static readonly Guid Teacher = Guid.CreateVersion7();
    private static readonly Guid Learner = Guid.CreateVersion7();
    private static readonly Guid Moderator = Guid.CreateVersion7();

    private static readonly Dictionary<Action, string[]> Events = new()
    {
        [Action.Accept] = [nameof(SessionConfirmed)],
        [Action.Propose] = [],
        [Action.Decline] = [nameof(BookingCancelled), nameof(SessionDeclined)],
        [Action.Cancel] = [nameof(BookingCancelled), nameof(SessionCancelled)],
        [Action.ConfirmCompletion] = [nameof(BookingCompleted), nameof(SessionCompleted)],
        [Action.Dispute] = [nameof(BookingDisputed)],
        [Action.Resolve] = [nameof(BookingDisputeResolved)],
    };

    [Theory]
    [MemberData(nameof(LifecycleTests.EveryActionInEveryStatus), MemberType = typeof(LifecycleTests))]
    public void Each_action_moves_as_documented_or_is_refused_and_changes_nothing(Action action, SessionStatus status)
    {
        var session = OneToOne(status, Planning(action) ? Now.AddDays(2) : Now.AddHours(-2));
        var before = Snapshot(session);

        if (LifecycleTests.Allowed[action].TryGetValue(status, out var after))
        {
            var events = Run(action, session);
            Assert.Equal(after, session.Status);
            Assert.Equal(Events[action], events.Select(e => e.GetType().Name));
        }
        else
        {
            var refused = Assert.Throws<SessionRuleException>(() => Run(action, session));
            Assert.Equal(("invalid-transition", 409), (refused.ProblemSlug, refused.StatusCode));
            Assert.Equal(before, Snapshot(session));
        }
    }

    [Fact]
    public void Only_the_side_whose_turn_it_is_answers_and_only_with_a_proposed_start_far_enough_ahead()
    {
        var start = Now.AddDays(2);
        Assert.Equal("not-your-turn", Refusal(() => OneToOne(SessionStatus.Requested, start).Accept(SessionRole.Learner, start, Now, MinimumNotice)));
        Assert.Equal("not-your-turn", Refusal(() => OneToOne(SessionStatus.Requested, start).Propose(SessionRole.Learner, [start.AddDays(1)])));
        Assert.Equal("invalid-request", Refusal(() => OneToOne(SessionStatus.Requested, start).Accept(SessionRole.Teacher, start.AddHours(1), Now, MinimumNotice)));
        Assert.Equal("too-late", Refusal(() => OneToOne(SessionStatus.Requested, Now.AddMinutes(30)).Accept(SessionRole.Teacher, Now.AddMinutes(30), Now, MinimumNotice)));
        Assert.Equal("not-allowed", Refusal(() => OneToOne(SessionStatus.Requested, start).Decline(SessionRole.Learner)));

        var countered = OneToOne(SessionStatus.Requested, start);
        countered.Propose(SessionRole.Teacher, [start.AddDays(1), start.AddDays(2)]);
        Assert.Equal((SessionRole.Learner, start.AddDays(1), start.AddDays(1).AddHours(1)), (countered.AwaitingResponseFrom!.Value, countered.StartsAt, countered.EndsAt));
        var confirmed = countered.Accept(SessionRole.Learner, start.AddDays(2), Now, MinimumNotice);
        Assert.Equal((start.AddDays(2), start.AddDays(2).AddHours(1)), (confirmed.StartsAt, confirmed.EndsAt));
        Assert.Equal(new[] { Learner }, confirmed.LearnerIds);
        Assert.Empty(countered.ProposedStarts);
        Assert.Null(countered.AwaitingResponseFrom);
    }

    [Fact]
    public void A_session_completes_after_its_end_once_the_teacher_and_every_paid_learner_confirmed()
    {
        var session = OneToOne(SessionStatus.Confirmed, Now.AddMinutes(-30));
        Assert.Equal("too-early", Refusal(() => session.ConfirmCompletion(Learner, Now)));
        Assert.False(session.ConfirmCompletion(Learner, Now.AddHours(1)));
        Assert.Equal(SessionStatus.Confirmed, session.Status);
        Assert.True(session.ConfirmCompletion(Teacher, Now.AddHours(1)));
        var (events, learners) = session.Complete();
        Assert.Equal(new[] { Learner }, learners);
        Assert.Equal(SeatStatus.Completed, Assert.Single(session.Seats).Status);
        Assert.Equal(session.EndsAt, events.OfType<SessionCompleted>().Single().EndedAt);
    }

    [Fact]
    public void A_dispute_comes_between_the_start_and_the_end_of_the_time_to_dispute_and_a_moderator_outside_it_settles_it()
    {
        Assert.Equal("too-early", Refusal(() => OneToOne(SessionStatus.Confirmed, Now.AddHours(1)).RaiseDispute(Learner, "no-show", null, Now, TimeToDispute)));
        Assert.Equal("too-late", Refusal(() => OneToOne(SessionStatus.Confirmed, Now.AddDays(-3)).RaiseDispute(Learner, "no-show", null, Now, TimeToDispute)));

        var disputed = OneToOne(SessionStatus.Confirmed, Now.AddHours(-2));
        disputed.RaiseDispute(Learner, "no-show", "Nobody came", Now, TimeToDispute);
        Assert.Equal("not-allowed", Refusal(() => disputed.Resolve(Teacher, null, 100, SessionRole.Teacher, Now)));
        var (resolved, noShow) = disputed.Resolve(Moderator, null, 100, SessionRole.Teacher, Now);
        Assert.Equal((100, Teacher), (resolved.LearnerRefundPercent, noShow!.Value));
        Assert.Equal((Moderator, "Nobody came"), (disputed.Dispute!.ResolvedBy!.Value, disputed.Dispute.Details));
    }

    [Fact]
    public void Calling_off_tells_who_and_the_agreed_start_only_of_a_confirmed_session()
    {
        var confirmed = OneToOne(SessionStatus.Confirmed, Now.AddDays(2));
        var cancelled = confirmed.CallOff(Guid.Empty, BookingCancellationReason.LearnerCancelled, late: true).OfType<SessionCancelled>().Single();
        Assert.Equal((Guid.Empty, Now.AddDays(2), true), (cancelled.CancelledBy, cancelled.StartsAt!.Value, cancelled.Late));
        Assert.True(confirmed.LateCancellation);

        var requested = OneToOne(SessionStatus.Requested, Now.AddDays(2));
        Assert.Null(requested.CallOff(Teacher, BookingCancellationReason.TeacherCancelled, late: false).OfType<SessionCancelled>().Single().StartsAt);
        Assert.Null(requested.AwaitingResponseFrom);
    }

    [Fact]
    public void A_group_seat_is_taken_while_the_group_is_open_and_has_room_and_each_learner_disputes_only_their_own()
    {
        var group = Group(capacity: 2, startsAt: Now.AddDays(1));
        var (seat, requested) = group.TakeSeat(Learner, Now);
        Assert.Equal((SeatStatus.PendingPayment, seat.BookingId), (seat.Status, requested.BookingId));
        Assert.Equal("invalid-request", Refusal(() => group.TakeSeat(Learner, Now)));
        Assert.Equal("invalid-request", Refusal(() => group.TakeSeat(Teacher, Now)));
        group.TakeSeat(Guid.CreateVersion7(), Now);
        Assert.Equal("session-full", Refusal(() => group.TakeSeat(Guid.CreateVersion7(), Now)));
        Assert.Equal("too-late", Refusal(() => Group(2, Now.AddMinutes(-1)).TakeSeat(Learner, Now)));
        Assert.Equal("session-not-found", Refusal(() => OneToOne(SessionStatus.Confirmed, Now.AddDays(1)).TakeSeat(Guid.CreateVersion7(), Now)));

        var started = Group(capacity: 3, startsAt: Now.AddHours(-2));
        var other = Guid.CreateVersion7();
        foreach (var learner in new[] { Learner, other })
        {
            var (taken, _) = started.TakeSeat(learner, Now.AddDays(-1));
            started.HoldSeat(taken);
        }
        Assert.Equal("not-allowed", Refusal(() => started.RaiseDispute(Teacher, "no-show", null, Now, TimeToDispute)));
        Assert.Single(started.RaiseDispute(Learner, "no-show", null, Now, TimeToDispute));
        Assert.Equal(SessionStatus.Confirmed, started.Status);
        Assert.Equal(new[] { other }, started.Complete().Learners);
        Assert.Equal(SeatStatus.Disputed, started.Seats.Single(seat => seat.LearnerId == Learner).Status);
    }

    [Fact]
    public void Payments_answers_make_a_one_to_one_request_reach_the_teacher_or_end_it()
    {
        var held = OneToOne(SessionStatus.PendingPayment, Now.AddDays(2));
        held.HoldSeat(held.Seats[0]);
        Assert.Equal((SessionStatus.Requested, SeatStatus.Held), (held.Status, held.Seats[0].Status));

        var rejected = OneToOne(SessionStatus.PendingPayment, Now.AddDays(2));
        rejected.RejectSeat(rejected.Seats[0]);
        Assert.Equal((SessionStatus.Rejected, SeatStatus.Rejected, (SessionRole?)null), (rejected.Status, rejected.Seats[0].Status, rejected.AwaitingResponseFrom));
    }

    private static bool Planning(Action action) => action is Action.Accept or Action.Propose or Action.Decline or Action.Cancel;

    private static IReadOnlyList<IntegrationEvent> Run(Action action, SessionDocument session)
    {
        switch (action)
        {
            case Action.Accept:
                return [session.Accept(SessionRole.Teacher, session.StartsAt, Now, MinimumNotice)];
            case Action.Propose:
                session.Propose(SessionRole.Teacher, [session.StartsAt.AddDays(1)]);
                return [];
            case Action.Decline:
                return session.Decline(SessionRole.Teacher);
            case Action.Cancel:
                return session.CallOff(Learner, BookingCancellationReason.LearnerCancelled, late: false);
            case Action.ConfirmCompletion:
                session.ConfirmCompletion(Learner, Now);
                return session.ConfirmCompletion(Teacher, Now) ? session.Complete().Events : [];
            case Action.Dispute:
                return session.RaiseDispute(Learner, "no-show", null, Now, TimeToDispute);
            default:
                return [session.Resolve(Moderator, null, 50, noShowBy: null, Now).Event];
        }
    }

    private static string Refusal(Func<object?> act) => Assert.Throws<SessionRuleException>(act).ProblemSlug;

    private static string Refusal(System.Action act) => Assert.Throws<SessionRuleException>(act).ProblemSlug;

    private static string Snapshot(SessionDocument session) => System.Text.Json.JsonSerializer.Serialize(session);

    private static SessionDocument OneToOne(SessionStatus status, DateTimeOffset startsAt) =>
        LifecycleTests.OneToOneIn(status, Teacher, Learner, startsAt, Now.AddDays(-1));

    private static SessionDocument Group(int capacity, DateTimeOffset startsAt) =>
        SessionDocument.PlanGroup(Guid.CreateVersion7(), Teacher, new SessionTerms("Chess", 60, SessionFormat.Online, null, null), capacity, startsAt, Now.AddDays(-2));
}
