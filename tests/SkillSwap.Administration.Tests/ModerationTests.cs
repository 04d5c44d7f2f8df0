using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SkillSwap.Administration.Audit;
using SkillSwap.Administration.Moderation;
using SkillSwap.Administration.Tests.Infrastructure;
using SkillSwap.IntegrationEvents;
using SkillSwap.Testing;

namespace SkillSwap.Administration.Tests;

[Collection(AdministrationCollection.Name)]
public sealed class ModerationTests(AdministrationApp app)
{
    private readonly Guid _moderator = Guid.CreateVersion7();

    private static ChatMessageReported MessageReport(string conversationId, long sequence, Guid reporter, Guid sender, string reason = "insults") =>
        new(Guid.CreateVersion7(), conversationId, sequence, reporter, sender, "You are an idiot", reason);

    private async Task<CaseSummary[]> QueueAsync(string query = "") =>
        await app.GetAsync<CaseSummary[]>(_moderator, $"{ModerationApi.RoutePrefix}?limit=200{query}");

    [Fact]
    public async Task Reports_of_one_thing_make_one_case_whose_priority_grows_with_the_people_reporting_it()
    {
        var conversation = $"d-{Guid.NewGuid():N}";
        var sender = Guid.CreateVersion7();
        var (ana, bob) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var sentAt = new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
        await app.PublishAndWaitAsync(
            MessageReport(conversation, 7, ana, sender) with { Context = [new(6, ana, "Can we move the lesson?", sentAt), new(8, sender, "Whatever", sentAt.AddMinutes(1))] },
            MessageReport(conversation, 7, bob, sender, "threats"),
            MessageReport(conversation, 8, ana, sender));

        var cases = (await QueueAsync("&kind=chat-message")).Where(c => c.Subject.StartsWith(conversation, StringComparison.Ordinal)).ToList();

        Assert.Equal([$"{conversation}/7", $"{conversation}/8"], cases.Select(c => c.Subject));
        Assert.Equal((2, 25), (cases[0].ReportCount, cases[0].Priority));
        Assert.Equal((1, 20), (cases[1].ReportCount, cases[1].Priority));
        var detail = await app.GetAsync<CaseDetail>(_moderator, $"{ModerationApi.RoutePrefix}/{cases[0].Id}");
        Assert.Equal((sender, "You are an idiot", conversation), (detail.ReportedUserId!.Value, detail.ReportedText, detail.ContextId));
        Assert.Equal(["insults", "threats"], detail.Reports.Select(r => r.Reason).Order());
        // The exchange around it, as the first report brought it.
        Assert.Equal([(6L, ana, "Can we move the lesson?"), (8L, sender, "Whatever")], detail.Context!.Messages.Select(m => (m.Sequence, m.SenderId, m.Text)));
    }

    [Fact]
    public async Task A_dispute_is_a_case_about_the_other_party_of_the_booking_ranked_by_its_severity()
    {
        var (learner, teacher) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var booking = Guid.CreateVersion7();
        await app.PublishAndWaitAsync(new SessionRequested(booking, booking, learner, teacher, 60, "Guitar"));
        await app.PublishAndWaitAsync(new BookingDisputed(booking, booking, learner, "no-show"));

        var queue = await QueueAsync();
        var dispute = Assert.Single(queue, c => c.Subject == booking.ToString());

        Assert.Equal((CaseKind.Dispute, teacher, 30), (dispute.Kind, dispute.ReportedUserId!.Value, dispute.Priority));
        // Its context: the booking as SessionRequested described it.
        var context = (await app.GetAsync<CaseDetail>(_moderator, $"{ModerationApi.RoutePrefix}/{dispute.Id}")).Context!;
        Assert.Equal((learner, teacher, "Guitar", 60), (context.LearnerId!.Value, context.TeacherId!.Value, context.SkillLabel, context.CreditMinutes!.Value));
        Assert.NotNull(context.RequestedAt);
        Assert.All(queue.TakeWhile(c => c.Id != dispute.Id), c => Assert.True(c.Priority >= dispute.Priority));
        // Neither party may handle it.
        using var teacherAsModerator = app.ClientFor(teacher);
        await (await teacherAsModerator.GetAsync($"{ModerationApi.RoutePrefix}/{dispute.Id}")).AssertProblemAsync(HttpStatusCode.Forbidden, "party-to-case");
        Assert.DoesNotContain(await app.GetAsync<CaseSummary[]>(teacher, $"{ModerationApi.RoutePrefix}?limit=200"), c => c.Id == dispute.Id);
    }

