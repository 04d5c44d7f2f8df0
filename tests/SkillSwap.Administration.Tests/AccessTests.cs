using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SkillSwap.Administration.Audit;
using SkillSwap.Administration.Moderation;
using SkillSwap.Administration.Tests.Infrastructure;
using SkillSwap.IntegrationEvents;
using SkillSwap.Testing;

namespace SkillSwap.Administration.Tests;

[Collection(AdministrationCollection.Name)]
public sealed class AccessTests(AdministrationApp app)
{
    [Fact]
    public async Task Members_are_refused_every_route_and_support_only_reads_the_audit_log()
    {
        var conversation = $"d-{Guid.NewGuid():N}";
        await app.PublishAndWaitAsync(new ChatMessageReported(Guid.CreateVersion7(), conversation, 1, Guid.CreateVersion7(), Guid.CreateVersion7(), "spam", "spam"));
        var opened = Assert.Single(await app.GetAsync<CaseSummary[]>(Guid.CreateVersion7(), $"{ModerationApi.RoutePrefix}?limit=200"), c => c.Subject == $"{conversation}/1");
        var path = $"{ModerationApi.RoutePrefix}/{opened.Id}";
        var auditBefore = await app.AuditCountAsync();

        foreach (var role in new[] { "member", "support" })
        {
            using var client = app.ClientFor(Guid.CreateVersion7(), role);
            foreach (var response in new[]
            {
                await client.GetAsync(ModerationApi.RoutePrefix),
                await client.GetAsync(path),
                await client.PostAsync($"{path}/assignment", null),
                await client.DeleteAsync($"{path}/assignment"),
                await client.PostAsJsonAsync($"{path}/decision", new { outcome = "dismiss", reason = "Nothing to see here" }),
                await client.PostAsJsonAsync($"{path}/decision", new { outcome = "ban", reason = "Nothing to see here" }),
                await client.GetAsync(Sanctions.SanctionsApi.RoutePrefix),
                await client.PostAsJsonAsync($"{Sanctions.SanctionsApi.RoutePrefix}/{Guid.CreateVersion7()}/lifting", new { reason = "Nothing to see here" }),
            })
            {
                Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            }
            var audit = await client.GetAsync(AuditApi.RoutePrefix);
            Assert.Equal(role == "support" ? HttpStatusCode.OK : HttpStatusCode.Forbidden, audit.StatusCode);
        }
        using var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(ModerationApi.RoutePrefix)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(AuditApi.RoutePrefix)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Sanctions.SanctionsApi.RoutePrefix)).StatusCode);

        var after = await app.QueryAsync(db => db.Cases.AsNoTracking().SingleAsync(c => c.Id == opened.Id));
        Assert.Equal((CaseStatus.Open, (Guid?)null), (after.Status, after.AssignedTo));
        Assert.Equal(auditBefore, await app.AuditCountAsync());
        Assert.Equal(0, await app.QueryAsync(db => db.Sanctions.CountAsync(s => s.CaseId == opened.Id)));
    }

    [Fact]
    public async Task A_moderator_neither_sees_nor_acts_on_a_case_they_reported_or_that_is_about_them()
    {
        var (moderatorWhoReported, reportedModerator) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var conversation = $"d-{Guid.NewGuid():N}";
        await app.PublishAndWaitAsync(new ChatMessageReported(Guid.CreateVersion7(), conversation, 1, moderatorWhoReported, reportedModerator, "hi", "rude"));
        var opened = Assert.Single(await app.GetAsync<CaseSummary[]>(Guid.CreateVersion7(), $"{ModerationApi.RoutePrefix}?limit=200"), c => c.Subject == $"{conversation}/1");
        var path = $"{ModerationApi.RoutePrefix}/{opened.Id}";

        foreach (var party in new[] { moderatorWhoReported, reportedModerator })
        {
            Assert.DoesNotContain(await app.GetAsync<CaseSummary[]>(party, $"{ModerationApi.RoutePrefix}?limit=200"), c => c.Id == opened.Id);
            using var client = app.ClientFor(party, "admin");
            await (await client.GetAsync(path)).AssertProblemAsync(HttpStatusCode.Forbidden, "party-to-case");
            await (await client.PostAsync($"{path}/assignment", null)).AssertProblemAsync(HttpStatusCode.Forbidden, "party-to-case");
            await (await client.PostAsJsonAsync($"{path}/decision", new { outcome = "dismiss", reason = "Nothing wrong with me" }))
                .AssertProblemAsync(HttpStatusCode.Forbidden, "party-to-case");
        }
        var after = await app.QueryAsync(db => db.Cases.AsNoTracking().SingleAsync(c => c.Id == opened.Id));
        Assert.Equal((CaseStatus.Open, (Guid?)null), (after.Status, after.AssignedTo));
    }
}
