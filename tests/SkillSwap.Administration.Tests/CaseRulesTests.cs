using Microsoft.Extensions.Hosting;
using SkillSwap.Administration.Audit;
using SkillSwap.Administration.Moderation;

namespace SkillSwap.Administration.Tests;

/// <summary>The case's and the audit entry's own rules, on the model alone (no server).</summary>
public sealed class CaseRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 20, 0, 0, TimeSpan.Zero);
    private static readonly Guid Sender = Guid.CreateVersion7();

    private static ModerationCase Reported(params Guid[] reporters)
    {
        var moderationCase = ModerationCase.Open(CaseKind.ChatMessage, "d-1/1", "d-1", Sender, "text", null, Now);
        foreach (var reporter in reporters)
        {
            moderationCase.AddReport(Guid.CreateVersion7(), reporter, "rude", Now);
        }
        return moderationCase;
    }

    private static string Refusal(Action act) => Assert.Throws<RuleViolationException>(act).Slug;

    [Fact]
    public void Priority_is_the_severity_plus_five_per_further_person_up_to_twenty_five()
    {
        var ana = Guid.CreateVersion7();
        Assert.Equal(20, Reported(ana).Priority);
        Assert.Equal(20, Reported(ana, ana).Priority);
        Assert.Equal(30, Reported(ana, Guid.CreateVersion7(), Guid.CreateVersion7()).Priority);
        Assert.Equal(45, Reported([.. Enumerable.Range(0, 12).Select(_ => Guid.CreateVersion7())]).Priority);
        Assert.True(ModerationCase.SeverityOf(CaseKind.Dispute) > ModerationCase.SeverityOf(CaseKind.ChatMessage));
        Assert.True(ModerationCase.SeverityOf(CaseKind.ChatMessage) > ModerationCase.SeverityOf(CaseKind.Review));

        var once = Reported();
        var reportId = Guid.CreateVersion7();
        once.AddReport(reportId, ana, "rude", Now);
        once.AddReport(reportId, ana, "rude", Now);
        Assert.Single(once.Reports);
    }

    [Fact]
    public void Parties_may_not_act_a_held_case_is_its_holders_and_a_decided_one_reopens_with_a_new_report()
    {
        var reporter = Guid.CreateVersion7();
        var (moderator, colleague) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var moderationCase = Reported(reporter);

        Assert.Equal("party-to-case", Refusal(() => moderationCase.Assign(reporter)));
        Assert.Equal("party-to-case", Refusal(() => moderationCase.Decide(Sender, CaseOutcome.Dismissed, "about me", Now)));
        Assert.Equal("case-not-yours", Refusal(() => moderationCase.Release(moderator)));
        moderationCase.Assign(moderator);
        Assert.Equal("case-assigned", Refusal(() => moderationCase.Assign(colleague)));
        Assert.Equal("case-assigned", Refusal(() => moderationCase.Decide(colleague, CaseOutcome.Dismissed, "not rude enough", Now)));
        moderationCase.Decide(moderator, CaseOutcome.Dismissed, "not rude enough", Now);
        Assert.Equal("case-decided", Refusal(() => moderationCase.Assign(colleague)));

        moderationCase.AddReport(Guid.CreateVersion7(), Guid.CreateVersion7(), "still rude", Now.AddHours(1));
        Assert.Equal((CaseStatus.Open, (Guid?)null, (CaseOutcome?)null, 25), (moderationCase.Status, moderationCase.AssignedTo, moderationCase.Outcome, moderationCase.Priority));
        moderationCase.Assign(colleague);
    }

    [Fact]
    public void An_audit_entry_chains_to_the_one_before_and_any_change_of_a_field_changes_its_hash()
    {
        var actor = Guid.CreateVersion7();
        var first = AuditEntry.Next(null, actor, Now.AddTicks(7), "case.assigned", "case:1", "Taken", null, "{}");
        var second = AuditEntry.Next(first, actor, Now, "case.decided", "case:1", "Dismissed", "{}", "{}");

        Assert.Equal((1L, AuditEntry.Genesis), (first.Sequence, first.PreviousHash));
        Assert.Equal((2L, first.Hash), (second.Sequence, second.PreviousHash));
        Assert.Equal(0, first.At.Ticks % 10);
        Assert.Equal(second.Hash, second.ComputeHash());
        var variants = new[]
        {
            AuditEntry.Next(first, Guid.CreateVersion7(), Now, "case.decided", "case:1", "Dismissed", "{}", "{}"),
            AuditEntry.Next(first, actor, Now.AddSeconds(1), "case.decided", "case:1", "Dismissed", "{}", "{}"),
            AuditEntry.Next(first, actor, Now, "case.released", "case:1", "Dismissed", "{}", "{}"),
            AuditEntry.Next(first, actor, Now, "case.decided", "case:2", "Dismissed", "{}", "{}"),
            AuditEntry.Next(first, actor, Now, "case.decided", "case:1", "Dismissed.", "{}", "{}"),
            AuditEntry.Next(first, actor, Now, "case.decided", "case:1", "Dismissed", null, "{}"),
            AuditEntry.Next(first, actor, Now, "case.decided", "case:1", "Dismissed", "{}", null),
            AuditEntry.Next(second, actor, Now, "case.decided", "case:1", "Dismissed", "{}", "{}"),
        };
        Assert.Equal(variants.Length + 1, variants.Select(v => v.Hash).Append(second.Hash).Distinct().Count());
    }
}