    [Fact]
    public async Task The_steps_of_a_session_ended_long_ago_without_a_dispute_are_forgotten_those_of_a_disputed_recent_or_coming_one_kept()
    {
        var (learner, teacher) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var longAgo = DateTimeOffset.UtcNow - BookingTimelineSweep.Retention - TimeSpan.FromDays(10);
        // One booking per session; the session's id is the booking's.
        var (ended, disputed, recent, ahead) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        var plannedStart = DateTimeOffset.UtcNow.AddDays(3);
        await app.PublishAndWaitAsync(
            // Booked long ago for a session still to come: it may yet be disputed.
            new SessionRequested(ahead, ahead, learner, teacher, 60, "Chess") { OccurredAt = longAgo },
            new SessionConfirmed(ahead, teacher, [learner], "Chess", plannedStart, plannedStart.AddHours(1)) { OccurredAt = longAgo },
            new SessionRequested(ended, ended, learner, teacher, 60, "Chess") { OccurredAt = longAgo },
            new BookingCompleted(ended, ended, learner, teacher) { OccurredAt = longAgo.AddDays(1) },
            new SessionRequested(disputed, disputed, learner, teacher, 60, "Chess") { OccurredAt = longAgo },
            new BookingDisputed(disputed, disputed, learner, "no-show") { OccurredAt = longAgo.AddDays(1) },
            new SessionRequested(recent, recent, learner, teacher, 60, "Chess") { OccurredAt = longAgo },
            new BookingCompleted(recent, recent, learner, teacher) { OccurredAt = DateTimeOffset.UtcNow.AddDays(-1) });
        Guid[] all = [ended, disputed, recent, ahead];
        Assert.Equal(4, await app.QueryAsync(db => db.Bookings.CountAsync(b => all.Contains(b.SessionId))));

        await app.Services.GetServices<IHostedService>().OfType<BookingTimelineSweep>().Single().RunOnceAsync(CancellationToken.None);

        var stepsKept = await app.QueryAsync(db => db.BookingTimeline.Where(e => all.Contains(e.SessionId)).Select(e => e.SessionId).Distinct().ToListAsync());
        var partiesKept = await app.QueryAsync(db => db.Bookings.Where(b => all.Contains(b.SessionId)).Select(b => b.SessionId).ToListAsync());
        Assert.Equal(new HashSet<Guid> { disputed, recent, ahead }, stepsKept.ToHashSet());
        Assert.Equal(new HashSet<Guid> { disputed, recent, ahead }, partiesKept.ToHashSet());
    }

    [Fact]
    public async Task A_disputes_case_shows_the_sessions_timeline_with_its_escrow_and_its_chat_up_to_the_dispute()
    {
        var (learner, teacher, settler) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        var (booking, otherBooking) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var session = booking;
        var startsAt = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()).AddHours(-2);
        var conversation = $"d-{Guid.NewGuid():N}";
        var quote = new DisputedSessionChatQuoted(booking, session, learner, conversation,
            [new(4, learner, "Are you connecting?", startsAt.AddMinutes(5)), new(5, teacher, "Running late, sorry", startsAt.AddMinutes(20))]);
        // Chat may answer the dispute before this service opens its case: the quote waits for it.
        var quoting = app.PublishAndWaitAsync(quote);
        await app.PublishAndWaitAsync(
            new SessionRequested(session, booking, learner, teacher, 60, "Guitar") { OccurredAt = startsAt.AddDays(-3) },
            new CreditsHeld(booking, session, learner, 60) { OccurredAt = startsAt.AddDays(-3).AddSeconds(1) },
            new SessionConfirmed(session, teacher, [learner], "Guitar", startsAt, startsAt.AddHours(1)) { OccurredAt = startsAt.AddDays(-2) },
            new CreditsHeld(otherBooking, Guid.CreateVersion7(), learner, 30) { OccurredAt = startsAt.AddDays(-2) });
        await app.PublishAndWaitAsync(new BookingDisputed(booking, session, learner, "no-show") { OccurredAt = startsAt.AddMinutes(30) });
        await quoting;

