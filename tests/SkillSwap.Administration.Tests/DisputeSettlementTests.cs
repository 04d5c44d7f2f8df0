using System.Net;
using System.Net.Http.Json;
using SkillSwap.Administration.Audit;
using SkillSwap.Administration.Moderation;
using SkillSwap.Administration.Tests.Infrastructure;
using SkillSwap.IntegrationEvents;
using SkillSwap.Testing;

namespace SkillSwap.Administration.Tests;

/// <summary>A dispute's case is settled, never dismissed, and the settlement goes to Sessions as an event.</summary>
[Collection(AdministrationCollection.Name)]
public sealed class DisputeSettlementTests(AdministrationApp app)
{
    private readonly Guid _moderator = Guid.CreateVersion7();

    private async Task<(Guid Booking, Guid Session, string CasePath)> DisputeAsync()
    {
        var (booking, session) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var (learner, teacher) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        await app.PublishAndWaitAsync(new SessionRequested(booking, session, learner, teacher, 60, "Guitar"));
        await app.PublishAndWaitAsync(new BookingDisputed(booking, session, learner, "no-show"));
        var dispute = Assert.Single(await app.GetAsync<CaseSummary[]>(_moderator, $"{ModerationApi.RoutePrefix}?kind=dispute&limit=200"),
            c => c.Subject == booking.ToString());
        return (booking, session, $"{ModerationApi.RoutePrefix}/{dispute.Id}");
    }

    [Fact]
    public async Task A_settled_dispute_tells_sessions_the_split_and_the_upheld_no_show_and_is_audited()
    {
        var (booking, session, casePath) = await DisputeAsync();
        await using var events = await IntegrationEventProbe.StartAsync((await SharedServers.RabbitMqAsync()).ConnectionString, nameof(DisputeSettled));
        using var moderator = app.ClientFor(_moderator);

        var decided = await (await moderator.PostAsJsonAsync($"{casePath}/decision",
            new { outcome = "settle", reason = "The teacher never connected", learnerRefundPercent = 100, noShowBy = "teacher" }))
            .ReadAsync<CaseDetail>(HttpStatusCode.OK, AdministrationApp.Json);

        Assert.Equal((CaseStatus.Decided, CaseOutcome.Settled), (decided.Status, decided.Outcome!.Value));
        var settled = await events.WaitForAsync<DisputeSettled>(e => e.BookingId == booking);
        Assert.Equal((decided.Id, session, _moderator, 100, "teacher"), (settled.CaseId, settled.SessionId, settled.ModeratorId, settled.LearnerRefundPercent, settled.NoShowBy));
        var audit = await app.GetAsync<AuditEntryView[]>(_moderator, $"/api/v1/admin/audit?target=case:{decided.Id}");
        Assert.Equal(["case.decided", "dispute.settled"], audit.Select(e => e.Action));
        Assert.Contains("\"LearnerRefundPercent\":100", audit[1].After);
    }

    [Fact]
    public async Task A_dispute_is_never_dismissed_only_a_dispute_is_settled_and_bad_terms_change_nothing()
    {
        var (_, _, casePath) = await DisputeAsync();
        var conversation = $"d-{Guid.NewGuid():N}";
        await app.PublishAndWaitAsync(new ChatMessageReported(Guid.CreateVersion7(), conversation, 1, Guid.CreateVersion7(), Guid.CreateVersion7(), "hi", "spam"));
        var message = Assert.Single(await app.GetAsync<CaseSummary[]>(_moderator, $"{ModerationApi.RoutePrefix}?limit=200"), c => c.Subject == $"{conversation}/1");
        using var moderator = app.ClientFor(_moderator);
        var auditBefore = await app.AuditCountAsync();

        await (await moderator.PostAsJsonAsync($"{casePath}/decision", new { outcome = "dismiss", reason = "Both parties agree now" }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "outcome-not-for-case");
        await (await moderator.PostAsJsonAsync($"{casePath}/decision", new { outcome = "remove-content", reason = "Nothing was written to remove" }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "outcome-not-for-case");
        await (await moderator.PostAsJsonAsync($"{ModerationApi.RoutePrefix}/{message.Id}/decision", new { outcome = "settle", reason = "Split it in half", learnerRefundPercent = 50 }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "outcome-not-for-case");
        await (await moderator.PostAsJsonAsync($"{casePath}/decision", new { outcome = "settle", reason = "Split it in half" }))
            .AssertValidationProblemAsync("learnerRefundPercent");
        await (await moderator.PostAsJsonAsync($"{casePath}/decision", new { outcome = "settle", reason = "Split it in half", learnerRefundPercent = 101, noShowBy = "both" }))
            .AssertValidationProblemAsync("learnerRefundPercent", "noShowBy");
        await (await moderator.PostAsJsonAsync($"{ModerationApi.RoutePrefix}/{message.Id}/decision", new { outcome = "dismiss", reason = "Nothing abusive here", learnerRefundPercent = 50, noShowBy = "teacher" }))
            .AssertValidationProblemAsync("learnerRefundPercent", "noShowBy");

        Assert.Equal(auditBefore, await app.AuditCountAsync());
        Assert.Equal(CaseStatus.Open, (await app.GetAsync<CaseDetail>(_moderator, casePath)).Status);
        Assert.Equal(CaseStatus.Open, (await app.GetAsync<CaseDetail>(_moderator, $"{ModerationApi.RoutePrefix}/{message.Id}")).Status);
    }
}
