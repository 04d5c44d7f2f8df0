using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SkillSwap.Administration.Appeals;
using SkillSwap.Administration.Audit;
using SkillSwap.Administration.Kpis;
using SkillSwap.Administration.Moderation;
using SkillSwap.Administration.Tests.Infrastructure;
using SkillSwap.IntegrationEvents;
using SkillSwap.Testing;

namespace SkillSwap.Administration.Tests;

/// <summary>Administration's part of the erasure saga: the person's words and id go, decisions, figures and the audit chain stay.</summary>
[Collection(AdministrationCollection.Name)]
public sealed class ErasureTests(AdministrationApp app)
{
    private readonly Guid _moderator = Guid.CreateVersion7();

    [Fact]
    public async Task An_erased_persons_words_and_id_leave_cases_links_and_kpis_while_decisions_figures_and_the_audit_chain_stay()
    {
        var (erin, otto, gus) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        var (byErin, aboutErin) = ($"d-{Guid.NewGuid():N}", $"d-{Guid.NewGuid():N}");
        var booking = Guid.CreateVersion7();
        await app.PublishAndWaitAsync(
            new UserRegistered(erin, "erin@skillswap.test", "Erin", "en"),
            new ChatMemberWrote(erin, DateOnly.FromDateTime(DateTime.UtcNow)),
            new SessionRequested(Guid.CreateVersion7(), booking, erin, otto, 60, "Chess"),
            new ChatMessageReported(Guid.CreateVersion7(), byErin, 1, erin, otto, "Otto's rude words", "Erin's own reason")
            {
                Context = [new(2, gus, "Gus's words in the group", DateTimeOffset.UtcNow), new(3, erin, "Erin's words in the group", DateTimeOffset.UtcNow)],
            },
            new ChatMessageReported(Guid.CreateVersion7(), aboutErin, 1, otto, erin, "Erin's rude words", "Otto's reason"));
        var queue = await app.GetAsync<CaseSummary[]>(_moderator, $"{ModerationApi.RoutePrefix}?limit=200");
        var (erinReported, erinIsReported) = (Assert.Single(queue, c => c.Subject == $"{byErin}/1").Id, Assert.Single(queue, c => c.Subject == $"{aboutErin}/1").Id);
        await using var events = await IntegrationEventProbe.StartAsync((await SharedServers.RabbitMqAsync()).ConnectionString, nameof(MemberWarned), nameof(UserDataErased));
        using var moderator = app.ClientFor(_moderator);
        (await moderator.PostAsJsonAsync($"{ModerationApi.RoutePrefix}/{erinIsReported}/decision", new { outcome = "warn", reason = "Rude to a member" })).EnsureSuccessStatusCode();
        var token = (await events.WaitForAsync<MemberWarned>(e => e.UserId == erin)).AppealToken!;
        using var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.Accepted, (await anonymous.PostAsJsonAsync(AppealsApi.RoutePrefix, new { token, text = "Erin's own appeal, in her words." })).StatusCode);
        var figures = await FiguresAsync();
        // What names her before (the checks below would otherwise hold trivially).
        Assert.Equal((3, 1, 1, 1, 1), await app.QueryAsync(async db => (await db.KpiFacts.CountAsync(f => f.UserId == erin), await db.KpiMembers.CountAsync(m => m.UserId == erin),
            await db.KpiActiveDays.CountAsync(d => d.UserId == erin), await db.Bookings.CountAsync(b => b.LearnerId == erin),
            await db.BookingTimeline.CountAsync(e => e.ActorId == erin))));

        await app.PublishAndWaitAsync(new UserErasureRequested(erin, DateTimeOffset.UtcNow.AddDays(30)));

        Assert.Equal("administration", (await events.WaitForAsync<UserDataErased>(e => e.UserId == erin)).Service);
        var reported = await app.GetAsync<CaseDetail>(_moderator, $"{ModerationApi.RoutePrefix}/{erinReported}");
        Assert.Equal((Guid.Empty, ""), (reported.Reports.Single().ReporterId, reported.Reports.Single().Reason));
        Assert.Equal("Otto's rude words", reported.ReportedText);
        Assert.Equal([(gus, "Gus's words in the group"), (Guid.Empty, "")], reported.Context!.Messages.Select(m => (m.SenderId, m.Text)));
        var aboutHer = await app.GetAsync<CaseDetail>(_moderator, $"{ModerationApi.RoutePrefix}/{erinIsReported}");
        Assert.Equal(((Guid?)null, (string?)null, "", "Otto's reason"), (aboutHer.ReportedUserId, aboutHer.ReportedText, aboutHer.Appeal!.Text, aboutHer.Reports.Single().Reason));
        Assert.Equal(CaseOutcome.Warned, aboutHer.Appeal.AppealedOutcome);
        // Her id is nowhere but in the append-only audit log; every figure is what it was.
        Assert.Equal(0, await app.QueryAsync(db => db.Cases.CountAsync(c => c.PartyIds.Contains(erin) || c.ReportedUserId == erin)));
        Assert.Equal(0, await app.QueryAsync(db => db.Reports.CountAsync(r => r.ReporterId == erin)));
        Assert.Equal(0, await app.QueryAsync(db => db.Bookings.CountAsync(b => b.LearnerId == erin || b.TeacherId == erin)));
        Assert.Equal(0, await app.QueryAsync(db => db.BookingTimeline.CountAsync(e => e.ActorId == erin)));
        Assert.Equal(0, await app.QueryAsync(db => db.AppealTickets.CountAsync(t => t.UserId == erin)));
        Assert.Equal(0, await app.QueryAsync(db => db.KpiFacts.CountAsync(f => f.UserId == erin)));
        Assert.Equal(0, await app.QueryAsync(db => db.KpiMembers.CountAsync(m => m.UserId == erin)));
        Assert.Equal(0, await app.QueryAsync(db => db.KpiActiveDays.CountAsync(d => d.UserId == erin)));
        Assert.Equal(figures, await FiguresAsync());
        Assert.Null((await app.GetAsync<AuditVerification>(_moderator, $"{AuditApi.RoutePrefix}/verification")).BrokenAt);

