using Microsoft.EntityFrameworkCore;
using SkillSwap.Administration.Infrastructure;

namespace SkillSwap.Administration.Kpis;

/// <summary>The business plan's targets, which the console draws each figure against.</summary>
public sealed record KpiTargets(double ActivationPercent, double RetentionPercent, double Nps)
{
    public static readonly KpiTargets BusinessPlan = new(65, 40, 50);
}

/// <summary>How many of the members who signed up in the period reached a step of the journey, whatever the order.</summary>
public sealed record FunnelStep(string Step, int Members, double PercentOfRegistered);

/// <summary>
/// The members who signed up in one week (Monday to Sunday, UTC). A rate is null until every member of the cohort has
/// had the time it measures (activation: 7 days after the week; retention: until the end of the last one's week 4), and
/// for a week nobody signed up in (there is no rate of nobody).
/// </summary>
public sealed record CohortFigures(DateOnly Week, int Members, int Activated, double? ActivationPercent, int Retained, double? RetentionPercent);

public sealed record MonthlyNps(DateOnly Month, int Responses, int Promoters, int Passives, int Detractors, double? Score);

/// <summary>Distinct members active today, in the last 7 days and the last 28 days (today included, UTC).</summary>
public sealed record ActiveMembers(int Today, int Last7Days, int Last28Days);

public sealed record WeeklySessions(DateOnly Week, int Completed);

public sealed record KpiReport(
    DateTimeOffset AsOf,
    DateOnly Since,
    KpiTargets Targets,
    IReadOnlyList<FunnelStep> Funnel,
    IReadOnlyList<CohortFigures> Cohorts,
    IReadOnlyList<MonthlyNps> Nps,
    ActiveMembers Active,
    IReadOnlyList<WeeklySessions> SessionsPerWeek,
    long CreditMinutesInCirculation);

/// <summary>Reads the figures from the projection; the definitions are in the service's README, word for word.</summary>
public sealed class KpiReader(AdministrationDbContext db, TimeProvider time)
{
    public const int ActivationDays = 7;
    public const int RetentionWeek = 4;

