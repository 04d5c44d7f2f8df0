using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SkillSwap.Administration.Audit;
using SkillSwap.Administration.Moderation;
using SkillSwap.Administration.Sanctions;
using SkillSwap.Administration.Tests.Infrastructure;
using SkillSwap.IntegrationEvents;
using SkillSwap.Testing;

namespace SkillSwap.Administration.Tests;

/// <summary>Suspensions and bans decided on cases: announced to every service, audited, lifted early or by the clock.</summary>
[Collection(AdministrationCollection.Name)]
public sealed class SanctionTests(AdministrationApp app)
{
    private readonly Guid _moderator = Guid.CreateVersion7();

    /// <summary>A reported message of <paramref name="sender"/>, as a case in the queue (of someone else than the sender).</summary>
    private async Task<string> CaseAgainstAsync(Guid sender)
    {
        var viewer = sender == _moderator ? Guid.CreateVersion7() : _moderator;
        var conversation = $"d-{Guid.NewGuid():N}";
        await app.PublishAndWaitAsync(new ChatMessageReported(Guid.CreateVersion7(), conversation, 1, Guid.CreateVersion7(), sender, "Give me your password", "scam"));
        var queue = await app.GetAsync<CaseSummary[]>(viewer, $"{ModerationApi.RoutePrefix}?limit=200");
        return $"{ModerationApi.RoutePrefix}/{Assert.Single(queue, c => c.Subject == $"{conversation}/1").Id}";
    }

    private async Task<IntegrationEventProbe> ProbeAsync() =>
        await IntegrationEventProbe.StartAsync((await SharedServers.RabbitMqAsync()).ConnectionString, nameof(AccountSanctioned), nameof(AccountSanctionLifted));

