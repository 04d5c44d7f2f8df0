using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SkillSwap.Administration.Kpis;
using SkillSwap.Administration.Tests.Infrastructure;
using SkillSwap.IntegrationEvents;
using SkillSwap.Testing;

namespace SkillSwap.Administration.Tests;

/// <summary>
/// The KPIs from a designed history: two weekly cohorts with members active or not at D+7 and in week 4, survey answers
/// in two months, sessions, grants and recent activity; the exact figures expected, before and after a rebuild. An
/// Administration of its own, so it counts these events and no others.
/// </summary>
[Collection(AdministrationCollection.Name)]
public sealed class KpiTests(IsolatedAdministrationApp app) : IClassFixture<IsolatedAdministrationApp>
{
    private static readonly SkillChange Guitar = new("guitar", "Guitar", 2);

    [Fact]
    public async Task The_figures_of_a_designed_history_are_exact_and_a_rebuild_from_the_kept_facts_gives_the_same()
    {
        var history = DesignedHistory.Build(DateTimeOffset.UtcNow);
        // Arrival order does not matter: first times are minimums, days a set, counts sums.
        await app.PublishAndWaitAsync([.. history.Events.OrderBy(_ => Random.Shared.Next())]);

        var report = await app.GetAsync<KpiReport>(Guid.CreateVersion7(), $"{KpisApi.RoutePrefix}?weeks=14");
        history.AssertFigures(report);

        // A projection damaged by hand (or by a bug since fixed) comes back whole from the facts.
        await app.QueryAsync(db => db.Database.ExecuteSqlRawAsync("DELETE FROM kpi_members; DELETE FROM kpi_weekly_sessions; UPDATE kpi_totals SET value = 0"));
        Assert.NotEqual(Figures(report), Figures(await app.GetAsync<KpiReport>(Guid.CreateVersion7(), $"{KpisApi.RoutePrefix}?weeks=14")));
        using var admin = app.ClientFor(Guid.CreateVersion7(), "admin");
        var rebuilt = await (await admin.PostAsJsonAsync($"{KpisApi.RoutePrefix}/rebuilding", new { reason = "Projection damaged by hand in a test" }))
            .ReadAsync<KpiRebuilt>(HttpStatusCode.OK, AdministrationApp.Json);

        Assert.Equal(await app.QueryAsync(db => db.KpiFacts.LongCountAsync()), rebuilt.FactsReplayed);
        var after = await app.GetAsync<KpiReport>(Guid.CreateVersion7(), $"{KpisApi.RoutePrefix}?weeks=14");
        history.AssertFigures(after);
        Assert.Equal(Figures(report), Figures(after));
        var entry = Assert.Single(await app.GetAsync<Audit.AuditEntryView[]>(Guid.CreateVersion7(), "/api/v1/admin/audit?target=kpis"));
        Assert.Equal(("kpis.rebuilt", "Projection damaged by hand in a test"), (entry.Action, entry.Reason));

        // The same events again (a relay republishing after a crash) change nothing.
        await app.PublishAndWaitAsync([.. history.Events]);
        Assert.Equal(Figures(report), Figures(await app.GetAsync<KpiReport>(Guid.CreateVersion7(), $"{KpisApi.RoutePrefix}?weeks=14")));
    }

