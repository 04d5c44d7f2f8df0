using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SkillSwap.Administration.Audit;
using SkillSwap.Administration.Moderation;
using SkillSwap.Administration.Tests.Infrastructure;
using SkillSwap.IntegrationEvents;
using SkillSwap.Testing;

namespace SkillSwap.Administration.Tests;

/// <summary>
/// The audit log is append-only in the database (a trigger refuses updates and deletes), and each entry chains to the
/// one before by hash, so even someone who can switch the trigger off cannot rewrite history unseen.
/// </summary>
[Collection(AdministrationCollection.Name)]
public sealed class AuditChainTests(AdministrationApp app)
{
    [Fact]
    public async Task The_chain_verifies_the_database_refuses_changes_and_a_rewritten_entry_is_found()
    {
        var moderator = Guid.CreateVersion7();
        var conversation = $"d-{Guid.NewGuid():N}";
        await app.PublishAndWaitAsync(new ChatMessageReported(Guid.CreateVersion7(), conversation, 1, Guid.CreateVersion7(), Guid.CreateVersion7(), "hi", "rude"));
        var opened = Assert.Single(await app.GetAsync<CaseSummary[]>(moderator, $"{ModerationApi.RoutePrefix}?limit=200"), c => c.Subject == $"{conversation}/1");
        using (var client = app.ClientFor(moderator))
        {
            await (await client.PostAsync($"{ModerationApi.RoutePrefix}/{opened.Id}/assignment", null)).ReadAsync<CaseDetail>(HttpStatusCode.OK, AdministrationApp.Json);
            await (await client.PostAsJsonAsync($"{ModerationApi.RoutePrefix}/{opened.Id}/decision", new { outcome = "dismiss", reason = "Not against the rules" }))
                .ReadAsync<CaseDetail>(HttpStatusCode.OK, AdministrationApp.Json);
        }
        var verified = await app.GetAsync<AuditVerification>(moderator, $"{AuditApi.RoutePrefix}/verification", "support");
        Assert.Null(verified.BrokenAt);
        Assert.True(verified.Entries >= 2);

        var decided = (await app.GetAsync<AuditEntryView[]>(moderator, $"{AuditApi.RoutePrefix}?target=case:{opened.Id}"))[0];
        await Assert.ThrowsAnyAsync<Exception>(() => app.QueryAsync(db =>
            db.Database.ExecuteSqlAsync($"UPDATE audit_entries SET reason = 'Rewritten' WHERE sequence = {decided.Sequence}")));
        await Assert.ThrowsAnyAsync<Exception>(() => app.QueryAsync(db =>
            db.Database.ExecuteSqlAsync($"DELETE FROM audit_entries WHERE sequence = {decided.Sequence}")));
        Assert.Null((await app.GetAsync<AuditVerification>(moderator, $"{AuditApi.RoutePrefix}/verification")).BrokenAt);

        await RewriteReasonAsync(decided.Sequence, "Rewritten");
        try
        {
            var broken = await app.GetAsync<AuditVerification>(moderator, $"{AuditApi.RoutePrefix}/verification");
            Assert.Equal(decided.Sequence, broken.BrokenAt);
            Assert.Contains("changed", broken.Problem);
        }
        finally
        {
            // The other tests of this database verify the chain too: put the entry back as it was.
            await RewriteReasonAsync(decided.Sequence, "Not against the rules");
        }
        Assert.Null((await app.GetAsync<AuditVerification>(moderator, $"{AuditApi.RoutePrefix}/verification")).BrokenAt);
    }

    /// <summary>What someone with the database owner's rights could do: switch the trigger off, rewrite, switch it on.</summary>
    private Task<int> RewriteReasonAsync(long sequence, string reason) => app.QueryAsync(async db =>
    {
        await db.Database.ExecuteSqlRawAsync("ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only");
        await db.Database.ExecuteSqlAsync($"UPDATE audit_entries SET reason = {reason} WHERE sequence = {sequence}");
        return await db.Database.ExecuteSqlRawAsync("ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_append_only");
    });

    [Fact]
    public async Task Supports_look_ups_in_identity_are_recorded_in_the_chain_with_who_whom_when_and_why()
    {
        var (agent, member) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var lookUp = new SupportActionTaken(agent, member, SupportActionTaken.LookUp, "Ticket 4711: cannot sign in");
        var lifted = new SupportActionTaken(agent, member, SupportActionTaken.LockoutLifted, "Ticket 4711: locked out");

        await app.PublishAndWaitAsync(lookUp, lifted);

        var entries = await app.GetAsync<AuditEntryView[]>(Guid.CreateVersion7(), $"{AuditApi.RoutePrefix}?target=user:{member}", role: "support");
        Assert.Equal(["support.lockout-lifted", "support.look-up"], entries.Select(e => e.Action).Order());
        var recorded = Assert.Single(entries, e => e.Action == "support.look-up");
        Assert.Equal((agent, "Ticket 4711: cannot sign in"), (recorded.ActorId, recorded.Reason));
        Assert.InRange(recorded.At, lookUp.OccurredAt.AddMilliseconds(-1), lookUp.OccurredAt);
        Assert.Null((await app.GetAsync<AuditVerification>(Guid.CreateVersion7(), $"{AuditApi.RoutePrefix}/verification")).BrokenAt);
    }
}