    [Fact]
    public async Task A_suspension_decided_on_a_case_is_announced_and_audited_and_a_colleague_lifts_it_early()
    {
        var sender = Guid.CreateVersion7();
        var casePath = await CaseAgainstAsync(sender);
        await using var events = await ProbeAsync();
        using var moderator = app.ClientFor(_moderator);
        var before = DateTimeOffset.UtcNow;

        var decided = await (await moderator.PostAsJsonAsync($"{casePath}/decision", new { outcome = "suspend", reason = "Phishing for passwords", days = 7 }))
            .ReadAsync<CaseDetail>(HttpStatusCode.OK, AdministrationApp.Json);

        Assert.Equal((CaseStatus.Decided, CaseOutcome.Suspended), (decided.Status, decided.Outcome!.Value));
        var announced = await events.WaitForAsync<AccountSanctioned>(e => e.UserId == sender);
        Assert.Equal((AccountSanctioned.Suspension, "Phishing for passwords"), (announced.Kind, announced.Reason));
        Assert.InRange(announced.Until!.Value, before.AddDays(7), DateTimeOffset.UtcNow.AddDays(7));
        var sanction = Assert.Single(await app.GetAsync<SanctionView[]>(_moderator, $"{SanctionsApi.RoutePrefix}?userId={sender}&inForce=true"));
        Assert.Equal((announced.SanctionId, SanctionKind.Suspension, decided.Id, _moderator), (sanction.Id, sanction.Kind, sanction.CaseId!.Value, sanction.ImposedBy));
        var imposed = Assert.Single(await app.GetAsync<AuditEntryView[]>(_moderator, $"/api/v1/admin/audit?target=user:{sender}"));
        Assert.Equal(("sanction.imposed", _moderator, "Phishing for passwords"), (imposed.Action, imposed.ActorId, imposed.Reason));

        var colleague = Guid.CreateVersion7();
        using var colleagueClient = app.ClientFor(colleague);
        var lifted = await (await colleagueClient.PostAsJsonAsync($"{SanctionsApi.RoutePrefix}/{sanction.Id}/lifting", new { reason = "Account was hijacked; owner proved it" }))
            .ReadAsync<SanctionView>(HttpStatusCode.OK, AdministrationApp.Json);

        Assert.Equal((false, "lifted", colleague), (lifted.InForce, lifted.EndReason, lifted.LiftedBy!.Value));
        var end = await events.WaitForAsync<AccountSanctionLifted>(e => e.SanctionId == sanction.Id);
        Assert.Equal((sender, AccountSanctionLifted.Lifted), (end.UserId, end.Reason));
        await (await colleagueClient.PostAsJsonAsync($"{SanctionsApi.RoutePrefix}/{sanction.Id}/lifting", new { reason = "Account was hijacked; owner proved it" }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "sanction-ended");
        Assert.Equal(["sanction.lifted", "sanction.imposed"],
            (await app.GetAsync<AuditEntryView[]>(_moderator, $"/api/v1/admin/audit?target=user:{sender}")).Select(e => e.Action));
        Assert.Empty(await app.GetAsync<SanctionView[]>(_moderator, $"{SanctionsApi.RoutePrefix}?userId={sender}&inForce=true"));
    }

    [Fact]
    public async Task A_warning_is_told_to_the_reported_person_and_stays_on_their_record_without_a_sanction()
    {
        var sender = Guid.CreateVersion7();
        var casePath = await CaseAgainstAsync(sender);
        await using var events = await IntegrationEventProbe.StartAsync((await SharedServers.RabbitMqAsync()).ConnectionString, nameof(MemberWarned));
        using var moderator = app.ClientFor(_moderator);

        var decided = await (await moderator.PostAsJsonAsync($"{casePath}/decision", new { outcome = "warn", reason = "Asking for passwords is not allowed" }))
            .ReadAsync<CaseDetail>(HttpStatusCode.OK, AdministrationApp.Json);

        Assert.Equal(CaseOutcome.Warned, decided.Outcome);
        var warned = await events.WaitForAsync<MemberWarned>(e => e.UserId == sender);
        Assert.Equal((decided.Id, "Asking for passwords is not allowed"), (warned.CaseId, warned.Reason));
        var record = Assert.Single(await app.GetAsync<AuditEntryView[]>(_moderator, $"/api/v1/admin/audit?target=user:{sender}"));
        Assert.Equal(("member.warned", _moderator), (record.Action, record.ActorId));
        Assert.Empty(await app.GetAsync<SanctionView[]>(_moderator, $"{SanctionsApi.RoutePrefix}?userId={sender}"));
    }

    [Fact]
    public async Task A_ban_replaces_the_suspension_in_force_and_a_suspension_ends_by_itself_on_its_date()
    {
        var (suspended, banned) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        await using var events = await ProbeAsync();
        using var moderator = app.ClientFor(_moderator);
        Assert.Equal(HttpStatusCode.OK, (await moderator.PostAsJsonAsync($"{await CaseAgainstAsync(banned)}/decision", new { outcome = "suspend", reason = "First scam attempt", days = 3 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await moderator.PostAsJsonAsync($"{await CaseAgainstAsync(banned)}/decision", new { outcome = "ban", reason = "Scams again while suspended" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await moderator.PostAsJsonAsync($"{await CaseAgainstAsync(suspended)}/decision", new { outcome = "suspend", reason = "Spam in many chats", days = 1 })).StatusCode);

        var bans = await app.GetAsync<SanctionView[]>(_moderator, $"{SanctionsApi.RoutePrefix}?userId={banned}");
        Assert.Equal([(SanctionKind.Ban, true, (string?)null), (SanctionKind.Suspension, false, "replaced")], bans.Select(s => (s.Kind, s.InForce, s.EndReason)));
        Assert.Null((await events.WaitForAsync<AccountSanctioned>(e => e.UserId == banned && e.Kind == AccountSanctioned.Ban)).Until);

        // Two days on, the clock ends the one-day suspension (announced) and leaves the ban.
        var twoDaysOn = new TestClock();
        twoDaysOn.Advance(TimeSpan.FromDays(2));
        await app.QueryAsync(db => new SanctionBook(db, new AuditLog(db, twoDaysOn), twoDaysOn).ExpireDueAsync(CancellationToken.None));

        var suspension = Assert.Single(await app.GetAsync<SanctionView[]>(_moderator, $"{SanctionsApi.RoutePrefix}?userId={suspended}"));
        Assert.Equal("expired", suspension.EndReason);
        Assert.Equal(suspension.Until, suspension.EndedAt);
        Assert.Equal(AccountSanctionLifted.Expired, (await events.WaitForAsync<AccountSanctionLifted>(e => e.SanctionId == suspension.Id)).Reason);
        Assert.Equal(SanctionKind.Ban, Assert.Single(await app.GetAsync<SanctionView[]>(_moderator, $"{SanctionsApi.RoutePrefix}?userId={banned}&inForce=true")).Kind);
    }

    [Fact]
    public async Task Bad_sanctions_are_problems_that_change_nothing_and_nobody_lifts_their_own()
    {
        using var moderator = app.ClientFor(_moderator);
        var casePath = await CaseAgainstAsync(Guid.CreateVersion7());
        var auditBefore = await app.AuditCountAsync();

        await (await moderator.PostAsJsonAsync($"{casePath}/decision", new { outcome = "suspend", reason = "Phishing for passwords" })).AssertValidationProblemAsync("days");
        await (await moderator.PostAsJsonAsync($"{casePath}/decision", new { outcome = "suspend", reason = "Phishing for passwords", days = 400 })).AssertValidationProblemAsync("days");
        await (await moderator.PostAsJsonAsync($"{casePath}/decision", new { outcome = "ban", reason = "Phishing for passwords", days = 3 })).AssertValidationProblemAsync("days");
        await (await moderator.PostAsJsonAsync($"{SanctionsApi.RoutePrefix}/{Guid.CreateVersion7()}/lifting", new { reason = "short" })).AssertValidationProblemAsync("reason");
        await (await moderator.PostAsJsonAsync($"{SanctionsApi.RoutePrefix}/{Guid.CreateVersion7()}/lifting", new { reason = "No such sanction here" }))
            .AssertProblemAsync(HttpStatusCode.NotFound, "sanction-not-found");
        // A dispute is settled, not sanctioned (and a dispute whose booking the service never heard of names nobody anyway).
        var booking = Guid.CreateVersion7();
        await app.PublishAndWaitAsync(new BookingDisputed(booking, booking, Guid.CreateVersion7(), "no-show"));
        var dispute = Assert.Single(await app.GetAsync<CaseSummary[]>(_moderator, $"{ModerationApi.RoutePrefix}?kind=dispute&limit=200"), c => c.Subject == booking.ToString());
        await (await moderator.PostAsJsonAsync($"{ModerationApi.RoutePrefix}/{dispute.Id}/decision", new { outcome = "ban", reason = "Never showed up twice" }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "outcome-not-for-case");

        Assert.Equal(auditBefore, await app.AuditCountAsync());
        Assert.Equal(CaseStatus.Open, (await app.GetAsync<CaseDetail>(_moderator, casePath)).Status);
        Assert.Equal(CaseStatus.Open, (await app.GetAsync<CaseDetail>(_moderator, $"{ModerationApi.RoutePrefix}/{dispute.Id}")).Status);
        Assert.Equal(0, await app.QueryAsync(db => db.Sanctions.CountAsync(s => s.CaseId == dispute.Id)));

        // A moderator who is sanctioned (suspended by a colleague) cannot lift it, nor see it listed.
        var colleague = Guid.CreateVersion7();
        using var colleagueClient = app.ClientFor(colleague);
        Assert.Equal(HttpStatusCode.OK, (await colleagueClient.PostAsJsonAsync($"{await CaseAgainstAsync(_moderator)}/decision",
            new { outcome = "suspend", reason = "Moderator abused the chat", days = 2 })).StatusCode);
        var own = Assert.Single(await app.GetAsync<SanctionView[]>(colleague, $"{SanctionsApi.RoutePrefix}?userId={_moderator}"));
        Assert.Empty(await app.GetAsync<SanctionView[]>(_moderator, $"{SanctionsApi.RoutePrefix}?userId={_moderator}"));
        await (await moderator.PostAsJsonAsync($"{SanctionsApi.RoutePrefix}/{own.Id}/lifting", new { reason = "I disagree with this" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "own-account");
        Assert.True(Assert.Single(await app.GetAsync<SanctionView[]>(colleague, $"{SanctionsApi.RoutePrefix}?userId={_moderator}")).InForce);
    }
}
