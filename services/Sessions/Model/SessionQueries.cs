namespace SkillSwap.Sessions.Model;

/// <summary>
/// Every query Sessions runs, in one place so the MongoDB translation of each can be checked offline
/// (SkillSwap.Sessions.Tests renders them to MQL) as well as run on PostgreSQL.
/// </summary>
public static class SessionQueries
{
    /// <summary>The calendar quarter hours among <paramref name="claimIds"/> that some session already holds.</summary>
    public static IQueryable<Calendar.CalendarClaim> ClaimsAmong(IQueryable<Calendar.CalendarClaim> claims, IReadOnlyCollection<string> claimIds) =>
        claims.Where(claim => claimIds.Contains(claim.Id));

    public static IQueryable<SessionDocument> OfParticipant(IQueryable<SessionDocument> sessions, Guid userId) =>
        sessions.Where(session => session.ParticipantIds.Contains(userId));

    /// <summary>The one-to-one sessions a learner asked of a teacher since <paramref name="since"/>, whatever became of them.</summary>
    public static IQueryable<SessionDocument> RequestedOf(IQueryable<SessionDocument> sessions, Guid teacherId, Guid learnerId, DateTimeOffset since) =>
        sessions.Where(session => session.TeacherId == teacherId && session.Kind == SessionKind.OneToOne
            && session.ParticipantIds.Contains(learnerId) && session.CreatedAt >= since);

    /// <summary>A teacher's group sessions starting since <paramref name="since"/>: every one a seat taken since then can be in.</summary>
    public static IQueryable<SessionDocument> GroupsOfTeacherStartingSince(IQueryable<SessionDocument> sessions, Guid teacherId, DateTimeOffset since) =>
        sessions.Where(session => session.TeacherId == teacherId && session.Kind == SessionKind.Group && session.StartsAt >= since);

    /// <summary>One page of <see cref="OfParticipant"/>, filtered, by start then id (the tie-breaker), after a cursor.</summary>
    public static IQueryable<SessionDocument> Page(
        IQueryable<SessionDocument> sessions,
        Guid userId,
        SessionStatus? status,
        SessionRole? role,
        DateTimeOffset? from,
        (DateTimeOffset StartsAt, string Id)? after,
        int take)
    {
        var query = OfParticipant(sessions, userId);
        if (status is { } wanted)
        {
            query = query.Where(session => session.Status == wanted);
        }
        if (role == SessionRole.Teacher)
        {
            query = query.Where(session => session.TeacherId == userId);
        }
        else if (role == SessionRole.Learner)
        {
            query = query.Where(session => session.TeacherId != userId);
        }
        if (from is { } fromInstant)
        {
            query = query.Where(session => session.StartsAt >= fromInstant);
        }
        if (after is { } position)
        {
            var (afterStart, afterId) = position;
            query = query.Where(session => session.StartsAt > afterStart || (session.StartsAt == afterStart && string.Compare(session.Id, afterId) > 0));
        }
        return query.OrderBy(session => session.StartsAt).ThenBy(session => session.Id).Take(take);
    }

    /// <summary>The user's sessions starting from <paramref name="from"/>, for the calendar feed.</summary>
    public static IQueryable<SessionDocument> Calendar(IQueryable<SessionDocument> sessions, Guid userId, DateTimeOffset from, int take) =>
        OfParticipant(sessions, userId).Where(session => session.StartsAt >= from).OrderBy(session => session.StartsAt).Take(take);

    /// <summary>What the session clock must look at now, most overdue first.</summary>
    public static IQueryable<SessionDocument> Due(IQueryable<SessionDocument> sessions, DateTimeOffset now, int take) =>
        sessions.Where(session => session.DueAt != null && session.DueAt <= now).OrderBy(session => session.DueAt).Take(take);

    public static IQueryable<SessionDocument> OpenGroups(IQueryable<SessionDocument> sessions, DateTimeOffset now, Guid? teacherId, int take)
    {
        var query = sessions.Where(session => session.Kind == SessionKind.Group && session.Status == SessionStatus.Confirmed && session.StartsAt > now);
        if (teacherId is { } teacher)
        {
            query = query.Where(session => session.TeacherId == teacher);
        }
        return query.OrderBy(session => session.StartsAt).Take(take);
    }
}