        // Events published before her erasure and arriving after it do not bring her back.
        await app.PublishAndWaitAsync(
            new ChatMemberWrote(erin, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1)),
            new ChatMessageReported(Guid.CreateVersion7(), $"d-{Guid.NewGuid():N}", 1, erin, otto, "More of Otto's words", "late report"));
        Assert.Equal(0, await app.QueryAsync(db => db.KpiFacts.CountAsync(f => f.UserId == erin)));
        Assert.Equal(0, await app.QueryAsync(db => db.Cases.CountAsync(c => c.PartyIds.Contains(erin))));
        Assert.Equal(figures, await FiguresAsync());

        // Someone who only wrote next to a reported message (a group's third member) loses those words too.
        await app.PublishAndWaitAsync(new UserErasureRequested(gus, DateTimeOffset.UtcNow.AddDays(30)));
        await events.WaitForAsync<UserDataErased>(e => e.UserId == gus);
        Assert.Equal([(Guid.Empty, ""), (Guid.Empty, "")],
            (await app.GetAsync<CaseDetail>(_moderator, $"{ModerationApi.RoutePrefix}/{erinReported}")).Context!.Messages.Select(m => (m.SenderId, m.Text)));
    }

    [Fact]
    public async Task A_dispute_arriving_after_an_erasure_still_opens_its_case_for_the_frozen_credits_without_the_erased_person()
    {
        var (learner, teacher, raiser, other) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        var (againstErased, byErased) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        await app.PublishAndWaitAsync(
            new SessionRequested(againstErased, againstErased, learner, teacher, 60, "Chess"),
            new SessionRequested(byErased, byErased, raiser, other, 30, "Go"));
        await app.PublishAndWaitAsync(new UserErasureRequested(teacher, DateTimeOffset.UtcNow.AddDays(30)), new UserErasureRequested(raiser, DateTimeOffset.UtcNow.AddDays(30)));

        await app.PublishAndWaitAsync(
            new BookingDisputed(againstErased, againstErased, learner, "no-show"),
            new BookingDisputed(byErased, byErased, raiser, "Raiser's own words"));
        await app.PublishAndWaitAsync(new DisputedSessionChatQuoted(againstErased, againstErased, learner, $"d-{Guid.NewGuid():N}",
            [new(1, learner, "Where are you?", DateTimeOffset.UtcNow), new(2, teacher, "The teacher's words", DateTimeOffset.UtcNow)]));

        var disputes = await app.GetAsync<CaseSummary[]>(_moderator, $"{ModerationApi.RoutePrefix}?kind=dispute&limit=200");
        var against = await app.GetAsync<CaseDetail>(_moderator, $"{ModerationApi.RoutePrefix}/{Assert.Single(disputes, c => c.Subject == againstErased.ToString()).Id}");
        Assert.Equal(((Guid?)null, learner, "no-show"), (against.ReportedUserId, against.Reports.Single().ReporterId, against.Reports.Single().Reason));
        Assert.Equal([(learner, "Where are you?"), (Guid.Empty, "")], against.Context!.Messages.Select(m => (m.SenderId, m.Text)));
        Assert.Equal(Guid.Empty, against.Context.TeacherId);
        var by = await app.GetAsync<CaseDetail>(_moderator, $"{ModerationApi.RoutePrefix}/{Assert.Single(disputes, c => c.Subject == byErased.ToString()).Id}");
        Assert.Equal((other, Guid.Empty, ""), (by.ReportedUserId!.Value, by.Reports.Single().ReporterId, by.Reports.Single().Reason));
        Assert.Equal(0, await app.QueryAsync(db => db.Cases.CountAsync(c => c.PartyIds.Contains(teacher) || c.PartyIds.Contains(raiser) || c.PartyIds.Contains(Guid.Empty))));
    }

    private async Task<string> FiguresAsync() =>
        JsonSerializer.Serialize(await app.GetAsync<KpiReport>(_moderator, $"{KpisApi.RoutePrefix}?weeks=2") with { AsOf = default });
}