    [Fact]
    public async Task Members_cannot_read_the_figures_only_admins_rebuild_and_bad_input_changes_nothing()
    {
        var auditBefore = await app.AuditCountAsync();
        using var member = app.ClientFor(Guid.CreateVersion7(), "member");
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync(KpisApi.RoutePrefix)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.PostAsJsonAsync($"{KpisApi.RoutePrefix}/rebuilding", new { reason = "I would like to rebuild" })).StatusCode);
        foreach (var role in new[] { "moderator", "support" })
        {
            using var staff = app.ClientFor(Guid.CreateVersion7(), role);
            Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync(KpisApi.RoutePrefix)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await staff.PostAsJsonAsync($"{KpisApi.RoutePrefix}/rebuilding", new { reason = "I would like to rebuild" })).StatusCode);
        }
        using var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(KpisApi.RoutePrefix)).StatusCode);

        using var admin = app.ClientFor(Guid.CreateVersion7(), "admin");
        await (await admin.GetAsync($"{KpisApi.RoutePrefix}?weeks=0")).AssertValidationProblemAsync("weeks");
        await (await admin.GetAsync($"{KpisApi.RoutePrefix}?weeks={KpisApi.MaxWeeks + 1}")).AssertValidationProblemAsync("weeks");
        await (await admin.PostAsJsonAsync($"{KpisApi.RoutePrefix}/rebuilding", new { reason = "short" })).AssertValidationProblemAsync("reason");
        Assert.Equal(auditBefore, await app.AuditCountAsync());
    }

    [Fact]
    public void Every_measured_event_has_a_kpi_handler_or_it_would_be_dead_lettered_from_the_history_queue()
    {
        var handled = typeof(KpiRecorder).GetInterfaces()
            .Where(type => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(EventBus.IIntegrationEventHandler<>))
            .Select(type => type.GetGenericArguments()[0].Name)
            .ToHashSet();
        Assert.Equal(MeasuredAttribute.EventTypeNames.Order(), handled.Order());
    }

    /// <summary>What the figures say, without the instant they were read.</summary>
    private static string Figures(KpiReport report) => JsonSerializer.Serialize(report with { AsOf = default });

    /// <summary>
    /// Two cohorts, weeks A (12 weeks before this one) and B (the week after), old enough for both rates to be final;
    /// every other event is dated to fall inside or just outside a definition's window, on purpose.
    /// </summary>
    private sealed record DesignedHistory(DateOnly WeekA, DateOnly SessionsWeek, DateOnly Month1, IReadOnlyList<IntegrationEvent> Events)
    {
        public static DesignedHistory Build(DateTimeOffset now)
        {
            var today = DateOnly.FromDateTime(now.UtcDateTime);
            var thisWeek = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
            var weekA = thisWeek.AddDays(-7 * 12);
            var a = new DateTimeOffset(weekA.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var registeredA = a.AddDays(1).AddHours(10); // a Tuesday, 10:00
            var registeredB = a.AddDays(7 + 3).AddHours(9); // the next Thursday, 09:00
            var (a1, a2, a3, a4) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
            var (b1, b2, b3) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
            var teacher = Guid.CreateVersion7();
            var month1 = new DateOnly(weekA.AddDays(21).Year, weekA.AddDays(21).Month, 1);
            var m1 = new DateTimeOffset(month1.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var m2 = m1.AddMonths(1);
            var now0 = new DateTimeOffset(today.ToDateTime(new TimeOnly(0, 30)), TimeSpan.Zero);

            List<IntegrationEvent> events =
            [
                // The teacher signed up long before the period shown: in no cohort, in no funnel.
                At(new UserRegistered(teacher, "t@example.test", "T", "en"), a.AddDays(-200)),
                // Cohort A.
                At(new UserRegistered(a1, "a1@example.test", "A1", "en"), registeredA),
                At(new EmailVerified(a1), registeredA.AddHours(1)),
                At(new SkillsChanged(a1, [Guitar], []), registeredA.AddHours(2)),
                At(new FirstMatchesShown(a1, 3), registeredA.AddHours(3)),
                At(new ChatMemberWrote(a1, DateOnly.FromDateTime(registeredA.AddDays(2).UtcDateTime)), registeredA.AddDays(2)), // activated
                At(new ChatMemberWrote(a1, DateOnly.FromDateTime(registeredA.AddDays(30).UtcDateTime)), registeredA.AddDays(30)), // day 30: week 4
                At(new UserRegistered(a2, "a2@example.test", "A2", "fr"), registeredA),
                At(new EmailVerified(a2), registeredA.AddHours(5)),
                At(new SessionRequested(Guid.CreateVersion7(), Guid.CreateVersion7(), a2, teacher, 60, "Guitar"), registeredA.AddDays(7).AddMinutes(-1)), // just in time
                At(new ChatMemberWrote(a2, DateOnly.FromDateTime(registeredA.AddDays(35).UtcDateTime)), registeredA.AddDays(35)), // day 35: after week 4
                At(new UserRegistered(a3, "a3@example.test", "A3", "en"), registeredA),
                At(new ChatMemberWrote(a3, DateOnly.FromDateTime(registeredA.AddDays(8).UtcDateTime)), registeredA.AddDays(8)), // too late to activate
                At(new ChatMemberWrote(a3, DateOnly.FromDateTime(registeredA.AddDays(28).UtcDateTime)), registeredA.AddDays(28)), // day 28: week 4
                At(new UserRegistered(a4, "a4@example.test", "A4", "en"), registeredA),
                At(new EmailVerified(a4), registeredA.AddDays(1)),
                At(new SkillsChanged(a4, [], []), registeredA.AddDays(29)), // skills all removed: no step, no activity
                // Cohort B.
                At(new UserRegistered(b1, "b1@example.test", "B1", "en"), registeredB),
                At(new EmailVerified(b1), registeredB.AddMinutes(10)),
                At(new SessionRequested(Guid.CreateVersion7(), Guid.CreateVersion7(), b1, teacher, 60, "Guitar"), registeredB.AddDays(1)),
                At(new SessionCompleted(Guid.CreateVersion7(), teacher, [b1], "Guitar", registeredB.AddDays(29)), registeredB.AddDays(29)), // week 4
                At(new SessionCompleted(Guid.CreateVersion7(), teacher, [a1, a3], "Guitar", registeredB.AddDays(29)), registeredB.AddDays(29).AddHours(1)),
                At(new ReviewRevealed(Guid.CreateVersion7(), Guid.CreateVersion7(), b1, teacher, 5, "Guitar"), registeredB.AddDays(30)),
                At(new UserRegistered(b2, "b2@example.test", "B2", "en"), registeredB),
                At(new SkillsChanged(b2, [], [Guitar]), registeredB.AddDays(34)), // day 34: week 4
                At(new UserRegistered(b3, "b3@example.test", "B3", "en"), registeredB),
                // NPS: 10, 9, 8, 3 in the first month (25.0); 10, 10, 6 in the next (33.3).
                At(new NpsAnswered(Guid.CreateVersion7(), 10), m1.AddDays(2)),
                At(new NpsAnswered(Guid.CreateVersion7(), 9), m1.AddDays(2)),
                At(new NpsAnswered(Guid.CreateVersion7(), 8), m1.AddDays(3)),
                At(new NpsAnswered(Guid.CreateVersion7(), 3), m2.AddSeconds(-1)),
                At(new NpsAnswered(Guid.CreateVersion7(), 10), m2),
                At(new NpsAnswered(Guid.CreateVersion7(), 10), m2.AddDays(1)),
                At(new NpsAnswered(Guid.CreateVersion7(), 6), m2.AddDays(1)),
                // Recently active: today a1 and the teacher, 3 days ago b2, 20 days ago b3, 30 days ago a4 (too long ago).
                At(new ChatMemberWrote(a1, today), now0),
                At(new SessionConfirmed(Guid.CreateVersion7(), teacher, [b1], "Guitar", now0.AddDays(3), now0.AddDays(3).AddHours(1)), now0),
                At(new ChatMemberWrote(b2, today.AddDays(-3)), now0.AddDays(-3)),
                At(new SessionRequested(Guid.CreateVersion7(), Guid.CreateVersion7(), b3, teacher, 60, "Guitar"), now0.AddDays(-20)),
                At(new ChatMemberWrote(a4, today.AddDays(-30)), now0.AddDays(-30)),
            ];
            events.AddRange(new[] { a1, a2, a3, a4, b1, b2, b3 }.Select(id => At(new WelcomeCreditsGranted(id, 180), registeredB.AddDays(1))));
            var sessionsDay = DateOnly.FromDateTime(registeredB.AddDays(29).UtcDateTime);
            return new DesignedHistory(weekA, sessionsDay.AddDays(-(((int)sessionsDay.DayOfWeek + 6) % 7)), month1, events);
        }

        private static IntegrationEvent At(IntegrationEvent measured, DateTimeOffset occurredAt) => measured with { OccurredAt = occurredAt };

        public void AssertFigures(KpiReport report)
        {
            Assert.Equal(new KpiTargets(65, 40, 50), report.Targets);
            // Reached ever, whenever: a4's and b2's first messages came weeks later, b3's request 20 days ago.
            Assert.Equal(
                new[]
                {
                    ("registered", 7, 100.0), ("verified", 4, 57.1), ("profile-with-skills", 2, 28.6), ("first-match-seen", 1, 14.3),
                    ("first-message", 5, 71.4), ("first-session-requested", 3, 42.9), ("first-session-completed", 3, 42.9), ("first-review", 1, 14.3),
                },
                report.Funnel.Select(step => (step.Step, step.Members, step.PercentOfRegistered)));

            var cohorts = report.Cohorts.Where(cohort => cohort.Members > 0).ToList();
            Assert.Equal(new[] { new CohortFigures(WeekA, 4, 2, 50.0, 2, 50.0), new CohortFigures(WeekA.AddDays(7), 3, 1, 33.3, 2, 66.7) }, cohorts);
            Assert.Equal(14, report.Cohorts.Count);
            // A week nobody signed up in has no rate (not 0 %), however old.
            Assert.All(report.Cohorts.Where(cohort => cohort.Members == 0), cohort => Assert.True(cohort.ActivationPercent is null && cohort.RetentionPercent is null, $"{cohort.Week} is empty"));
            // This week's cohort is empty and still open: no rate yet.
            Assert.Equal((0, (double?)null, (double?)null), (report.Cohorts[^1].Members, report.Cohorts[^1].ActivationPercent, report.Cohorts[^1].RetentionPercent));

            Assert.Equal(new[] { new MonthlyNps(Month1, 4, 2, 1, 1, 25.0), new MonthlyNps(Month1.AddMonths(1), 3, 2, 0, 1, 33.3) }, report.Nps);
            Assert.Equal(new ActiveMembers(2, 3, 4), report.Active);
            Assert.Equal(new[] { (SessionsWeek, 2) }, report.SessionsPerWeek.Where(week => week.Completed > 0).Select(week => (week.Week, week.Completed)));
            Assert.Equal(7 * 180, report.CreditMinutesInCirculation);
        }
    }
}
