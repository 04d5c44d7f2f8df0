using SkillSwap.DocumentStore;
using SkillSwap.Sessions.Participants;

namespace SkillSwap.Sessions.Model;

/// <summary>
/// A session as one participant sees it: instants in UTC and the same instants on the reader's clock
/// (<see cref="TimeZone"/>), and each participant's local start, so both sides read their own wall-clock time
/// whatever daylight-saving change lies between now and then.
/// </summary>
public sealed record SessionResponse(
    string Id,
    string Kind,
    string Status,
    string YourRole,
    string SkillLabel,
    int DurationMinutes,
    string Format,
    string? Location,
    string? Message,
    int Capacity,
    string TimeZone,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    DateTimeOffset StartsAtLocal,
    IReadOnlyList<ProposedSlot> ProposedSlots,
    string? AwaitingResponseFrom,
    IReadOnlyList<ParticipantView> Participants,
    bool LateCancellation,
    string? DisputeReason,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public sealed record ProposedSlot(DateTimeOffset StartsAt, DateTimeOffset StartsAtLocal);

public sealed record ParticipantView(string UserId, string Role, string? DisplayName, string TimeZone, DateTimeOffset StartsAtLocal, string? SeatStatus);

public static class SessionViews
{
    /// <param name="known">
    /// People already read, by id, and where the ones read now are kept: a page of sessions reads each person once, and
    /// a request does not read again the teacher and learner it has just checked.
    /// </param>
    public static async Task<SessionResponse> ToResponseAsync(
        this IDocumentSession db, SessionDocument session, Guid readerId, CancellationToken cancellationToken,
        IDictionary<Guid, ParticipantDocument>? known = null)
    {
        known ??= new Dictionary<Guid, ParticipantDocument>();
        async Task<ParticipantDocument> PersonAsync(Guid userId) =>
            known.TryGetValue(userId, out var cached) ? cached : known[userId] = await db.ParticipantAsync(userId, cancellationToken);

        var participants = new List<ParticipantView>();
        var people = new List<(Guid UserId, SessionRole Role, string? SeatStatus)> { (session.TeacherId, SessionRole.Teacher, null) };
        // A learner sees the teacher and themselves; the teacher (and a moderator, the only non-participant who reads a
        // session) sees every learner of the session.
        var seesEveryone = session.RoleOf(readerId) is not SessionRole.Learner;
        people.AddRange(session.Seats
            .Where(seat => seesEveryone || seat.LearnerId == readerId)
            .Select(seat => (seat.LearnerId, SessionRole.Learner, (string?)WireNames.Of(seat.Status))));
        foreach (var (userId, role, seatStatus) in people)
        {
            var participant = await PersonAsync(userId);
            var zone = participant.Zone();
            participants.Add(new ParticipantView(
                userId.ToString(), WireNames.Of(role), participant.DisplayName, zone.Id, TimeZoneInfo.ConvertTime(session.StartsAt, zone), seatStatus));
        }
        var readerZone = (await PersonAsync(readerId)).Zone();
        return new SessionResponse(
            session.SessionId.ToString(),
            WireNames.Of(session.Kind),
            WireNames.Of(session.Status),
            session.RoleOf(readerId) is { } readerRole ? WireNames.Of(readerRole) : "moderator",
            session.SkillLabel,
            session.DurationMinutes,
            WireNames.Of(session.Format),
            session.Location,
            session.Message,
            session.Capacity,
            readerZone.Id,
            session.StartsAt,
            session.EndsAt,
            TimeZoneInfo.ConvertTime(session.StartsAt, readerZone),
            [.. session.ProposedStarts.Select(start => new ProposedSlot(start, TimeZoneInfo.ConvertTime(start, readerZone)))],
            session.AwaitingResponseFrom is { } awaited ? WireNames.Of(awaited) : null,
            participants,
            session.LateCancellation,
            session.Dispute?.Reason,
            session.Version,
            session.CreatedAt,
            session.UpdatedAt);
    }
}