        var dispute = Assert.Single(await QueueAsync("&kind=dispute"), c => c.Subject == booking.ToString());
        var detail = await app.GetAsync<CaseDetail>(_moderator, $"{ModerationApi.RoutePrefix}/{dispute.Id}");
        var timeline = detail.Timeline!;
        Assert.Equal([BookingStep.Requested, BookingStep.CreditsHeld, BookingStep.Confirmed, BookingStep.Disputed], timeline.Select(s => s.Step));
        Assert.Equal((learner, 60), (timeline[0].ActorId!.Value, timeline[0].CreditMinutes!.Value));
        Assert.Equal((startsAt, startsAt.AddHours(1)), (timeline[2].StartsAt!.Value, timeline[2].EndsAt!.Value));
        Assert.Equal(learner, timeline[3].ActorId);
        Assert.Equal([(4L, learner, "Are you connecting?"), (5L, teacher, "Running late, sorry")], detail.Context!.Messages.Select(m => (m.Sequence, m.SenderId, m.Text)));
        // The booking's terms stay beside the chat.
        Assert.Equal(("Guitar", 60), (detail.Context.SkillLabel, detail.Context.CreditMinutes!.Value));

        // A redelivered step is kept once; the settlement ends the timeline, with the share refunded.
        await app.PublishAndWaitAsync(quote);
        var settled = new BookingDisputeResolved(booking, session, settler, 40);
        await app.PublishAndWaitAsync(settled, settled);
        var after = await app.GetAsync<CaseDetail>(_moderator, $"{ModerationApi.RoutePrefix}/{dispute.Id}");
        var settledTimeline = after.Timeline!;
        Assert.Equal([BookingStep.Requested, BookingStep.CreditsHeld, BookingStep.Confirmed, BookingStep.Disputed, BookingStep.Settled], settledTimeline.Select(s => s.Step));
        Assert.Equal((settler, 40), (settledTimeline[4].ActorId!.Value, settledTimeline[4].LearnerRefundPercent!.Value));
        Assert.Equal(2, after.Context!.Messages.Count);
        // Other cases have no timeline.
        var conversationCase = $"d-{Guid.NewGuid():N}";
        await app.PublishAndWaitAsync(MessageReport(conversationCase, 1, learner, teacher));
        var message = Assert.Single(await QueueAsync(), c => c.Subject == $"{conversationCase}/1");
        Assert.Null((await app.GetAsync<CaseDetail>(_moderator, $"{ModerationApi.RoutePrefix}/{message.Id}")).Timeline);
    }

    [Fact]
    public async Task A_reported_profile_is_a_case_about_its_owner_showing_the_profile_as_it_read()
    {
        var owner = Guid.CreateVersion7();
        await app.PublishAndWaitAsync(
            new ProfileReported(Guid.CreateVersion7(), owner, Guid.CreateVersion7(), "Crypto Coach", "DM me to double your credits", "scam"),
            new ProfileReported(Guid.CreateVersion7(), owner, Guid.CreateVersion7(), "Crypto Coach", "DM me to double your credits", "fake"));

        var profileCase = Assert.Single(await QueueAsync("&kind=profile"), c => c.Subject == owner.ToString());

        Assert.Equal((CaseKind.Profile, owner, 2, 20), (profileCase.Kind, profileCase.ReportedUserId!.Value, profileCase.ReportCount, profileCase.Priority));
        var detail = await app.GetAsync<CaseDetail>(_moderator, $"{ModerationApi.RoutePrefix}/{profileCase.Id}");
        Assert.Equal("Crypto Coach\nDM me to double your credits", detail.ReportedText);
        using var moderator = app.ClientFor(_moderator);
        Assert.Equal(HttpStatusCode.OK, (await moderator.PostAsJsonAsync($"{ModerationApi.RoutePrefix}/{profileCase.Id}/decision",
            new { outcome = "warn", reason = "No get-rich offers on profiles" })).StatusCode);
    }

    [Fact]
    public async Task A_moderator_takes_and_decides_a_case_each_step_audited_and_a_new_report_opens_it_again()
    {
        var conversation = $"d-{Guid.NewGuid():N}";
        var reporter = Guid.CreateVersion7();
        await app.PublishAndWaitAsync(MessageReport(conversation, 1, reporter, Guid.CreateVersion7()));
        var opened = Assert.Single(await QueueAsync("&assigned=none"), c => c.Subject == $"{conversation}/1");
        // The case's clock: a message is due 12 hours after someone started waiting.
        Assert.Equal((opened.OpenedAt, opened.OpenedAt.AddHours(12)), (opened.WaitingSince, opened.DueAt));
        using var moderator = app.ClientFor(_moderator);
        using var colleague = app.ClientFor(Guid.CreateVersion7());
        var path = $"{ModerationApi.RoutePrefix}/{opened.Id}";

        var taken = await (await moderator.PostAsync($"{path}/assignment", null)).ReadAsync<CaseDetail>(HttpStatusCode.OK, AdministrationApp.Json);
        Assert.Equal(_moderator, taken.AssignedTo);
        Assert.Contains(await QueueAsync("&assigned=me"), c => c.Id == opened.Id);
        await (await colleague.PostAsync($"{path}/assignment", null)).AssertProblemAsync(HttpStatusCode.Conflict, "case-assigned");
        await (await colleague.PostAsJsonAsync($"{path}/decision", new { outcome = "dismiss", reason = "Banter between friends" }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "case-assigned");

        var decided = await (await moderator.PostAsJsonAsync($"{path}/decision", new { outcome = "dismiss", reason = "Banter between friends" }))
            .ReadAsync<CaseDetail>(HttpStatusCode.OK, AdministrationApp.Json);
        Assert.Equal((CaseStatus.Decided, CaseOutcome.Dismissed, "Banter between friends", _moderator), (decided.Status, decided.Outcome!.Value, decided.DecisionReason, decided.DecidedBy!.Value));
        Assert.DoesNotContain(await QueueAsync(), c => c.Id == opened.Id);
        Assert.Contains(await QueueAsync("&status=decided"), c => c.Id == opened.Id);
        await (await moderator.PostAsJsonAsync($"{path}/decision", new { outcome = "dismiss", reason = "Banter between friends" }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "case-decided");

        var entries = await app.GetAsync<Audit.AuditEntryView[]>(_moderator, $"/api/v1/admin/audit?target=case:{opened.Id}");
        Assert.Equal(["case.decided", "case.assigned"], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal(_moderator, e.ActorId));
        Assert.Contains("\"Outcome\":\"Dismissed\"", entries[0].After);
        Assert.Contains("\"Status\":\"Open\"", entries[0].Before);

        var again = MessageReport(conversation, 1, Guid.CreateVersion7(), Guid.CreateVersion7(), "still insulting") with
        {
            OccurredAt = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()),
        };
        await app.PublishAndWaitAsync(again);
        var reopened = Assert.Single(await QueueAsync("&assigned=none"), c => c.Id == opened.Id);
        Assert.Equal((CaseStatus.Open, 2), (reopened.Status, reopened.ReportCount));
        // Its clock starts again from the new report; the first opening is kept.
        Assert.Equal((again.OccurredAt, again.OccurredAt.AddHours(12), opened.OpenedAt), (reopened.WaitingSince, reopened.DueAt, reopened.OpenedAt));
    }

    [Fact]
    public async Task Removing_content_names_it_to_the_service_that_owns_it_and_is_on_the_authors_record()
    {
        var (author, reporter) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var conversation = $"d-{Guid.NewGuid():N}";
        var review = Guid.CreateVersion7();
        await app.PublishAndWaitAsync(
            MessageReport(conversation, 3, reporter, author),
            new ReviewReported(Guid.CreateVersion7(), review, reporter, author, "Worst teacher, a scammer", "defamation")
            {
                Rating = 1, SkillLabel = "Chess", RevieweeId = reporter, Reply = "We never met outside the lesson.",
            },
            new ProfileReported(Guid.CreateVersion7(), author, reporter, "Author", "Call me on +33 6 00 00 00 00 for cash lessons", "off-platform payment"));
        var queue = await QueueAsync();
        var cases = new[] { $"{conversation}/3", review.ToString(), author.ToString() }.Select(subject => Assert.Single(queue, c => c.Subject == subject)).ToList();
        var reviewContext = (await app.GetAsync<CaseDetail>(_moderator, $"{ModerationApi.RoutePrefix}/{cases[1].Id}")).Context!;
        Assert.Equal((1, "Chess", reporter, "We never met outside the lesson."), (reviewContext.Rating!.Value, reviewContext.SkillLabel, reviewContext.RevieweeId!.Value, reviewContext.Reply));
        await using var events = await IntegrationEventProbe.StartAsync((await SharedServers.RabbitMqAsync()).ConnectionString, nameof(ContentRemoved));
        using var moderator = app.ClientFor(_moderator);

        foreach (var moderationCase in cases)
        {
            var decided = await (await moderator.PostAsJsonAsync($"{ModerationApi.RoutePrefix}/{moderationCase.Id}/decision", new { outcome = "remove-content", reason = "Breaks the community rules" }))
                .ReadAsync<CaseDetail>(HttpStatusCode.OK, AdministrationApp.Json);
            Assert.Equal((CaseStatus.Decided, CaseOutcome.ContentRemoved), (decided.Status, decided.Outcome));
        }

        var removed = new List<ContentRemoved>();
        foreach (var moderationCase in cases)
        {
            removed.Add(await events.WaitForAsync<ContentRemoved>(e => e.CaseId == moderationCase.Id));
        }
        Assert.Equal(
            [(ContentRemoved.ChatMessage, $"{conversation}/3"), (ContentRemoved.Review, review.ToString()), (ContentRemoved.ProfileBio, author.ToString())],
            removed.Select(e => (e.ContentKind, e.ContentId)));
        Assert.All(removed, e => Assert.Equal((author, "Breaks the community rules"), (e.OwnerId, e.Reason)));
        var record = await app.GetAsync<AuditEntryView[]>(_moderator, $"/api/v1/admin/audit?target=user:{author}");
        Assert.Equal(3, record.Count(entry => entry.Action == "content.removed" && entry.ActorId == _moderator));
    }

    [Fact]
    public async Task Bad_input_is_a_problem_and_changes_nothing()
    {
        var conversation = $"d-{Guid.NewGuid():N}";
        await app.PublishAndWaitAsync(MessageReport(conversation, 1, Guid.CreateVersion7(), Guid.CreateVersion7()));
        var opened = Assert.Single(await QueueAsync(), c => c.Subject == $"{conversation}/1");
        using var moderator = app.ClientFor(_moderator);
        var path = $"{ModerationApi.RoutePrefix}/{opened.Id}";
        var auditBefore = await app.AuditCountAsync();

        await (await moderator.PostAsJsonAsync($"{path}/decision", new { outcome = "erase", reason = "x" })).AssertValidationProblemAsync("outcome", "reason");
        await (await moderator.PostAsync($"{path}/decision", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json")))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await moderator.GetAsync($"{ModerationApi.RoutePrefix}?status=closed&kind=person&assigned=them&limit=0"))
            .AssertValidationProblemAsync("status", "kind", "assigned", "limit");
        await (await moderator.PostAsync($"{ModerationApi.RoutePrefix}/{Guid.CreateVersion7()}/assignment", null))
            .AssertProblemAsync(HttpStatusCode.NotFound, "case-not-found");
        await (await moderator.DeleteAsync($"{path}/assignment")).AssertProblemAsync(HttpStatusCode.Conflict, "case-not-yours");

        var after = await app.GetAsync<CaseDetail>(_moderator, path);
        Assert.Equal((CaseStatus.Open, (Guid?)null, (CaseOutcome?)null), (after.Status, after.AssignedTo, after.Outcome));
        Assert.Equal(auditBefore, await app.AuditCountAsync());
    }
}
