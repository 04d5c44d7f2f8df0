using Microsoft.EntityFrameworkCore;
using Npgsql;
using SkillSwap.Administration.Infrastructure;

namespace SkillSwap.Administration.Kpis;

/// <summary>When a member first reached each step of the newcomer's journey (null: not yet).</summary>
public sealed class KpiMember
{
    public Guid UserId { get; init; }
    public DateTimeOffset? RegisteredAt { get; init; }
    public DateTimeOffset? VerifiedAt { get; init; }
    public DateTimeOffset? SkillsAt { get; init; }
    public DateTimeOffset? MatchesShownAt { get; init; }
    public DateTimeOffset? FirstMessageAt { get; init; }
    public DateTimeOffset? FirstSessionRequestedAt { get; init; }
    public DateTimeOffset? FirstSessionCompletedAt { get; init; }
    public DateTimeOffset? FirstReviewAt { get; init; }
}

/// <summary>A UTC day on which the member did something that counts (<see cref="KpiFactKinds.Active"/>).</summary>
public sealed class KpiActiveDay
{
    public Guid UserId { get; init; }
    public DateOnly Day { get; init; }
}

/// <summary>Sessions completed in the week starting on <see cref="Week"/> (a Monday, UTC).</summary>
public sealed class KpiWeeklySessions
{
    public DateOnly Week { get; init; }
    public int Completed { get; init; }
}

/// <summary>NPS answers of the month starting on <see cref="Month"/> (UTC), by category.</summary>
public sealed class KpiMonthlyNps
{
    public DateOnly Month { get; init; }
    public int Promoters { get; init; }
    public int Passives { get; init; }
    public int Detractors { get; init; }
}

/// <summary>A running total (credit minutes granted).</summary>
public sealed class KpiTotal
{
    public const string CreditMinutesGranted = "credit-minutes-granted";

    public string Name { get; init; } = "";
    public long Value { get; init; }
}

/// <summary>
/// Keeps the facts and projects them into the tables the report reads. One set of SQL statements projects any set of
/// facts: the facts of one new event (live), or all of them (a rebuild) — so a rebuild cannot compute differently.
/// The projection does not depend on the order events arrive in (first times are minimums, days a set, counts sums).
/// </summary>
public sealed class KpiProjection(AdministrationDbContext db)
{
    /// <summary>Advisory lock of the projection ("kpis" in ASCII): shared by recorders, exclusive for a rebuild.</summary>
    private const long ProjectionLock = 0x6B706973;

    /// <summary>Each journey step: the fact kind that reaches it and the column keeping when it was first reached.</summary>
    private static readonly (string Kind, string Column)[] Milestones =
    [
        (KpiFactKinds.Registered, "registered_at"),
        (KpiFactKinds.Verified, "verified_at"),
        (KpiFactKinds.Skills, "skills_at"),
        (KpiFactKinds.MatchesShown, "matches_shown_at"),
        (KpiFactKinds.Message, "first_message_at"),
        (KpiFactKinds.SessionRequested, "first_session_requested_at"),
        (KpiFactKinds.SessionCompleted, "first_session_completed_at"),
        (KpiFactKinds.Review, "first_review_at"),
    ];

    private static readonly string ProjectOneEvent = ProjectionSql("event_id = @event_id");
    private static readonly string ProjectEveryFact = ProjectionSql("TRUE");

