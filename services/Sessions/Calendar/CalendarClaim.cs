using SkillSwap.DocumentStore;
using SkillSwap.Sessions.Model;

namespace SkillSwap.Sessions.Calendar;

/// <summary>
/// One quarter hour of one person's calendar, taken by one session. The id is the person and the quarter hour, so
/// the document store's uniqueness of ids is what makes double-booking impossible: two sessions that overlap for
/// the same person try to insert the same id, and only one commit succeeds, however many race (DESIGN.md §3:
/// uniqueness by deterministic ids). Sessions therefore start on a quarter hour and last whole quarter hours.
/// </summary>
public sealed class CalendarClaim : IDocument
{
    public const int QuarterMinutes = 15;

    public string Id { get; set; } = "";
    public long Version { get; set; }
    public Guid UserId { get; set; }
    public Guid SessionId { get; set; }
    public DateTimeOffset Quarter { get; set; }

    public static string IdFor(Guid userId, DateTimeOffset quarter) =>
        $"{userId:N}-{quarter.UtcDateTime:yyyyMMddHHmm}";

    public static IEnumerable<DateTimeOffset> QuartersOf(DateTimeOffset startsAt, int durationMinutes)
    {
        for (var minute = 0; minute < durationMinutes; minute += QuarterMinutes)
        {
            yield return startsAt.ToUniversalTime().AddMinutes(minute);
        }
    }

    public static bool IsOnQuarter(DateTimeOffset instant) =>
        instant.UtcDateTime is { Second: 0, Millisecond: 0, Microsecond: 0, Nanosecond: 0 } utc && utc.Minute % QuarterMinutes == 0;
}

/// <summary>Takes and frees the quarter hours of a session in the participants' calendars, staged with the session's own write.</summary>
public static class CalendarClaims
{
    public static void Claim(IDocumentSession db, SessionDocument session, Guid userId)
    {
        foreach (var quarter in CalendarClaim.QuartersOf(session.StartsAt, session.DurationMinutes))
        {
            db.Insert(new CalendarClaim
            {
                Id = CalendarClaim.IdFor(userId, quarter),
                UserId = userId,
                SessionId = session.SessionId,
                Quarter = quarter,
            });
        }
    }

    /// <summary>
    /// The starts among <paramref name="starts"/> at which one of <paramref name="userIds"/> already has a confirmed
    /// session: a request for them is refused at once, before any credit is held. A read, so two requests racing can
    /// both pass it; acceptance claims the quarters, which is what makes a double booking impossible.
    /// </summary>
    public static async Task<IReadOnlyList<DateTimeOffset>> TakenAsync(
        IDocumentSession db, IReadOnlyCollection<Guid> userIds, IReadOnlyList<DateTimeOffset> starts, int durationMinutes, CancellationToken cancellationToken)
    {
        var wanted = starts
            .SelectMany(start => CalendarClaim.QuartersOf(start, durationMinutes)
                .SelectMany(quarter => userIds.Select(userId => (Start: start, ClaimId: CalendarClaim.IdFor(userId, quarter)))))
            .ToList();
        var held = (await SessionQueries.ClaimsAmong(db.Query<CalendarClaim>(), [.. wanted.Select(claim => claim.ClaimId).Distinct()])
                .ToListAsync(cancellationToken))
            .Select(claim => claim.Id)
            .ToHashSet(StringComparer.Ordinal);
        return [.. starts.Where(start => wanted.Any(claim => claim.Start == start && held.Contains(claim.ClaimId)))];
    }

    public static void Release(IDocumentSession db, SessionDocument session, Guid userId)
    {
        var sessionId = session.SessionId;
        db.DeleteWhere<CalendarClaim>(claim => claim.UserId == userId && claim.SessionId == sessionId);
    }

    public static void ReleaseAll(IDocumentSession db, SessionDocument session)
    {
        var sessionId = session.SessionId;
        db.DeleteWhere<CalendarClaim>(claim => claim.SessionId == sessionId);
    }
}