    /// <summary>The figures of the last <paramref name="weeks"/> weeks (this one included).</summary>
    public async Task<KpiReport> ReadAsync(int weeks, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var thisWeek = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var since = thisWeek.AddDays(-7 * (weeks - 1));
        var sinceInstant = new DateTimeOffset(since.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

        var funnel = await FunnelAsync(sinceInstant, cancellationToken);
        var cohorts = await CohortsAsync(sinceInstant, cancellationToken);
        var cohortFigures = Enumerable.Range(0, weeks).Select(index => since.AddDays(7 * index)).Select(week =>
        {
            var cohort = cohorts.GetValueOrDefault(week) ?? new CohortRow { Week = week };
            var weekStart = new DateTimeOffset(week.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return new CohortFigures(week, cohort.Members,
                cohort.Activated, cohort.Members > 0 && now >= weekStart.AddDays(7 + ActivationDays) ? Percent(cohort.Activated, cohort.Members) : null,
                cohort.Retained, cohort.Members > 0 && now >= weekStart.AddDays(7 + 7 * (RetentionWeek + 1)) ? Percent(cohort.Retained, cohort.Members) : null);
        }).ToList();

        var firstMonth = new DateOnly(since.Year, since.Month, 1);
        var nps = await db.KpiMonthlyNps.AsNoTracking().Where(month => month.Month >= firstMonth).OrderBy(month => month.Month).ToListAsync(cancellationToken);
        var sessions = await db.KpiWeeklySessions.AsNoTracking().Where(week => week.Week >= since).ToDictionaryAsync(week => week.Week, week => week.Completed, cancellationToken);
        var credits = await db.KpiTotals.AsNoTracking().Where(total => total.Name == KpiTotal.CreditMinutesGranted).Select(total => total.Value).FirstOrDefaultAsync(cancellationToken);

        return new KpiReport(
            now,
            since,
            KpiTargets.BusinessPlan,
            funnel,
            cohortFigures,
            [.. nps.Select(month => NpsOf(month.Month, month.Promoters, month.Passives, month.Detractors))],
            new ActiveMembers(await ActiveSinceAsync(today, today), await ActiveSinceAsync(today.AddDays(-6), today), await ActiveSinceAsync(today.AddDays(-27), today)),
            [.. Enumerable.Range(0, weeks).Select(index => since.AddDays(7 * index)).Select(week => new WeeklySessions(week, sessions.GetValueOrDefault(week)))],
            credits);

        Task<int> ActiveSinceAsync(DateOnly first, DateOnly last) =>
            db.KpiActiveDays.Where(day => day.Day >= first && day.Day <= last).Select(day => day.UserId).Distinct().CountAsync(cancellationToken);
    }

    /// <summary>% promoters (9–10) − % detractors (0–6), one decimal; null without answers.</summary>
    private static MonthlyNps NpsOf(DateOnly month, int promoters, int passives, int detractors)
    {
        var responses = promoters + passives + detractors;
        return new MonthlyNps(month, responses, promoters, passives, detractors,
            responses == 0 ? null : Math.Round(100.0 * (promoters - detractors) / responses, 1));
    }

    private static double Percent(int part, int whole) => whole == 0 ? 0 : Math.Round(100.0 * part / whole, 1);

    private async Task<IReadOnlyList<FunnelStep>> FunnelAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var counts = await db.KpiMembers.AsNoTracking()
            .Where(member => member.RegisteredAt >= since)
            .GroupBy(_ => 1)
            .Select(members => new[]
            {
                members.Count(),
                members.Count(m => m.VerifiedAt != null),
                members.Count(m => m.SkillsAt != null),
                members.Count(m => m.MatchesShownAt != null),
                members.Count(m => m.FirstMessageAt != null),
                members.Count(m => m.FirstSessionRequestedAt != null),
                members.Count(m => m.FirstSessionCompletedAt != null),
                members.Count(m => m.FirstReviewAt != null),
            })
            .FirstOrDefaultAsync(cancellationToken) ?? new int[FunnelSteps.Length];
        return [.. FunnelSteps.Select((step, index) => new FunnelStep(step, counts[index], Percent(counts[index], counts[0])))];
    }

    /// <summary>The journey's steps, in the order a newcomer usually takes them.</summary>
    public static readonly string[] FunnelSteps =
        ["registered", "verified", "profile-with-skills", "first-match-seen", "first-message", "first-session-requested", "first-session-completed", "first-review"];

    private async Task<Dictionary<DateOnly, CohortRow>> CohortsAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var rows = await db.Database.SqlQuery<CohortRow>($"""
            SELECT date_trunc('week', m.registered_at AT TIME ZONE 'UTC')::date AS "Week",
                   count(*)::int AS "Members",
                   count(*) FILTER (WHERE LEAST(m.first_message_at, m.first_session_requested_at) <= m.registered_at + make_interval(days => {ActivationDays}))::int AS "Activated",
                   count(*) FILTER (WHERE EXISTS (
                       SELECT 1 FROM kpi_active_days d
                       WHERE d.user_id = m.user_id
                         AND d.day >= (m.registered_at AT TIME ZONE 'UTC')::date + {7 * RetentionWeek}
                         AND d.day < (m.registered_at AT TIME ZONE 'UTC')::date + {7 * (RetentionWeek + 1)}))::int AS "Retained"
            FROM kpi_members m
            WHERE m.registered_at >= {since}
            GROUP BY 1
            """).ToListAsync(cancellationToken);
        return rows.ToDictionary(row => row.Week);
    }

    private sealed class CohortRow
    {
        public DateOnly Week { get; init; }
        public int Members { get; init; }
        public int Activated { get; init; }
        public int Retained { get; init; }
    }
}