    /// <summary>
    /// Keeps the facts of one event and projects them, in the caller's transaction (the event's inbox record). Facts
    /// kept already (the same event again) change nothing.
    /// </summary>
    public async Task RecordAsync(IReadOnlyList<KpiFact> facts, CancellationToken cancellationToken)
    {
        if (facts.Count == 0)
        {
            return;
        }
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock_shared({ProjectionLock})", cancellationToken);
        // One statement for every fact of the event (a group session has one per participant); none for someone erased
        // meanwhile (an event published before their erasure, arriving after it).
        var kept = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO kpi_facts (event_id, kind, user_id, occurred_at, value)
            SELECT f.event_id, f.kind, f.user_id, f.occurred_at, f.value
            FROM unnest({facts.Select(f => f.EventId).ToArray()}, {facts.Select(f => f.Kind).ToArray()}, {facts.Select(f => f.UserId).ToArray()},
                        {facts.Select(f => f.OccurredAt).ToArray()}, {facts.Select(f => f.Value).ToArray()}) AS f(event_id, kind, user_id, occurred_at, value)
            WHERE NOT EXISTS (SELECT 1 FROM erased_users e WHERE e.user_id = f.user_id)
            ON CONFLICT DO NOTHING
            """, cancellationToken);
        if (kept > 0)
        {
            await db.Database.ExecuteSqlRawAsync(ProjectOneEvent, [new NpgsqlParameter("event_id", facts[0].EventId)], cancellationToken);
        }
    }

    /// <summary>
    /// Empties the projection and projects every fact kept again, in the caller's transaction, while no event is
    /// recorded. Returns how many facts were replayed.
    /// </summary>
    public async Task<long> RebuildInCurrentTransactionAsync(CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({ProjectionLock})", cancellationToken);
        await db.Database.ExecuteSqlRawAsync(
            "DELETE FROM kpi_members; DELETE FROM kpi_active_days; DELETE FROM kpi_weekly_sessions; DELETE FROM kpi_monthly_nps; DELETE FROM kpi_totals;",
            cancellationToken);
        await db.Database.ExecuteSqlRawAsync(ProjectEveryFact, cancellationToken);
        return await db.KpiFacts.LongCountAsync(cancellationToken);
    }

    /// <summary>
    /// In the caller's transaction (an erasure's): the person's facts and projected rows take a fresh random id, the
    /// same for all of them, so every figure stays what it was and nothing links them to the person any more.
    /// </summary>
    public async Task PseudonymiseAsync(Guid userId, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock_shared({ProjectionLock})", cancellationToken);
        var pseudonym = Guid.CreateVersion7();
        await db.Database.ExecuteSqlAsync($"""
            UPDATE kpi_facts SET user_id = {pseudonym} WHERE user_id = {userId};
            UPDATE kpi_members SET user_id = {pseudonym} WHERE user_id = {userId};
            UPDATE kpi_active_days SET user_id = {pseudonym} WHERE user_id = {userId};
            """, cancellationToken);
    }

    /// <summary>The statements that add the facts matching <paramref name="facts"/> (a constant condition) to the projection.</summary>
    private static string ProjectionSql(string facts)
    {
        var milestones = Milestones.Select(step => $"""
            INSERT INTO kpi_members (user_id, {step.Column})
            SELECT user_id, min(occurred_at) FROM kpi_facts WHERE {facts} AND kind = '{step.Kind}' GROUP BY user_id
            ON CONFLICT (user_id) DO UPDATE SET {step.Column} = LEAST(kpi_members.{step.Column}, EXCLUDED.{step.Column});
            """);
        var activeKinds = string.Join(", ", KpiFactKinds.Active.Select(kind => $"'{kind}'"));
        return string.Join("\n", milestones) + $"""

            INSERT INTO kpi_active_days (user_id, day)
            SELECT DISTINCT user_id, (occurred_at AT TIME ZONE 'UTC')::date FROM kpi_facts WHERE {facts} AND kind IN ({activeKinds})
            ON CONFLICT DO NOTHING;
            INSERT INTO kpi_weekly_sessions (week, completed)
            SELECT date_trunc('week', occurred_at AT TIME ZONE 'UTC')::date, count(DISTINCT event_id)
            FROM kpi_facts WHERE {facts} AND kind = '{KpiFactKinds.SessionCompleted}' GROUP BY 1
            ON CONFLICT (week) DO UPDATE SET completed = kpi_weekly_sessions.completed + EXCLUDED.completed;
            INSERT INTO kpi_monthly_nps (month, promoters, passives, detractors)
            SELECT date_trunc('month', occurred_at AT TIME ZONE 'UTC')::date,
                   count(*) FILTER (WHERE value >= 9), count(*) FILTER (WHERE value BETWEEN 7 AND 8), count(*) FILTER (WHERE value <= 6)
            FROM kpi_facts WHERE {facts} AND kind = '{KpiFactKinds.NpsAnswer}' GROUP BY 1
            ON CONFLICT (month) DO UPDATE SET promoters = kpi_monthly_nps.promoters + EXCLUDED.promoters,
                passives = kpi_monthly_nps.passives + EXCLUDED.passives, detractors = kpi_monthly_nps.detractors + EXCLUDED.detractors;
            INSERT INTO kpi_totals (name, value)
            SELECT '{KpiTotal.CreditMinutesGranted}', sum(value) FROM kpi_facts WHERE {facts} AND kind = '{KpiFactKinds.CreditsGranted}' HAVING count(*) > 0
            ON CONFLICT (name) DO UPDATE SET value = kpi_totals.value + EXCLUDED.value;
            """;
    }
}
